/** Run `fn` with stderr captured (not printed); returns its result and what was written. */
export async function captureStderr<T>(fn: () => Promise<T>): Promise<{ result: T; text: string }> {
  const original = process.stderr.write;
  let text = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write;
  try {
    const result = await fn();
    return { result, text };
  } finally {
    process.stderr.write = original;
  }
}
