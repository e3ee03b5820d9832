// web.py's `web.datestr`: "3 minutes ago", "2 days ago", "June  3".

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function agohence(n: number, what: string): string {
  const abs = Math.abs(n);
  return `${abs} ${what}${abs === 1 ? '' : 's'} ${n < 0 ? 'from now' : 'ago'}`;
}

/**
 * A UTC time as web.py's `datestr` writes it, relative to `now`. Accepts a `Date` or the UTC text
 * SQLite gives back for a DATETIME column (`2026-11-27 02:40:16.123`). Empty for a missing value.
 */
export function datestr(then: Date | string | null | undefined, now: Date = new Date()): string {
  if (then === null || then === undefined || then === '') return '';
  const t = typeof then === 'string' ? new Date(`${then.replace(' ', 'T')}Z`) : then;
  if (Number.isNaN(t.getTime())) return String(then);
  const ms = now.getTime() - t.getTime();
  const seconds = Math.trunc(ms / 1000);
  const days = Math.trunc(seconds / 86400);
  if (days) {
    if (Math.abs(days) < 4) return agohence(days, 'day');
    // web.py pads a one-digit day with a space ("June  3"), so do we.
    const out = `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2, ' ')}`;
    return t.getUTCFullYear() !== now.getUTCFullYear() || days < 0 ? `${out}, ${t.getUTCFullYear()}` : out;
  }
  if (seconds) {
    if (Math.abs(seconds) > 3600) return agohence(Math.floor(seconds / 3600), 'hour');
    if (Math.abs(seconds) > 60) return agohence(Math.floor(seconds / 60), 'minute');
    return agohence(seconds, 'second');
  }
  // JavaScript times stop at milliseconds, where web.py goes on to microseconds.
  return agohence(ms, 'millisecond');
}
