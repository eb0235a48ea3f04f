import { runChaos, type ChaosRow } from '../chaos/run';
import { silenceProgress } from '../bench/lib/progress';
import { removeBuild, ServiceProcess } from '../bench/lib/service';

/**
 * `npm run chaos` at a small size, so that its scenarios cannot rot: each runs end to end
 * against real processes (its own PostgreSQL and Redis, restarted and killed) and its promise
 * holds. The stalled-job timing (a minute of waiting) is left to the full run. No timing is
 * asserted but the one the scenario itself promises.
 */
describe('the chaos scenarios, at a smoke size', () => {
  let rows: ChaosRow[];

  beforeAll(async () => {
    silenceProgress();
    rows = await runChaos({
      names: ['race', 'smtp', 'worker-kill', 'redis-crash', 'postgres-restart'],
      leaders: 4,
      raters: 4,
      submits: 40,
      raceLinks: 5,
      racePerLink: 10,
    });
  }, 600_000); // it builds the project and starts processes: minutes on a busy machine

  afterAll(async () => {
    await ServiceProcess.stopAll();
    removeBuild();
  });

  it('runs every scenario asked for', () => {
    expect(rows.map((r) => r.scenario)).toEqual([
      'race',
      'smtp-451-then-accept',
      'smtp-550',
      'smtp-451-forever-then-retry',
      'worker-kill',
      'redis-crash',
      'postgres-restart',
    ]);
  });

  it('keeps every promise (what each expected, and saw, is in the message)', () => {
    expect(
      rows.filter((r) => !r.ok).map((r) => `${r.scenario}: expected ${r.expected}; saw ${r.seen}`),
    ).toEqual([]);
  });

  it('loses nothing when a worker is killed, Redis crashes or PostgreSQL restarts', () => {
    const by = Object.fromEntries(rows.map((r) => [r.scenario, r.figures]));
    expect(by['worker-kill']?.lost).toBe(0);
    expect(by['redis-crash']?.lost).toBe(0);
    expect(by['postgres-restart']?.stored).toBe(by['postgres-restart']?.submits);
    expect(by['postgres-restart']?.bad5xx).toBe(0);
  });
});
