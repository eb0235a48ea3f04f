import { join } from 'node:path';
import { BenchEnv } from './lib/bench-env';
import { load } from './lib/http';
import { profileWindow } from './lib/profile-window';
import { progress } from './lib/progress';
import { BenchResult, ratioOf, round } from './lib/results';
import { answerSet, issueTokens, migrate, seedWorld } from './lib/seed';
import { ServiceProcess, waitForHealth } from './lib/service';

export interface SubmitChecks {
  requests: number;
  created: number;
  stored: number;
  completed: number;
}

const CONNECTIONS = 50;
const WARMUP = 500;

/**
 * 50 connections submitting full answer sets, each request on a different valid token.
 * Baseline: a bare Nest route doing one parameterised INSERT of the same row, same load.
 */
export async function submitBench(opts: {
  leaders: number;
  raters: number;
  profileDir?: string;
}): Promise<{ results: BenchResult[]; checks: SubmitChecks }> {
  const env = await new BenchEnv().create();
  let api: ServiceProcess | undefined;
  let bare: ServiceProcess | undefined;
  try {
    await migrate(env.databaseUrl);
    const db = await env.connect();
    const world = await seedWorld(db, opts.leaders, opts.raters);
    const tokens = await issueTokens(db, world);
    // A few requests first on each side, so neither is measured while cold (JIT, pools).
    const warm = tokens.slice(0, Math.min(WARMUP, Math.floor(tokens.length / 10)));
    const measured = tokens.slice(warm.length);
    const body = JSON.stringify(answerSet(world));
    const serviceEnv = env.serviceEnv('smtp://127.0.0.1:9', {});
    const submit = (paths: string[]) =>
      load({
        url: env.baseUrl,
        method: 'POST',
        connections: CONNECTIONS,
        amount: paths.length,
        body,
        path: (i) => paths[i]!,
      });

    await db.query(`CREATE TABLE bench_bare_responses (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), token text NOT NULL,
      answers jsonb NOT NULL, comments jsonb NOT NULL, submitted_on date NOT NULL)`);
    // Before the service and again after it, averaged: the machine's speed drifts (launch.bench).
    const bareRun = async (when: string) => {
      bare = ServiceProcess.start('bare', 'bench/baselines/bare-app.ts', serviceEnv);
      await waitForPort(env.baseUrl);
      progress(
        `submit: baseline ${when}, ${measured.length} bare INSERTs over ${CONNECTIONS} connections`,
      );
      await db.query(`TRUNCATE bench_bare_responses`);
      if (warm.length) await submit(warm.map((t) => `/bare/responses/${t}`));
      const result = await submit(measured.map((t) => `/bare/responses/${t}`));
      await bare.stop();
      bare = undefined;
      return result;
    };
    const before = await bareRun('before');

    const profileDir = opts.profileDir && join(opts.profileDir, 'submit');
    api = ServiceProcess.start('api', 'src/main.ts', serviceEnv, {
      args: ['--no-worker'],
      profileDir,
    });
    await waitForHealth(env.baseUrl);
    progress(`submit: ${measured.length} submissions over ${CONNECTIONS} connections`);
    const warmRun = warm.length
      ? await submit(warm.map((t) => `/api/v1/responses/${t}`))
      : { total: 0, statusCounts: {} as Record<string, number> };
    const window = profileWindow(profileDir, 'submit');
    const cpu0 = api.cpuSeconds();
    const run = await submit(measured.map((t) => `/api/v1/responses/${t}`));
    window.end();
    const cpuMs = round((1000 * (api.cpuSeconds() - cpu0)) / run.total, 3);
    await api.stop();
    api = undefined;
    const after = await bareRun('after');
    const mean = (a: number, b: number) => round((a + b) / 2, 0);
    const baseline = {
      requestsPerSecond: mean(before.requestsPerSecond, after.requestsPerSecond),
      p50: mean(before.p50, after.p50),
      p99: mean(before.p99, after.p99),
    };
    progress(
      `submit: baseline ${before.requestsPerSecond} req/s before and ${after.requestsPerSecond} after (p99 ${before.p99} and ${after.p99} ms)`,
    );
    const stored = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM responses r JOIN feedback_requests fr ON fr.id = r.feedback_request_id WHERE fr.cycle_id = $1`,
      [world.cycleId],
    );
    const completed = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM nominations WHERE cycle_id = $1 AND status = 'completed'`,
      [world.cycleId],
    );
    const checks: SubmitChecks = {
      requests: warmRun.total + run.total,
      created: (warmRun.statusCounts['201'] ?? 0) + (run.statusCounts['201'] ?? 0),
      stored: stored.rows[0]!.n,
      completed: completed.rows[0]!.n,
    };
    progress(
      `submit: API CPU ${cpuMs} ms a submit; ${run.requestsPerSecond} req/s p50 ${run.p50} p90 ${run.p90} p99 ${run.p99} max ${run.max} ms (baseline ${baseline.requestsPerSecond} req/s, p99 ${baseline.p99} ms); statuses ${JSON.stringify(run.statusCounts)}`,
    );
    const ratio = ratioOf(run.requestsPerSecond, baseline.requestsPerSecond, true);
    const correct =
      checks.created === tokens.length &&
      checks.stored === tokens.length &&
      checks.completed === tokens.length;
    return {
      checks,
      results: [
        {
          name: 'submit',
          figure: run.requestsPerSecond,
          unit: 'req/s',
          baseline: baseline.requestsPerSecond,
          ratio,
          goal: '≥ 0.5 × baseline, each stored once',
          met: correct && (ratio ?? 0) >= 0.5,
        },
        {
          name: 'submit-p50',
          figure: run.p50,
          unit: 'ms',
          baseline: baseline.p50,
          ratio: ratioOf(run.p50, baseline.p50, false),
          goal: '–',
          met: true,
        },
        {
          name: 'submit-p99',
          figure: run.p99,
          unit: 'ms',
          baseline: baseline.p99,
          ratio: ratioOf(run.p99, baseline.p99, false),
          goal: '< 100 ms',
          met: run.p99 < 100,
        },
      ],
    };
  } finally {
    await bare?.stop();
    await api?.stop();
    await env.destroy();
  }
}

async function waitForPort(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fetch(`${baseUrl}/bare/reports/00000000-0000-0000-0000-000000000000`);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('bare app did not start');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export { waitForPort };
