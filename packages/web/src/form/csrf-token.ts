import { CSRF_FIELD, type CsrfSession, csrf_token } from '../request/csrf.js';
import { Hidden } from './inputs.js';

/**
 * `<input type="hidden" name="csrf_token">` holding the current session's CSRF token, for a web.form
 * Form: `web.form.Form(web.form.CsrfToken(), web.form.Textbox('title'), …)`. The value is read when the
 * form is rendered, so one module-level Form serves every session; a submitted value never replaces it.
 */
export class CsrfToken extends Hidden {
  declare readonly session: CsrfSession | undefined;

  /** The session is `web.config._session` unless one is given. */
  constructor(session?: CsrfSession) {
    super(CSRF_FIELD);
    // Not enumerable: a form copy (`myform()`) shares the session instead of deep-copying it.
    Object.defineProperty(this, 'session', { value: session });
  }

  override copy(): this {
    const out = super.copy();
    Object.defineProperty(out, 'session', { value: this.session });
    return out;
  }

  override render(): string {
    this.value = csrf_token(this.session);
    return super.render();
  }

  /** The request's token is checked by web.csrf_check() (a 403), not as a form note. */
  override validate(_value: unknown): boolean {
    this.note = null;
    return true;
  }
}
