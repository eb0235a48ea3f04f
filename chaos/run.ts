/**
 * `npm run chaos` breaks the service on purpose and checks its promises: it starts real
 * processes (its own PostgreSQL cluster and redis-server on spare ports, which it restarts and
 * kills; never the machine's shared ones), the API and two workers as built for production, and
 * an SMTP server whose answers it sets. Each scenario prints what it expected and what it saw;
 * a table ends the run (also in chaos/results/latest.json); the exit code is 1 when a promise
 * broke. `npm run chaos -- race smtp` runs some scenarios; `--leaders N --raters N` sizes the
 * launches (default 20 × 10).
 */
import { JwtService } from '@nestjs/jwt';
import { Job, Queue } from 'bullmq';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { QUEUES, SHORT_JOB_WORKER } from '../src/modules/outbox/queue-names';
import { intFlag, parseArgs } from '../bench/lib/args';
import { progress, waitUntil } from '../bench/lib/progress';
import { answerSet, issueTokens, migrate, seedWorld, type World } from '../bench/lib/seed';
import { buildServices, removeBuild, ServiceProcess, waitForHealth } from '../bench/lib/service';
import { ChaosSmtp, freePort, OwnPostgres, OwnRedis } from './lib/infra';

export const SCENARIOS = [
  'worker-kill',
  'stalled-recovery',
  'redis-restart',
  'redis-crash',
  'postgres-restart',
  'smtp',
  'race',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface ChaosRow {
  scenario: string;
  expected: string;
  seen: string;
  ok: boolean;
  /** Figures for the report (seconds, counts). */
  figures: Record<string, number>;
}

export interface ChaosOptions {
  names: ScenarioName[];
  leaders: number;
  raters: number;
  /** Submits in the PostgreSQL scenario; links × submits each in the race. */
  submits: number;
  raceLinks: number;
  racePerLink: number;
}

const JWT_SECRET = `chaos-${randomBytes(24).toString('hex')}`;

/** The run's world: its own PostgreSQL, Redis and SMTP, and the service's processes. */
class Stack {
  pg = new OwnPostgres();
  redis = new OwnRedis();
  smtp = new ChaosSmtp();
  api: ServiceProcess | null = null;
  workers: ServiceProcess[] = [];
  port = 0;
  readonly database = 'c360_chaos';
  readonly prefix = `c360chaos-${randomBytes(3).toString('hex')}`;
  db!: Client;
  private workerCount = 0;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    progress('chaos: building the service, starting PostgreSQL, Redis and SMTP of its own');
    await Promise.all([buildServices(), this.pg.start(), this.redis.start(), this.smtp.start()]);
    await this.pg.createDatabase(this.database);
    await migrate(this.pg.url(this.database));
    this.db = new Client({ connectionString: this.pg.url(this.database) });
    await this.db.connect();
    this.db.on('error', () => undefined);
    this.port = await freePort();
    this.api = ServiceProcess.start('api', 'src/main.ts', this.env(), { args: ['--no-worker'] });
    this.startWorker();
    this.startWorker();
    await waitForHealth(this.baseUrl);
    await this.waitForWorkers(2);
    return this;
  }

  env(): Record<string, string> {
    return {
      NODE_ENV: 'development',
      PORT: String(this.port),
      DATABASE_URL: this.pg.url(this.database),
      DATABASE_POOL_SIZE: '10',
      REDIS_URL: this.redis.url,
      REDIS_PREFIX: this.prefix,
      SMTP_URL: this.smtp.url,
      SMTP_POOL_SIZE: '5',
      PUBLIC_URL: this.baseUrl,
      JWT_SECRET,
      LOG_LEVEL: 'fatal',
      MAIL_CONCURRENCY: '5',
      MAIL_ATTEMPTS: '3',
      MAIL_BACKOFF_MS: '300',
      OUTBOX_SWEEP_MS: '1000',
      RATER_TOKEN_RATE_LIMIT: '100000',
      SIGN_IN_CLIENT_RATE_LIMIT: '100000',
    };
  }

  startWorker(): ServiceProcess {
    const w = ServiceProcess.start(`worker${++this.workerCount}`, 'src/worker.ts', this.env());
    this.workers.push(w);
    return w;
  }

  queue(name: string): Queue {
    return new Queue(name, { prefix: this.prefix, connection: { url: this.redis.url } });
  }

  async waitForWorkers(count: number): Promise<void> {
    const q = this.queue(QUEUES.mail);
    try {
      await waitUntil(
        'workers on the mail queue',
        async () => (await q.getWorkersCount()) >= count,
        {
          timeoutMs: 120_000,
          intervalMs: 250,
        },
      );
    } finally {
      await q.close();
    }
  }

  async bearer(world: World): Promise<string> {
    const token = await new JwtService({ secret: JWT_SECRET }).signAsync(
      { sub: world.adminId, org: world.organisationId },
      { expiresIn: 3600, algorithm: 'HS256' },
    );
    return `Bearer ${token}`;
  }

  async seed(name: string, leaders: number, raters: number): Promise<World> {
    return seedWorld(this.db, leaders, raters, `Chaos ${name} ${randomBytes(2).toString('hex')}`);
  }

  async post(path: string, world: World, body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: await this.bearer(world), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async stop(): Promise<void> {
    await ServiceProcess.stopAll();
    await this.db?.end().catch(() => undefined);
    await this.smtp.stop().catch(() => undefined);
    await this.redis.destroy();
    await this.pg.destroy();
  }
}

/** Deliveries of a cycle's invitations, as the database records them. */
async function deliveries(db: Client, cycleId: string) {
  const r = await db.query<{ status: string | null; n: number }>(
    `SELECT delivery_status AS status, count(*)::int AS n FROM nominations WHERE cycle_id = $1 GROUP BY 1`,
    [cycleId],
  );
  const by = Object.fromEntries(r.rows.map((row) => [row.status ?? 'none', row.n]));
  return { sent: by.sent ?? 0, failed: by.failed ?? 0, queued: by.queued ?? 0, none: by.none ?? 0 };
}

/** Distinct invitations of a cycle's raters that reached the SMTP server. */
function arrived(smtp: ChaosSmtp, emails: string[]): number {
  return emails.filter((e) => (smtp.delivered.get(e) ?? 0) > 0).length;
}

async function raterEmails(db: Client, cycleId: string): Promise<string[]> {
  return (
    await db.query<{ email: string }>(
      `SELECT lower(email) AS email FROM nominations WHERE cycle_id = $1`,
      [cycleId],
    )
  ).rows.map((r) => r.email);
}

/**
 * A launch that something breaks midway: opens a cycle, runs `breakIt` once `atFraction` of the
 * emails have arrived, and waits until every nomination's delivery is recorded. Lost: emails
 * that never arrived; sent twice: arrivals beyond one per email.
 */
async function launchUnder(
  stack: Stack,
  name: string,
  opts: ChaosOptions,
  breakIt: () => Promise<void>,
  atFraction = 0.25,
) {
  stack.smtp.reset();
  stack.smtp.delayMs = 20;
  const world = await stack.seed(name, opts.leaders, opts.raters);
  const res = await stack.post(`/api/v1/cycles/${world.cycleId}/open`, world);
  if (!res.ok) throw new Error(`open answered ${res.status}: ${await res.text()}`);
  const t0 = performance.now();
  const emails = await raterEmails(stack.db, world.cycleId);
  const expected = emails.length;
  await waitUntil(
    `${name}: ${Math.round(atFraction * 100)}% of the launch`,
    () => stack.smtp.received >= expected * atFraction,
    {
      timeoutMs: 300_000,
    },
  );
  const brokenAt = performance.now();
  await breakIt();
  await waitUntil(
    `${name}: every delivery recorded`,
    async () => {
      const d = await deliveries(stack.db, world.cycleId).catch(() => null);
      return d !== null && d.sent + d.failed >= expected;
    },
    { timeoutMs: 300_000, intervalMs: 250 },
  );
  const finished = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const d = await deliveries(stack.db, world.cycleId);
  const got = arrived(stack.smtp, emails);
  return {
    expected,
    lost: expected - got,
    failed: d.failed,
    sentTwice: stack.smtp.duplicates,
    finishSeconds: (finished - t0) / 1000,
    afterBreakSeconds: (finished - brokenAt) / 1000,
  };
}

async function workerKill(stack: Stack, opts: ChaosOptions): Promise<ChaosRow> {
  const mail = stack.queue(QUEUES.mail);
  let killedAt = 0;
  let heldJobs: string[] = [];
  let recovery = 0;
  const r = await launchUnder(stack, 'worker-kill', opts, async () => {
    const victim = stack.workers.find(
      (w) => w.child.exitCode === null && w.child.signalCode === null,
    )!;
    // The jobs the victim holds: every active job now, less those the other worker finishes.
    heldJobs = (await mail.getActive()).map((j) => j.id!).filter(Boolean);
    victim.child.kill('SIGKILL');
    killedAt = performance.now();
    progress(`worker-kill: killed ${victim.label} (kill -9) with ${heldJobs.length} jobs active`);
    stack.startWorker(); // as a supervisor would
  });
  // When was the last of the jobs active at the kill finished (picked up again after its lock lapsed)?
  const finishedAt = await Promise.all(
    heldJobs.map(async (id) => (await Job.fromId(mail, id))?.finishedOn ?? 0),
  );
  const lastFinish = Math.max(0, ...finishedAt);
  const killedEpoch = Date.now() - (performance.now() - killedAt);
  recovery = lastFinish ? Math.max(0, (lastFinish - killedEpoch) / 1000) : 0;
  await mail.close();
  await stack.waitForWorkers(2);
  const ok = r.lost === 0 && r.failed === 0 && recovery < 20;
  return {
    scenario: 'worker-kill',
    expected: `lost 0 of ${r.expected}; jobs of the killed worker done < 20 s after the kill`,
    seen: `lost ${r.lost}, failed ${r.failed}, sent twice ${r.sentTwice}; killed worker's jobs done ${recovery.toFixed(1)} s after the kill; launch finished in ${r.finishSeconds.toFixed(1)} s`,
    ok,
    figures: {
      lost: r.lost,
      sentTwice: r.sentTwice,
      recoverySeconds: round(recovery),
      finishSeconds: round(r.finishSeconds),
    },
  };
}

async function redisBreak(stack: Stack, opts: ChaosOptions, crash: boolean): Promise<ChaosRow> {
  const name = crash ? 'redis-crash' : 'redis-restart';
  const r = await launchUnder(stack, name, opts, async () => {
    await stack.redis.stop(crash ? 'SIGKILL' : 'SIGTERM');
    progress(
      `${name}: Redis ${crash ? 'killed (SIGKILL)' : 'stopped (SIGTERM)'}; starting it again in 2 s`,
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await stack.redis.start();
  });
  await waitForHealth(stack.baseUrl);
  return {
    scenario: name,
    expected: `lost 0 of ${r.expected}, none failed`,
    seen: `lost ${r.lost}, failed ${r.failed}, sent twice ${r.sentTwice}; finished ${r.afterBreakSeconds.toFixed(1)} s after the break`,
    ok: r.lost === 0 && r.failed === 0,
    figures: { lost: r.lost, sentTwice: r.sentTwice, finishSeconds: round(r.finishSeconds) },
  };
}

/** Submits under a PostgreSQL restart: 5xx only while it is down, all 503; nothing lost. */
async function postgresRestart(stack: Stack, opts: ChaosOptions): Promise<ChaosRow> {
  const world = await stack.seed('postgres-restart', Math.ceil(opts.submits / 10), 10);
  const tokens = (await issueTokens(stack.db, world)).slice(0, opts.submits);
  const outcomes: { status: number; at: number }[] = [];
  const down = { from: Infinity, to: Infinity };
  const pending = [...tokens];
  const submitOne = async (token: string): Promise<number> => {
    try {
      const res = await fetch(`${stack.baseUrl}/api/v1/responses/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(answerSet(world)),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0; // a dropped connection
    }
  };
  const retryLater: string[] = [];
  const lanes = Array.from({ length: 8 }, async () => {
    for (let token = pending.shift(); token; token = pending.shift()) {
      const status = await submitOne(token);
      outcomes.push({ status, at: performance.now() });
      if (status !== 201) retryLater.push(token);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  const breaker = (async () => {
    await waitUntil('a third of the submits', () => outcomes.length >= opts.submits / 3, {
      timeoutMs: 300_000,
    });
    down.from = performance.now();
    await stack.pg.stop();
    progress('postgres-restart: PostgreSQL stopped (fast shutdown); starting it again in 3 s');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await stack.pg.startAgain();
    down.to = performance.now();
  })();
  await Promise.all([...lanes, breaker]);
  // The answers refused during the outage are sent again, as the rater's page asks.
  await waitForHealth(stack.baseUrl);
  const retried: number[] = [];
  for (const token of retryLater) retried.push(await submitOne(token));
  stack.db = new Client({ connectionString: stack.pg.url(stack.database) });
  await stack.db.connect();
  stack.db.on('error', () => undefined);
  const stored = (
    await stack.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM nominations WHERE cycle_id = $1 AND status = 'completed'`,
      [world.cycleId],
    )
  ).rows[0]!.n;
  // A grace of 5 s after the restart for the pools to reconnect.
  const bad5xx = outcomes.filter(
    (o) => o.status >= 500 && (o.status !== 503 || o.at < down.from || o.at > down.to + 5000),
  );
  const dropped = outcomes.filter((o) => o.status === 0).length;
  const n503 = outcomes.filter((o) => o.status === 503).length;
  const other = outcomes.filter(
    (o) => o.status !== 201 && o.status !== 503 && o.status !== 0,
  ).length;
  const retriedOk = retried.filter((s) => s === 201).length;
  const ok = bad5xx.length === 0 && dropped === 0 && other === 0 && stored === tokens.length;
  return {
    scenario: 'postgres-restart',
    expected: `${tokens.length} submits: 201, or 503 only while PostgreSQL is down; all ${tokens.length} stored after retrying the 503s`,
    seen: `${outcomes.filter((o) => o.status === 201).length} × 201, ${n503} × 503 (outside the outage: ${bad5xx.length}), ${dropped} dropped, ${other} other; retried ${retried.length} (${retriedOk} × 201); stored ${stored}`,
    ok,
    figures: { submits: tokens.length, n503, bad5xx: bad5xx.length, stored },
  };
}

/** SMTP: 451 then accept (retried), 550 (not retried), 451 forever then deliveries/retry. */
async function smtpScenarios(stack: Stack, opts: ChaosOptions): Promise<ChaosRow[]> {
  const rows: ChaosRow[] = [];
  const leaders = Math.max(2, Math.floor(opts.leaders / 4));
  const raters = Math.max(3, Math.floor(opts.raters / 2));
  const launch = async (mode: '451-then-accept' | '550' | '451') => {
    stack.smtp.reset();
    stack.smtp.mode = mode;
    const world = await stack.seed(`smtp ${mode}`, leaders, raters);
    const res = await stack.post(`/api/v1/cycles/${world.cycleId}/open`, world);
    if (!res.ok) throw new Error(`open answered ${res.status}`);
    const emails = await raterEmails(stack.db, world.cycleId);
    await waitUntil(
      `smtp ${mode}: every delivery recorded`,
      async () => {
        const d = await deliveries(stack.db, world.cycleId);
        return d.sent + d.failed >= emails.length;
      },
      { timeoutMs: 300_000, intervalMs: 250 },
    );
    return { world, emails, d: await deliveries(stack.db, world.cycleId) };
  };

  {
    const { emails, d } = await launch('451-then-accept');
    const twice = emails.filter((e) => stack.smtp.attempts.get(e) === 2).length;
    const got = arrived(stack.smtp, emails);
    rows.push({
      scenario: 'smtp-451-then-accept',
      expected: `all ${emails.length} sent, each after one 451 (2 attempts), none twice`,
      seen: `sent ${d.sent}, failed ${d.failed}, arrived ${got}, with 2 attempts ${twice}, sent twice ${stack.smtp.duplicates}`,
      ok:
        d.sent === emails.length &&
        got === emails.length &&
        twice === emails.length &&
        stack.smtp.duplicates === 0,
      figures: { emails: emails.length, sent: d.sent },
    });
  }
  {
    const { emails, d } = await launch('550');
    const once = emails.filter((e) => stack.smtp.attempts.get(e) === 1).length;
    rows.push({
      scenario: 'smtp-550',
      expected: `all ${emails.length} failed after 1 attempt (never retried)`,
      seen: `failed ${d.failed}, sent ${d.sent}, with exactly 1 attempt ${once}`,
      ok: d.failed === emails.length && once === emails.length,
      figures: { emails: emails.length, failed: d.failed },
    });
  }
  {
    const { world, emails, d } = await launch('451');
    const attempts = emails.map((e) => stack.smtp.attempts.get(e) ?? 0);
    stack.smtp.mode = 'accept';
    const res = await stack.post(`/api/v1/cycles/${world.cycleId}/deliveries/retry`, world);
    const queued = res.ok ? ((await res.json()) as { queued: number }).queued : -1;
    await waitUntil(
      'smtp 451: the retried deliveries',
      async () => {
        const now = await deliveries(stack.db, world.cycleId);
        return now.sent >= emails.length || arrived(stack.smtp, emails) >= emails.length;
      },
      { timeoutMs: 300_000, intervalMs: 250 },
    );
    await waitUntil(
      'smtp 451: every retried delivery recorded',
      async () => (await deliveries(stack.db, world.cycleId)).sent >= emails.length,
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    const after = await deliveries(stack.db, world.cycleId);
    rows.push({
      scenario: 'smtp-451-forever-then-retry',
      expected: `all ${emails.length} failed after 3 attempts; deliveries/retry queues ${emails.length}; then all sent once`,
      seen: `failed ${d.failed} (attempts ${Math.min(...attempts)}–${Math.max(...attempts)}); retry queued ${queued}; then sent ${after.sent}, arrived ${arrived(stack.smtp, emails)}, sent twice ${stack.smtp.duplicates}`,
      ok:
        d.failed === emails.length &&
        attempts.every((a) => a === 3) &&
        queued === emails.length &&
        after.sent === emails.length &&
        stack.smtp.duplicates === 0,
      figures: { emails: emails.length, queued, sent: after.sent },
    });
  }
  stack.smtp.reset();
  return rows;
}

/** 50 submits of one link at once, for 20 links: exactly one 201 a link, the rest 409. */
async function race(stack: Stack, opts: ChaosOptions): Promise<ChaosRow> {
  const world = await stack.seed('race', Math.ceil(opts.raceLinks / 10), 10);
  const tokens = (await issueTokens(stack.db, world)).slice(0, opts.raceLinks);
  const perLink = await Promise.all(
    tokens.map(async (token) => {
      const statuses = await Promise.all(
        Array.from({ length: opts.racePerLink }, async () => {
          try {
            const res = await fetch(`${stack.baseUrl}/api/v1/responses/${token}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(answerSet(world)),
            });
            await res.arrayBuffer();
            return res.status;
          } catch {
            return 0;
          }
        }),
      );
      return statuses;
    }),
  );
  const created = perLink.map((s) => s.filter((x) => x === 201).length);
  const conflicts = perLink.flat().filter((s) => s === 409).length;
  const others = perLink.flat().filter((s) => s !== 201 && s !== 409).length;
  const stored = (
    await stack.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM nominations WHERE cycle_id = $1 AND status = 'completed'`,
      [world.cycleId],
    )
  ).rows[0]!.n;
  const total = tokens.length * opts.racePerLink;
  return {
    scenario: 'race',
    expected: `${tokens.length} links × ${opts.racePerLink} submits at once: one 201 a link, ${total - tokens.length} × 409, ${tokens.length} stored`,
    seen: `201 per link: ${Math.min(...created)}–${Math.max(...created)}; ${conflicts} × 409; ${others} other; ${stored} stored`,
    ok:
      created.every((n) => n === 1) &&
      conflicts === total - tokens.length &&
      others === 0 &&
      stored === tokens.length,
    figures: { links: tokens.length, requests: total, conflicts, stored },
  };
}

/**
 * How long a job held by a worker killed with kill -9 waits before another worker runs it:
 * BullMQ's defaults (lock 30 s, stalled check 30 s) against the mail workers' settings. Plain
 * BullMQ workers in child processes, on the run's own Redis.
 */
async function stalledRecovery(stack: Stack): Promise<ChaosRow> {
  const measure = async (
    label: string,
    lock: { lockDuration: number; stalledInterval: number } | null,
  ) => {
    const name = `stalled-${label}-${randomBytes(2).toString('hex')}`;
    const queue = new Queue(name, { prefix: stack.prefix, connection: { url: stack.redis.url } });
    const args = [stack.redis.url, stack.prefix, name, JSON.stringify(lock ?? {})];
    const victim = fork(join(__dirname, 'lib', 'stalled-worker'), [...args, 'hold'], {
      stdio: 'ignore',
      execArgv: ['-r', 'ts-node/register/transpile-only'],
    });
    await queue.add('held', {}, { jobId: 'held' });
    await waitUntil(`${label}: the job taken`, async () => (await queue.getActiveCount()) === 1, {
      timeoutMs: 60_000,
    });
    victim.kill('SIGKILL');
    const killedAt = Date.now();
    const rescuer = fork(join(__dirname, 'lib', 'stalled-worker'), [...args, 'finish'], {
      stdio: 'ignore',
      execArgv: ['-r', 'ts-node/register/transpile-only'],
    });
    await waitUntil(
      `${label}: the job finished by another worker`,
      async () => (await queue.getCompletedCount()) === 1,
      { timeoutMs: 180_000, intervalMs: 200 },
    );
    const job = await Job.fromId(queue, 'held');
    const seconds = ((job?.processedOn ?? Date.now()) - killedAt) / 1000;
    rescuer.kill('SIGKILL');
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    return seconds;
  };
  progress('stalled-recovery: BullMQ defaults (lock 30 s, stalled check every 30 s)');
  const before = await measure('defaults', null);
  progress(
    `stalled-recovery: defaults took ${before.toFixed(1)} s; now the mail workers' settings`,
  );
  const after = await measure('mail', { ...SHORT_JOB_WORKER });
  return {
    scenario: 'stalled-recovery',
    expected: `a killed worker's job runs again < 20 s after kill -9 (BullMQ defaults: up to 60 s)`,
    seen: `defaults ${before.toFixed(1)} s; lock ${SHORT_JOB_WORKER.lockDuration / 1000} s, check every ${SHORT_JOB_WORKER.stalledInterval / 1000} s: ${after.toFixed(1)} s`,
    ok: after < 20,
    figures: { beforeSeconds: round(before), afterSeconds: round(after) },
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosRow[]> {
  const stack = new Stack();
  const rows: ChaosRow[] = [];
  const report = (row: ChaosRow) => {
    rows.push(row);
    progress(
      `${row.scenario}: ${row.ok ? 'ok' : 'BROKEN'}\n    expected: ${row.expected}\n    seen:     ${row.seen}`,
    );
  };
  try {
    await stack.start();
    const attempt = async (name: string, body: () => Promise<ChaosRow | ChaosRow[]>) => {
      progress(`scenario ${name}`);
      try {
        const out = await body();
        for (const row of Array.isArray(out) ? out : [out]) report(row);
      } catch (error) {
        report({
          scenario: name,
          expected: 'to run',
          seen: `threw: ${(error as Error).message}`,
          ok: false,
          figures: {},
        });
      }
    };
    const has = (n: ScenarioName) => opts.names.includes(n);
    if (has('race')) await attempt('race', () => race(stack, opts));
    if (has('smtp')) await attempt('smtp', () => smtpScenarios(stack, opts));
    if (has('worker-kill')) await attempt('worker-kill', () => workerKill(stack, opts));
    if (has('redis-restart')) await attempt('redis-restart', () => redisBreak(stack, opts, false));
    if (has('redis-crash')) await attempt('redis-crash', () => redisBreak(stack, opts, true));
    if (has('postgres-restart'))
      await attempt('postgres-restart', () => postgresRestart(stack, opts));
    if (has('stalled-recovery')) await attempt('stalled-recovery', () => stalledRecovery(stack));
  } finally {
    await stack.stop();
  }
  return rows;
}

export function formatChaosTable(rows: ChaosRow[]): string {
  const header = ['scenario', 'ok', 'expected', 'seen'];
  const cells = rows.map((r) => [r.scenario, r.ok ? 'yes' : 'NO', r.expected, r.seen]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const names = (args.names.length ? args.names : [...SCENARIOS]) as ScenarioName[];
  for (const n of names)
    if (!SCENARIOS.includes(n)) throw new Error(`unknown scenario ${n}: ${SCENARIOS.join(', ')}`);
  const rows = await runChaos({
    names,
    leaders: intFlag(args.flags, 'leaders', 20),
    raters: intFlag(args.flags, 'raters', 10),
    submits: intFlag(args.flags, 'submits', 300),
    raceLinks: 20,
    racePerLink: 50,
  });
  removeBuild();
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(rows, null, 2)}\n`);
  process.stdout.write(`${formatChaosTable(rows)}\n`);
  process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
