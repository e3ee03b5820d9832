import type { SameSite } from '../request/cookies.js';

/** `web.config.session_parameters`: web.py's keys plus a few webts adds (marked). */
export interface SessionParameters {
  /** Name of the session cookie. web.py default. */
  cookie_name: string;
  /** Cookie Domain; null = this host only. */
  cookie_domain: string | null;
  /** Cookie Path; null = the application's home path + '/'. */
  cookie_path: string | null;
  /** Cookie SameSite: 'lax' by default in webts (web.py sends none). null to omit. */
  samesite: SameSite | null;
  /** Seconds a session may sit idle before it expires (checked on every load, not only by cleanup). */
  timeout: number;
  /** webts: seconds a session may live at most, however busy; 0 for no limit. */
  lifetime: number;
  /** true: an unknown or expired session id silently starts a new session; false: answer `expired_message`. */
  ignore_expiry: boolean;
  /** true: a session follows its user across IP addresses; false: an IP change expires it. */
  ignore_change_ip: boolean;
  /** Kept for ported code; webts ids come from crypto.randomBytes and need no secret. */
  secret_key: string;
  /** Body of the answer to an expired session when ignore_expiry is false. */
  expired_message: string;
  httponly: boolean;
  secure: boolean;
  /** webts: true restores web.py's habit of saving every session and sending its cookie on every response. */
  eager: boolean;
  /**
   * webts: seconds a request waits for earlier requests of the same session (in this process or, with a
   * shared store, in any process) before it is answered 503 with Retry-After.
   */
  lock_timeout: number;
  /**
   * webts: seconds a cross-process session lock lasts without renewal. The holder renews it while its request
   * runs, so this is only how long a holder that died (kill -9) keeps the session's next request waiting.
   */
  lock_lease: number;
}

declare module '../core/config.js' {
  interface Config {
    /** The settings every Session reads when it is created: web.py's keys, webts's defaults. */
    session_parameters: SessionParameters;
  }
}

/** The defaults, as web.py has them except where the comments above say otherwise. */
export function defaultParameters(): SessionParameters {
  return {
    cookie_name: 'webpy_session_id',
    cookie_domain: null,
    cookie_path: null,
    samesite: 'lax',
    timeout: 86400,
    lifetime: 7 * 86400,
    ignore_expiry: true,
    ignore_change_ip: true,
    secret_key: 'fLjUfxqXtfNoIldA0A0J',
    expired_message: 'Session expired',
    httponly: true,
    secure: false,
    eager: false,
    lock_timeout: 30,
    lock_lease: 5,
  };
}
