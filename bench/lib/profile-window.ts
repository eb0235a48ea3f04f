import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Marks a measured phase of a profiled run (`window-<phase>.json` beside the profiles), so that
 * the summary leaves out start-up (ts-node transpiling, Nest wiring) and other phases. Times are
 * CLOCK_MONOTONIC microseconds: the clock V8 stamps its profiles with on Linux, in any process.
 */
export function profileWindow(dir: string | undefined, phase: string): { end(): void } {
  const from = process.hrtime.bigint() / 1000n;
  return {
    end() {
      if (!dir) return;
      const to = process.hrtime.bigint() / 1000n;
      writeFileSync(
        join(dir, `window-${phase}.json`),
        JSON.stringify({ from: Number(from), to: Number(to) }),
      );
    },
  };
}
