const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** HTML-escape `& < > " '` (web.py `websafe`); null and undefined become ''. */
export function websafe(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string) : text;
}
