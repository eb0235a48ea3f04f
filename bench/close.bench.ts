import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { QUEUES } from '../src/modules/outbox/queue-names';
import { BenchEnv } from './lib/bench-env';
import { load } from './lib/http';
import { profileWindow } from './lib/profile-window';
import { progress, waitUntil } from './lib/progress';
import { BenchResult, ratioOf, round } from './lib/results';
import { migrate, seedResponses, seedWorld } from './lib/seed';
import { ServiceProcess, waitForHealth } from './lib/service';
import { waitForPort } from './submit.bench';

export interface CloseChecks {
  requests: number;
  snapshots: number;
  /** Responses still under the id they had before close (the unlinking gives each a new one). */
  responsesKept: number;
  reportReads: number;
  reportOk: number;
}

const CONNECTIONS = 50;
/** Reads before measuring, beyond one of every report: JIT, pools, caches as in steady state. */
const WARMUP_READS = 500;

/**
 * close: a cycle whose every nomination answered, from POST /close until reportsReady.
 * Floor: one SQL query computing every leader's per-item group means with GROUP BY (over a plain
 * copy of the answers: the service's are sealed, which SQL cannot read).
 * report-read: GET …/report for a random request over 50 connections (snapshots precomputed);
 * baseline: a bare route selecting the same snapshot row.
 */
export async function closeBench(opts: {
  leaders: number;
  raters: number;
  measureClose: boolean;
  measureRead: boolean;
  readSeconds: number;
  profileDir?: string;
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

    // The faster of two runs (the first may read from disk rather than memory).
    let floor = Infinity;
    for (let run = 0; run < 2; run++) {
      const f0 = performance.now();
      await db.query(
        `SELECT r.feedback_request_id, r.relationship, a.key, avg(a.value::text::numeric) AS mean, count(*) AS n
         FROM bench_plain_responses r
         JOIN feedback_requests fr ON fr.id = r.feedback_request_id
         CROSS JOIN LATERAL jsonb_each(r.answers) a
        WHERE fr.cycle_id = $1 AND jsonb_typeof(a.value) = 'number'
        GROUP BY 1, 2, 3`,
        [world.cycleId],
      );
      floor = Math.min(floor, round((performance.now() - f0) / 1000, 3));
    }

    const serviceEnv = env.serviceEnv('smtp://127.0.0.1:9', {});
    const profileDir = opts.profileDir && join(opts.profileDir, 'close');
    api = ServiceProcess.start('api', 'src/main.ts', serviceEnv, {
      args: ['--no-worker'],
      profileDir,
    });
    worker = ServiceProcess.start('worker', 'src/worker.ts', serviceEnv, { profileDir });
    await waitForHealth(env.baseUrl);
    await env.waitForWorkers([QUEUES.reports]);
    const authorization = await env.bearer(world.adminId, world.organisationId);

    await db.query(`CREATE TABLE bench_ids_before_close AS SELECT id FROM responses`);
    const closeWindow = profileWindow(profileDir, 'close');
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
    closeWindow.end();
    // The unlinking of responses runs after reportsReady (nobody waits on it): timed apart.
    await env.waitForIdle(QUEUES.reports);
    const unlinkSeconds = round((performance.now() - t0) / 1000 - seconds, 3);
    // Unlinked: every response was written again, under a new id.
    const kept = (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM responses WHERE id IN (SELECT id FROM bench_ids_before_close)`,
      )
    ).rows[0]!.n;
    const snapshots = (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM report_snapshots WHERE cycle_id = $1`,
        [world.cycleId],
      )
    ).rows[0]!.n;
    progress(
      `close: ${seconds} s until reportsReady (floor ${floor} s), ${snapshots} snapshots; then ${unlinkSeconds} s unlinking responses`,
    );
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
      results.push({
        name: 'close-unlink',
        figure: unlinkSeconds,
        unit: 's',
        baseline: seconds,
        ratio: ratioOf(unlinkSeconds, seconds, false),
        goal: 'measured (after reportsReady; baseline: the close); no response keeps its id',
        met: kept === 0,
      });
    }

    let reportReads = 0;
    let reportOk = 0;
    if (opts.measureRead) {
      await worker.stop();
      worker = undefined;
      const ids = world.requestIds;
      const pick = () => ids[Math.floor(Math.random() * ids.length)];
      // Warm-up: every report once (a released cycle's reports are read over and over, so the
      // steady state is a warm cache on the service's side and in PostgreSQL's), then at random.
      let warmed = 0;
      const warmPick = () => (warmed < ids.length ? ids[warmed++] : pick());
      progress(
        `report-read: ${opts.readSeconds} s of GET …/report over ${CONNECTIONS} connections`,
      );
      const read = async (
        path: (id: string | undefined) => string,
        headers?: Record<string, string>,
        windowDir?: string,
        service?: ServiceProcess,
      ) => {
        const common = { url: env.baseUrl, method: 'GET' as const, connections: CONNECTIONS };
        // Not measured: a few requests first, so neither side is measured while cold.
        warmed = 0;
        await load({
          ...common,
          amount: ids.length + WARMUP_READS,
          path: () => path(warmPick()),
          headers,
        });
        const window = profileWindow(windowDir, 'report-read');
        const cpu0 = service?.cpuSeconds() ?? 0;
        const result = await load({
          ...common,
          duration: opts.readSeconds,
          path: () => path(pick()),
          headers,
        });
        window.end();
        // CPU a read in the service process: steadier than throughput on a shared machine.
        const cpuMs = service ? round((1000 * (service.cpuSeconds() - cpu0)) / result.total, 3) : 0;
        return { ...result, cpuMs };
      };
      const run = await read(
        (id) => `/api/v1/feedback-requests/${id}/report`,
        { authorization },
        profileDir,
        api,
      );
      await api.stop();
      api = undefined;
      bare = ServiceProcess.start('bare', 'bench/baselines/bare-app.ts', serviceEnv);
      await waitForPort(env.baseUrl);
      const baseline = await read((id) => `/bare/reports/${id}`);
      reportReads = run.total;
      reportOk = run.statusCounts['200'] ?? 0;
      progress(
        `report-read: API CPU ${run.cpuMs} ms a read; ${run.requestsPerSecond} req/s p50 ${run.p50} p90 ${run.p90} p99 ${run.p99} max ${run.max} ms (bare SELECT ${baseline.requestsPerSecond} req/s p99 ${baseline.p99} ms)`,
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
      checks: {
        requests: world.requestIds.length,
        snapshots,
        responsesKept: kept,
        reportReads,
        reportOk,
      },
    };
  } finally {
    await bare?.stop();
    await worker?.stop();
    await api?.stop();
    await env.destroy();
  }
}
