/**
 * Preloaded into profiled service processes: Nest's shutdown hooks end by killing the process
 * with the same signal again, and a process that dies by signal writes no `--cpu-prof` profile.
 * Catch that second signal and exit normally instead (with a deadline, should hooks hang).
 */
let signals = 0;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (++signals > 1) process.exit(0);
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
