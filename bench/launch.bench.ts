import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import nodemailer from 'nodemailer';
import { loadConfig } from '../src/config/env.validation';
import {
  raterInvitationEmail,
  raterInvitationSample,
} from '../src/modules/mail/templates/rater-invitation.template';
import { QUEUES } from '../src/modules/outbox/queue-names';
import { BenchEnv } from './lib/bench-env';
import { profileWindow } from './lib/profile-window';
import { progress, waitUntil } from './lib/progress';
import { BenchResult, ratioOf, round } from './lib/results';
import { migrate, seedWorld, type World } from './lib/seed';
import { ServiceProcess, waitForHealth } from './lib/service';
import { SmtpSink } from './lib/smtp-sink';

export interface DeliveryChecks {
  expected: number;
  received: number;
  distinct: number;
  duplicates: number;
  missing: number;
}

/** The launch's invitations, then a reminder round to every rater (none has answered). */
export interface LaunchChecks extends DeliveryChecks {
  reminders: DeliveryChecks;
}

/**
 * The SMTP connections the baseline opens (SMTP_POOL_SIZE or its default). The workers share as
 * many between them (each SMTP_POOL_SIZE / workers), so both sides hold the sink's door as wide.
 */
const POOL_SIZE = loadConfig(process.env).smtpPoolSize;
/** No new message for this long: the rest are missing. */
const STALL_MS = 30_000;
/** Leaders of the small cycle each side sends first, unmeasured (JIT, pools, connections). */
const WARMUP_LEADERS = 50;

/**
 * Open a cycle of `leaders` × `raters` (+ a self invitation each) and time until the SMTP sink
 * holds every message. Baseline: pooled nodemailer sending as many pre-rendered messages. Each
 * side first sends a tenth as many (at most 50 leaders' worth) unmeasured, so that neither is
 * measured while cold.
 */
export async function launchBench(opts: {
  leaders: number;
  raters: number;
  /** Worker processes, as a deployment runs one per core. */
  workers: number;
  profileDir?: string;
}): Promise<{ results: BenchResult[]; checks: LaunchChecks }> {
  const expected = opts.leaders * (opts.raters + 1);
  const warmLeaders = Math.min(WARMUP_LEADERS, Math.floor(opts.leaders / 10));
  const warmEmails = warmLeaders * (opts.raters + 1);
  const sink = await new SmtpSink().start();
  const env = await new BenchEnv().create();
  let api: ServiceProcess | undefined;
  const workers: ServiceProcess[] = [];
  try {
    // The baseline runs before the service and again after it, and the two are averaged: this
    // machine's speed drifts by ±20% within a minute (other tenants), and one side measured
    // alone at a fast or slow moment would move the ratio more than any change of ours.
    progress(`launch: baseline, ${expected} pre-rendered messages through pooled nodemailer`);
    const before = await baselineSend(sink, expected, warmEmails);
    sink.reset();

    await migrate(env.databaseUrl);
    const db = await env.connect();
    const warmWorld = warmLeaders
      ? await seedWorld(db, warmLeaders, opts.raters, 'Bench Warm-up Trust')
      : null;
    const world = await seedWorld(db, opts.leaders, opts.raters);
    const serviceEnv = env.serviceEnv(sink.url, {
      SMTP_POOL_SIZE: String(Math.max(1, Math.round(POOL_SIZE / opts.workers))),
    });
    const profileDir = opts.profileDir && join(opts.profileDir, 'launch');
    api = ServiceProcess.start('api', 'src/main.ts', serviceEnv, {
      args: ['--no-worker'],
      profileDir,
    });
    for (let n = 1; n <= opts.workers; n++)
      workers.push(ServiceProcess.start(`worker${n}`, 'src/worker.ts', serviceEnv, { profileDir }));
    await waitForHealth(env.baseUrl);
    await env.waitForWorkers([QUEUES.mail], workers.length);
    const workerBaseRss = Math.max(...workers.map((w) => w.peakRssMb()));

    if (warmWorld) {
      progress(`launch: warming up with a cycle of ${warmLeaders} leaders (${warmEmails} emails)`);
      for (const action of ['open', 'remind'] as const) {
        sink.reset();
        await deliver(action, env, db, sink, warmWorld, warmEmails);
      }
    }

    progress(
      `launch: opening a cycle of ${opts.leaders} leaders × ${opts.raters} raters (${expected} emails)`,
    );
    const workerCpu = () => workers.reduce((sum, w) => sum + w.cpuSeconds(), 0);
    const measure = async (action: Action) => {
      sink.reset();
      const window = profileWindow(profileDir, action === 'open' ? 'launch' : 'remind');
      const cpu0 = { api: api!.cpuSeconds(), worker: workerCpu() };
      const seconds = await deliver(action, env, db, sink, world, expected);
      window.end();
      const cpu = {
        api: round(api!.cpuSeconds() - cpu0.api, 1),
        worker: workerCpu() - cpu0.worker,
      };
      const checks: DeliveryChecks = {
        expected,
        received: sink.received,
        distinct: sink.byMessageId.size,
        duplicates: sink.duplicates,
        missing: Math.max(0, expected - sink.byMessageId.size),
      };
      const figure = round(expected / seconds, 0);
      const rss = Math.max(...workers.map((w) => w.peakRssMb()));
      progress(
        `${action === 'open' ? 'launch' : 'remind'}: ${figure} emails/s, worker peak RSS ${rss} MB (idle ${workerBaseRss} MB); CPU: workers ${round(cpu.worker, 1)} s (${round((1000 * cpu.worker) / expected, 2)} ms an email), API ${cpu.api} s, in ${round(seconds, 1)} s`,
      );
      return { figure, checks, rss };
    };
    const launch = await measure('open');
    // Every rater is still pending: an admin's reminder goes to all of them, each with a new link.
    progress(`remind: a reminder round to the same ${expected} raters`);
    const remind = await measure('remind');
    await api.stop();
    await Promise.all(workers.map((w) => w.stop()));
    sink.reset();
    progress(`launch: the baseline again, after the service`);
    const after = await baselineSend(sink, expected, warmEmails);
    const baseline = round((before + after) / 2, 0);
    progress(
      `launch: baseline ${before} before and ${after} after: ${baseline} emails/s; launch ${launch.figure}, remind ${remind.figure}`,
    );
    const clean = (c: DeliveryChecks) => c.duplicates === 0 && c.missing === 0;
    const ratio = ratioOf(launch.figure, baseline, true);
    const remindRatio = ratioOf(remind.figure, baseline, true);
    return {
      checks: { ...launch.checks, reminders: remind.checks },
      results: [
        {
          name: 'launch',
          figure: launch.figure,
          unit: 'emails/s',
          baseline,
          ratio,
          goal: '≥ 0.7 × baseline, 0 dup, 0 missing',
          met: clean(launch.checks) && (ratio ?? 0) >= 0.7,
        },
        {
          name: 'launch-worker-rss',
          figure: launch.rss,
          unit: 'MB peak',
          baseline: null,
          ratio: null,
          goal: '< 300 MB',
          met: launch.rss < 300,
        },
        {
          name: 'remind',
          figure: remind.figure,
          unit: 'emails/s',
          baseline,
          ratio: remindRatio,
          goal: '≥ 0.7 × baseline, 0 dup, 0 missing',
          met: clean(remind.checks) && (remindRatio ?? 0) >= 0.7,
        },
      ],
    };
  } finally {
    await api?.stop();
    await Promise.all(workers.map((w) => w.stop()));
    await sink.stop();
    await env.destroy();
  }
}

