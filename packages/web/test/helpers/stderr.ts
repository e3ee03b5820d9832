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

/**
 * Stop node from printing process warnings (its own 'warning' listener writes them to stderr) until the
 * returned function is called. For tests that expect a warning: they listen for it and assert it.
 */
export function muteWarnings(): () => void {
  const printers = process.listeners('warning');
  for (const printer of printers) process.off('warning', printer);
  return () => {
    for (const printer of printers) process.on('warning', printer);
  };
}

/** A process warning as node emits it. */
export type Warning = Error & { code?: string };

/** The process warnings emitted while `fn` runs, and up to the next turn of the loop; none is printed. */
export async function warningsDuring(fn: () => void): Promise<Warning[]> {
  const seen: Warning[] = [];
  const listener = (w: Warning) => seen.push(w);
  const unmute = muteWarnings();
  process.on('warning', listener);
  try {
    fn();
    await new Promise((resolve) => setImmediate(resolve)); // emitWarning delivers on process.nextTick
  } finally {
    process.off('warning', listener);
    unmute();
  }
  return seen;
}

/**
 * `mock.timers.enable(options)`, with the ExperimentalWarning node gives for it (once a process) caught
 * instead of printed; any other warning fails the test.
 */
export async function enableMockTimers(
  timers: { enable(options: { apis: 'Date'[]; now: number }): void },
  options: { apis: 'Date'[]; now: number },
): Promise<void> {
  const warnings = await warningsDuring(() => timers.enable(options));
  for (const w of warnings) {
    if (w.name !== 'ExperimentalWarning' || !/MockTimers/.test(w.message))
      throw new Error(`unexpected warning while enabling mock timers: ${w.name}: ${w.message}`);
  }
}
