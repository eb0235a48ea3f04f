import { performance } from 'node:perf_hooks';
import { BenchEnv } from './lib/bench-env';
import { load } from './lib/http';
import { progress, waitUntil } from './lib/progress';
import { BenchResult, ratioOf, round } from './lib/results';
import { migrate, seedResponses, seedWorld } from './lib/seed';
import { ServiceProcess, waitForHealth } from './lib/service';
import { waitForPort } from './submit.bench';

export interface CloseChecks {
  requests: number;
  snapshots: number;
  reportReads: number;
  reportOk: number;
}

const CONNECTIONS = 50;

/**
 * close: a cycle whose every nomination answered, from POST /close until reportsReady.
 * Floor: one SQL query computing every leader's per-item group means with GROUP BY.
 * report-read: GET …/report for a random request over 50 connections (snapshots precomputed);
 * baseline: a bare route selecting the same snapshot row.
 */
export async function closeBench(opts: {
  leaders: number;
  raters: number;
  measureClose: boolean;
  measureRead: boolean;
  readSeconds: number;
}): Promise<{ results: BenchResult[]; checks: CloseChecks }> {
  const env = await new BenchEnv().create();
  let api: ServiceProcess | undefined;
  let worker: ServiceProcess | undefined;
  let bare: ServiceProcess | undefined;
  const results: BenchResult[] = [];
  try {
    await migrate(env.databaseUrl);
    const db = await env.connect();
    const world = await seedWorld(db, opts.leaders, opts.raters);
    const responses = await seedResponses(db, world);
    await db.query('ANALYZE');
    progress(
      `close: ${world.requestIds.length} leaders, ${responses} responses, ${responses * world.itemKeys.length} answers`,
    );

    const f0 = performance.now();
    await db.query(
      `SELECT r.feedback_request_id, r.relationship, a.key, avg(a.value::text::numeric) AS mean, count(*) AS n
         FROM responses r
         JOIN feedback_requests fr ON fr.id = r.feedback_request_id
         CROSS JOIN LATERAL jsonb_each(r.answers) a
        WHERE fr.cycle_id = $1 AND jsonb_typeof(a.value) = 'number'
        GROUP BY 1, 2, 3`,
      [world.cycleId],
    );
    const floor = round((performance.now() - f0) / 1000, 3);

    const serviceEnv = env.serviceEnv('smtp://127.0.0.1:9', {});
    api = ServiceProcess.start('api', 'src/main.ts', serviceEnv, ['--no-worker']);
    worker = ServiceProcess.start('worker', 'src/worker.ts', serviceEnv);
    await waitForHealth(env.baseUrl);
    const authorization = await env.bearer(world.adminId, world.organisationId);

    const t0 = performance.now();
    const res = await fetch(`${env.baseUrl}/api/v1/cycles/${world.cycleId}/close`, {
      method: 'POST',
      headers: { authorization },
    });
    if (res.status !== 200) throw new Error(`close answered ${res.status}: ${await res.text()}`);
    await waitUntil(
      'reportsReady',
      async () =>
        (
          await db.query<{ r: boolean }>(`SELECT reports_ready AS r FROM cycles WHERE id = $1`, [
            world.cycleId,
          ])
        ).rows[0]!.r,
      { intervalMs: 50, report: () => `${round((performance.now() - t0) / 1000, 1)} s` },
    );
    const seconds = round((performance.now() - t0) / 1000, 3);
    const snapshots = (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM report_snapshots WHERE cycle_id = $1`,
        [world.cycleId],
      )
    ).rows[0]!.n;
    progress(`close: ${seconds} s until reportsReady (floor ${floor} s), ${snapshots} snapshots`);
    if (opts.measureClose) {
      const ratio = ratioOf(seconds, floor, false);
      results.push({
        name: 'close',
        figure: seconds,
        unit: 's',
        baseline: floor,
        ratio,
        goal: '≤ 3 × floor',
        met: snapshots === world.requestIds.length && (ratio ?? Infinity) <= 3,
      });
    }

    let reportReads = 0;
    let reportOk = 0;
    if (opts.measureRead) {
      await worker.stop();
      worker = undefined;
      const pick = () => world.requestIds[Math.floor(Math.random() * world.requestIds.length)];
      progress(
        `report-read: ${opts.readSeconds} s of GET …/report over ${CONNECTIONS} connections`,
      );
      const run = await load({
        url: env.baseUrl,
        method: 'GET',
        connections: CONNECTIONS,
        duration: opts.readSeconds,
        headers: { authorization },
        path: () => `/api/v1/feedback-requests/${pick()}/report`,
      });
      await api.stop();
      api = undefined;
      bare = ServiceProcess.start('bare', 'bench/baselines/bare-app.ts', serviceEnv);
      await waitForPort(env.baseUrl);
      const baseline = await load({
        url: env.baseUrl,
        method: 'GET',
        connections: CONNECTIONS,
        duration: opts.readSeconds,
        path: () => `/bare/reports/${pick()}`,
      });
      reportReads = run.total;
      reportOk = run.statusCounts['200'] ?? 0;
      progress(
        `report-read: ${run.requestsPerSecond} req/s p99 ${run.p99} ms (bare SELECT ${baseline.requestsPerSecond} req/s p99 ${baseline.p99} ms)`,
      );
      results.push(
        {
          name: 'report-read',
          figure: run.requestsPerSecond,
          unit: 'req/s',
          baseline: baseline.requestsPerSecond,
          ratio: ratioOf(run.requestsPerSecond, baseline.requestsPerSecond, true),
          goal: 'all 200',
          met: reportOk === reportReads,
        },
        {
          name: 'report-read-p99',
          figure: run.p99,
          unit: 'ms',
          baseline: baseline.p99,
          ratio: ratioOf(run.p99, baseline.p99, false),
          goal: '< 50 ms',
          met: run.p99 < 50,
        },
      );
    }
    return {
      results,
      checks: { requests: world.requestIds.length, snapshots, reportReads, reportOk },
    };
  } finally {
    await bare?.stop();
    await worker?.stop();
    await api?.stop();
    await env.destroy();
  }
}
