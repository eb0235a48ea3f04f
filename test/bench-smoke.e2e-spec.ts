import { runBenchmarks } from '../bench/run';
import type { LaunchChecks } from '../bench/launch.bench';
import type { SubmitChecks } from '../bench/submit.bench';
import type { CloseChecks } from '../bench/close.bench';
import { BenchEnv } from '../bench/lib/bench-env';
import { silenceProgress } from '../bench/lib/progress';
import { removeBuild, ServiceProcess } from '../bench/lib/service';

/**
 * `npm run bench` at a few leaders, so the benchmark code cannot rot: every benchmark runs end to
 * end against the real services and its correctness counts hold. No timing is asserted.
 */
describe('the benchmarks, at a smoke size', () => {
  let checks: { launch: LaunchChecks; submit: SubmitChecks; close: CloseChecks };
  let names: string[];

  beforeAll(async () => {
    silenceProgress();
    const run = await runBenchmarks({
      names: ['launch', 'submit', 'close', 'report-read'],
      leaders: 3,
      raters: 3,
      readSeconds: 1,
      // Two, as on this machine: every email still goes out once with two workers taking jobs.
      workers: 2,
    });
    checks = run.checks as typeof checks;
    names = run.results.map((r) => r.name);
  }, 420_000); // it builds the project and starts processes: minutes on a busy machine

  afterAll(async () => {
    // Normally already done by each benchmark; here too should one of them have failed midway.
    await ServiceProcess.stopAll();
    await BenchEnv.destroyAll();
    removeBuild();
  });

  it('gives a table row for every figure', () => {
    expect(names).toEqual([
      'launch',
      'launch-worker-rss',
      'remind',
      'submit',
      'submit-p50',
      'submit-p99',
      'close',
      'close-unlink',
      'report-read',
      'report-read-p99',
    ]);
  });

  it('launch: delivers every invitation exactly once (by Message-ID)', () => {
    expect(checks.launch.expected).toBe(3 * (3 + 1));
    expect(checks.launch).toMatchObject({
      received: checks.launch.expected,
      distinct: checks.launch.expected,
      duplicates: 0,
      missing: 0,
    });
  });

  it('remind: then delivers a reminder to every rater exactly once', () => {
    expect(checks.launch.reminders).toEqual({
      expected: 3 * (3 + 1),
      received: 3 * (3 + 1),
      distinct: 3 * (3 + 1),
      duplicates: 0,
      missing: 0,
    });
  });

  it('submit: stores every response once and completes its nomination', () => {
    const { requests } = checks.submit;
    expect(requests).toBe(3 * 3);
    expect(checks.submit).toEqual({
      requests,
      created: requests,
      stored: requests,
      completed: requests,
    });
  });

  it('close: stores a report snapshot for every request', () => {
    expect(checks.close.requests).toBe(3);
    expect(checks.close.snapshots).toBe(checks.close.requests);
  });

  it('close: then writes every response again under a new id (the unlinking)', () => {
    expect(checks.close.responsesKept).toBe(0);
  });

  it('report-read: answers every read with 200', () => {
    expect(checks.close.reportReads).toBeGreaterThan(0);
    expect(checks.close.reportOk).toBe(checks.close.reportReads);
  });
});
