import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import { html } from '../src/common/html';
import { renderEmail } from '../src/modules/mail/templates/email-layout';
import { BenchEnv } from './lib/bench-env';
import { progress, waitUntil } from './lib/progress';
import { BenchResult, ratioOf, round } from './lib/results';
import { migrate, seedWorld } from './lib/seed';
import { ServiceProcess, waitForHealth } from './lib/service';
import { SmtpSink } from './lib/smtp-sink';

export interface LaunchChecks {
  expected: number;
  received: number;
  distinct: number;
  duplicates: number;
  missing: number;
}

const POOL_SIZE = 5; // the service's SMTP_POOL_SIZE default: the baseline uses the same

/**
 * Open a cycle of `leaders` × `raters` (+ a self invitation each) and time until the SMTP sink
 * holds every message. Baseline: pooled nodemailer sending as many pre-rendered messages.
 */
export async function launchBench(opts: {
  leaders: number;
  raters: number;
}): Promise<{ results: BenchResult[]; checks: LaunchChecks }> {
  const expected = opts.leaders * (opts.raters + 1);
  const sink = await new SmtpSink().start();
  const env = await new BenchEnv().create();
  let api: ServiceProcess | undefined;
  let worker: ServiceProcess | undefined;
  try {
    progress(`launch: baseline, ${expected} pre-rendered messages through pooled nodemailer`);
    const baseline = await baselineSend(sink, expected);
    sink.reset();

    await migrate(env.databaseUrl);
    const db = await env.connect();
    const world = await seedWorld(db, opts.leaders, opts.raters);
    const serviceEnv = env.serviceEnv(sink.url, { SMTP_POOL_SIZE: String(POOL_SIZE) });
    api = ServiceProcess.start('api', 'src/main.ts', serviceEnv, ['--no-worker']);
    worker = ServiceProcess.start('worker', 'src/worker.ts', serviceEnv);
    await waitForHealth(env.baseUrl);
    const workerBaseRss = worker.peakRssMb();

    progress(
      `launch: opening a cycle of ${opts.leaders} leaders × ${opts.raters} raters (${expected} emails)`,
    );
    const t0 = performance.now();
    const res = await fetch(`${env.baseUrl}/api/v1/cycles/${world.cycleId}/open`, {
      method: 'POST',
      headers: { authorization: await env.bearer(world.adminId, world.organisationId) },
    });
    if (res.status !== 200) throw new Error(`open answered ${res.status}: ${await res.text()}`);
    await waitUntil('every invitation at the sink', () => sink.received >= expected, {
      report: () => `${sink.received}/${expected} received`,
    });
    const seconds = (sink.lastAt - t0) / 1000;
    // Every delivery recorded as sent: only then can a late duplicate no longer be in flight.
    await waitUntil('every delivery recorded', async () => {
      const r = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM nominations WHERE cycle_id = $1 AND delivery_status = 'sent'`,
        [world.cycleId],
      );
      return r.rows[0]!.n >= expected;
    });
    const rss = worker.peakRssMb();
    const figure = round(expected / seconds, 0);
    const checks: LaunchChecks = {
      expected,
      received: sink.received,
      distinct: sink.byMessageId.size,
      duplicates: sink.duplicates,
      missing: Math.max(0, expected - sink.byMessageId.size),
    };
    progress(
      `launch: ${figure} emails/s (baseline ${baseline}), worker peak RSS ${rss} MB (idle ${workerBaseRss} MB)`,
    );
    const ratio = ratioOf(figure, baseline, true);
    const clean = checks.duplicates === 0 && checks.missing === 0;
    return {
      checks,
      results: [
        {
          name: 'launch',
          figure,
          unit: 'emails/s',
          baseline,
          ratio,
          goal: '≥ 0.7 × baseline, 0 dup, 0 missing',
          met: clean && (ratio ?? 0) >= 0.7,
        },
        {
          name: 'launch-worker-rss',
          figure: rss,
          unit: 'MB peak',
          baseline: null,
          ratio: null,
          goal: '< 300 MB',
          met: rss < 300,
        },
      ],
    };
  } finally {
    await api?.stop();
    await worker?.stop();
    await sink.stop();
    await env.destroy();
  }
}

async function baselineSend(sink: SmtpSink, count: number): Promise<number> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: sink.port,
    pool: true,
    maxConnections: POOL_SIZE,
    maxMessages: Infinity,
  });
  const mail = renderEmail({
    subject: 'Priya Shah would value your feedback',
    preheader: 'Five minutes of your time helps a colleague lead well.',
    paragraphs: [
      html`Hello Sam,`,
      html`Priya Shah has asked for your feedback on how they lead with others. It takes about ten
      minutes; the questionnaire is open until Friday 12 December.`,
      html`Collective leadership means everyone taking responsibility for the success of the whole
      organisation, and honest feedback helps leaders grow it.`,
    ],
    action: {
      label: 'Give feedback',
      url: 'http://localhost:3000/r/0123456789012345678901234567890123456789abc',
    },
    footnotes: [
      html`Your answers are combined with others; a group of fewer than 3 people is never shown.`,
    ],
    text: 'Hello Sam,\n\nPriya Shah has asked for your feedback...\n\nhttp://localhost:3000/r/0123456789012345678901234567890123456789abc\n',
  });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      transport.sendMail({
        from: 'Collective 360 <no-reply@bench.test>',
        to: `rater${i}@bench.test`,
        messageId: `<baseline-${i}@bench>`,
        ...mail,
      }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  return round(count / seconds, 0);
}