type Action = 'open' | 'remind';

/** When a nomination's email of this kind is recorded as delivered (or as failed). */
const RECORDED: Record<Action, string> = {
  open: `delivery_status IN ('sent', 'failed')`,
  remind: `(last_reminder_round >= 1 OR delivery_status = 'failed')`,
};

/**
 * POST /cycles/:id/open (or …/remind), then wait until the sink holds every distinct message (or
 * nothing more came for STALL_MS: the rest are missing) and every delivery is recorded. Returns
 * the seconds from the request to the last message.
 */
async function deliver(
  action: Action,
  env: BenchEnv,
  db: Client,
  sink: SmtpSink,
  world: World,
  expected: number,
): Promise<number> {
  const authorization = await env.bearer(world.adminId, world.organisationId);
  const t0 = performance.now();
  const res = await fetch(`${env.baseUrl}/api/v1/cycles/${world.cycleId}/${action}`, {
    method: 'POST',
    headers: { authorization },
  });
  if (!res.ok) throw new Error(`${action} answered ${res.status}: ${await res.text()}`);
  progress(`${action}: answered in ${round((performance.now() - t0) / 1000, 2)} s`);
  let lastCount = 0;
  let lastChange = performance.now();
  await waitUntil(
    `every ${action === 'open' ? 'invitation' : 'reminder'} at the sink`,
    () => {
      if (sink.byMessageId.size !== lastCount) {
        lastCount = sink.byMessageId.size;
        lastChange = performance.now();
      }
      return lastCount >= expected || performance.now() - lastChange > STALL_MS;
    },
    {
      report: () =>
        `${sink.byMessageId.size}/${expected} received, ${round(sink.byMessageId.size / ((performance.now() - t0) / 1000), 0)}/s`,
    },
  );
  const seconds = (sink.lastAt - t0) / 1000;
  // Every delivery recorded (sent, or failed): only then can a late duplicate no longer be in
  // flight, so the duplicate count is final.
  await waitUntil(
    'every delivery recorded',
    async () => {
      const r = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM nominations WHERE cycle_id = $1 AND ${RECORDED[action]}`,
        [world.cycleId],
      );
      return r.rows[0]!.n >= expected;
    },
    { timeoutMs: STALL_MS },
  ).catch((error: unknown) => progress(`${action}: ${(error as Error).message}`));
  return seconds;
}

/** Pooled nodemailer straight to the sink: `warmup` messages unmeasured, then `count` timed. */
async function baselineSend(sink: SmtpSink, count: number, warmup: number): Promise<number> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: sink.port,
    pool: true,
    maxConnections: POOL_SIZE,
    maxMessages: Infinity,
  });
  // The very email the service sends, rendered once from the template's sample props.
  const mail = raterInvitationEmail(raterInvitationSample);
  const send = (n: number, tag: string) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        transport.sendMail({
          from: 'Collective 360 <no-reply@bench.test>',
          to: `rater${i}@bench.test`,
          messageId: `<baseline-${tag}-${i}@bench.test>`,
          ...mail,
        }),
      ),
    );
  await send(warmup, 'warm');
  const t0 = performance.now();
  await send(count, 'timed');
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  return round(count / seconds, 0);
}
