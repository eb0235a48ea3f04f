let quiet = false;

/** No progress lines from here on (the smoke test asserts on results, not on what it prints). */
export function silenceProgress(): void {
  quiet = true;
}

/** Progress lines on stderr, so the table on stdout stays clean. */
export function progress(message: string): void {
  if (quiet) return;
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  {
    timeoutMs = 600_000,
    intervalMs = 100,
    report,
  }: { timeoutMs?: number; intervalMs?: number; report?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${report ? ` (${report()})` : ''}`);
    if (report && Date.now() - lastReport > 5000) {
      progress(`${what}: ${report()}`);
      lastReport = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
