/** Lets the process exit while `stream` (a driver's net or TLS socket) is still open, if it is one. */
export function unrefSocket(stream: unknown): void {
  (stream as { unref?: () => void } | undefined)?.unref?.();
}
