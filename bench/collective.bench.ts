import type { Client } from 'pg';
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

export interface CollectiveChecks {
  leaders: number;
  units: number;
  profileRows: number;
  reads: number;
  readsOk: number;
}

const CONNECTIONS = 50;
const WARMUP_READS = 500;

/**
 * A tree of 50 units three levels deep (5 directorates × 3 departments × 2 teams), leaders spread
 * over it round robin (every tenth without a unit). Returns the unit ids.
 */
async function seedUnitTree(db: Client, organisationId: string): Promise<string[]> {
  const units: string[] = [];
  const add = async (name: string, parentId: string | null) => {
    const row = await db.query<{ id: string }>(
      `INSERT INTO units (organisation_id, name, parent_id) VALUES ($1, $2, $3) RETURNING id`,
      [organisationId, name, parentId],
    );
    units.push(row.rows[0]!.id);
    return row.rows[0]!.id;
  };
  for (let d = 1; d <= 5; d++) {
    const directorate = await add(`Directorate ${d}`, null);
    for (let p = 1; p <= 3; p++) {
      const department = await add(`Department ${d}.${p}`, directorate);
      for (let t = 1; t <= 2; t++) await add(`Team ${d}.${p}.${t}`, department);
    }
  }
  await db.query(
    `UPDATE people p SET unit_id = CASE WHEN s.n % 10 = 0 THEN NULL
                                        ELSE ($2::uuid[])[(s.n % cardinality($2::uuid[])) + 1] END
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM people
              WHERE organisation_id = $1 AND 'leader' = ANY(roles)) s
      WHERE p.id = s.id`,
    [organisationId, units],
  );
  return units;
}

/**
 * collective: the close of a cycle of `leaders` leaders over a 50-unit tree, and what the
 * collective profile adds to it (from the last snapshot stored to the profile stored); then
 * GET …/collective-profile (JSON, as an admin) over 50 connections against the report-read row's
 * baseline, a bare route selecting one snapshot row.
 */
export async function collectiveBench(opts: {
  leaders: number;
  raters: number;
  readSeconds: number;
  profileDir?: string;
}): Promise<{ results: BenchResult[]; checks: CollectiveChecks }> {
  const env = await new BenchEnv().create();
  let api: ServiceProcess | undefined;
  let worker: ServiceProcess | undefined;
  let bare: ServiceProcess | undefined;
  const results: BenchResult[] = [];
  try {
    await migrate(env.databaseUrl);
    const db = await env.connect();
    const world = await seedWorld(db, opts.leaders, opts.raters);
    const units = await seedUnitTree(db, world.organisationId);
    await seedResponses(db, world);
    await db.query('ANALYZE');
    progress(`collective: ${world.requestIds.length} leaders over ${units.length} units`);

    const serviceEnv = env.serviceEnv('smtp://127.0.0.1:9', {});
    const profileDir = opts.profileDir && join(opts.profileDir, 'collective');
    api = ServiceProcess.start('api', 'src/main.ts', serviceEnv, {
      args: ['--no-worker'],
      profileDir,
    });
    worker = ServiceProcess.start('worker', 'src/worker.ts', serviceEnv);
    await waitForHealth(env.baseUrl);
    await env.waitForWorkers([QUEUES.reports]);
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
    const closeSeconds = round((performance.now() - t0) / 1000, 3);
    // What the profile adds: from the last snapshot written to the profile written.
    const timing = (
      await db.query<{ ms: number; rows: number }>(
        `SELECT extract(epoch FROM p.created_at - (SELECT max(created_at) FROM report_snapshots
                                                     WHERE cycle_id = p.cycle_id)) * 1000 AS ms,
                jsonb_array_length(p.body->'rows') AS rows
           FROM collective_profiles p WHERE p.cycle_id = $1`,
        [world.cycleId],
      )
    ).rows[0];
    if (!timing) throw new Error('reportsReady without a collective profile');
    const profileMs = round(Number(timing.ms), 1);
    progress(
      `collective: close ${closeSeconds} s until reportsReady, of which the profile ${profileMs} ms (${timing.rows} rows)`,
    );
    results.push({
      name: 'collective-close',
      figure: profileMs,
      unit: 'ms',
      baseline: round(closeSeconds * 1000, 0),
      ratio: ratioOf(profileMs, closeSeconds * 1000, false),
      goal: 'measured (baseline: the whole close)',
      met: timing.rows === units.length + 1,
    });

    await worker.stop();
    worker = undefined;
    const common = { url: env.baseUrl, method: 'GET' as const, connections: CONNECTIONS };
    const profilePath = `/api/v1/cycles/${world.cycleId}/collective-profile`;
    await load({
      ...common,
      amount: WARMUP_READS,
      path: () => profilePath,
      headers: { authorization },
    });
    progress(
      `collective: ${opts.readSeconds} s of GET …/collective-profile over ${CONNECTIONS} connections`,
    );
    const readWindow = profileWindow(profileDir, 'collective-read');
    const run = await load({
      ...common,
      duration: opts.readSeconds,
      path: () => profilePath,
      headers: { authorization },
    });
    readWindow.end();
    await api.stop();
    api = undefined;

    // The report-read row's baseline, measured here the same way: a bare SELECT of a snapshot.
    bare = ServiceProcess.start('bare', 'bench/baselines/bare-app.ts', serviceEnv);
    await waitForPort(env.baseUrl);
    const ids = world.requestIds;
    const pick = () => ids[Math.floor(Math.random() * ids.length)];
    await load({
      ...common,
      amount: ids.length + WARMUP_READS,
      path: () => `/bare/reports/${pick()}`,
    });
    const baseline = await load({
      ...common,
      duration: opts.readSeconds,
      path: () => `/bare/reports/${pick()}`,
    });
    const ok = run.statusCounts['200'] ?? 0;
    progress(
      `collective-read: ${run.requestsPerSecond} req/s p50 ${run.p50} p99 ${run.p99} ms (bare SELECT ${baseline.requestsPerSecond} req/s p99 ${baseline.p99} ms)`,
    );
    const ratio = ratioOf(run.requestsPerSecond, baseline.requestsPerSecond, true);
    results.push(
      {
        name: 'collective-read',
        figure: run.requestsPerSecond,
        unit: 'req/s',
        baseline: baseline.requestsPerSecond,
        ratio,
        goal: '≥ 0.8 × bare SELECT, all 200',
        met: ok === run.total && (ratio ?? 0) >= 0.8,
      },
      {
        name: 'collective-read-p99',
        figure: run.p99,
        unit: 'ms',
        baseline: baseline.p99,
        ratio: ratioOf(run.p99, baseline.p99, false),
        goal: '< 50 ms',
        met: run.p99 < 50,
      },
    );
    return {
      results,
      checks: {
        leaders: ids.length,
        units: units.length,
        profileRows: timing.rows,
        reads: run.total,
        readsOk: ok,
      },
    };
  } finally {
    await bare?.stop();
    await worker?.stop();
    await api?.stop();
    await env.destroy();
  }
}
