import { INestApplicationContext, Logger } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/env.validation';
import { appConfig } from '../config/app.config';
import { SessionService } from '../modules/auth/session.service';
import { CycleLifecycleService } from '../modules/cycles/cycle-lifecycle.service';
import { CyclesService } from '../modules/cycles/cycles.service';
import { ParticipantsService } from '../modules/cycles/participants.service';
import { Framework } from '../modules/frameworks/framework.entity';
import { inContractOrder } from '../modules/reports/report-document';
import { renderReportPage } from '../modules/reports/report-page';
import { ReportSnapshot } from '../modules/reports/report-snapshot.entity';
import { ReportSnapshotsService } from '../modules/reports/report-snapshots.service';
import { UnlinkAtClose } from '../modules/reports/unlink-at-close';
import { AnswerKeys } from '../modules/responses/answer-keys';
import { CloseSteps } from '../modules/reports/close-steps';
import { CollectiveProfileBuilder } from '../modules/collective/collective-profile-builder';
import { BootstrapCommand } from './bootstrap.command';
import type { DemoArgs } from './parse-args';
import { signInPathFor } from '../pages/next-path';
import { seedDemoFeedback, seedDemoPeople } from './demo-seed';
import {
  DEMO_ADMIN,
  DEMO_LEADERS,
  DEMO_ORGANISATION,
  DemoLeader,
  earlierDemoLeaders,
  teamLeaders,
} from './demo-data';

export interface DemoResult {
  /** false: the demo organisation was already seeded; nothing was added, its links are given again. */
  created: boolean;
  organisationId: string;
  cycleId: string;
  /** The earlier round, for the collective profile's trend. */
  earlierCycleId: string;
  /** What to do with the links below in a browser. */
  signIn: string;
  adminEmail: string;
  /** Opens the collective profile (with the change since the earlier round) through sign-in. */
  collectiveProfile: string;
  accessToken: string;
  /** Each leader's report page, through sign-in. */
  reports: { requestId: string; leader: string; page: string }[];
  sampleReport: string;
}

const DEMO_CYCLE_PREFIX = 'Collective leadership 360 (demo, ';
const EARLIER_ROUND = 'earlier round, ';

/**
 * Seeds a demo organisation and one released cycle with synthetic answers for five leaders,
 * through the same services as the API (enrolment, close, snapshots, release); answers go
 * straight to the tables, since nobody is there to click the rater links. Run again, it finds
 * the demo cycles already there, adds nothing and gives the same links.
 */
export class DemoCommand {
  private readonly logger = new Logger(DemoCommand.name);

  constructor(private readonly app: INestApplicationContext) {}

  async run(args: DemoArgs): Promise<DemoResult> {
    const dataSource = this.app.get(DataSource);
    const config = this.app.get<AppConfig>(appConfig.KEY);
    const { organisationId, adminId, accessToken } = await new BootstrapCommand(
      dataSource,
      this.app.get(SessionService),
    ).run({ org: DEMO_ORGANISATION, adminEmail: DEMO_ADMIN.email, adminName: DEMO_ADMIN.name });

    const framework = await dataSource
      .getRepository(Framework)
      .findOneByOrFail({ id: await this.defaultFrameworkId(dataSource) });
    const existing = await this.existingDemo(dataSource, organisationId);
    const { cycleId, earlierCycleId, requestIds } =
      existing ?? (await this.seed(dataSource, organisationId, framework, adminId));
    if (existing) {
      this.logger.warn(
        `The demo organisation "${DEMO_ORGANISATION}" is already seeded: nothing was added. Its links follow; to start afresh, use a new database.`,
      );
    }

    const snapshot = await dataSource
      .getRepository(ReportSnapshot)
      .findOneByOrFail({ feedbackRequestId: requestIds[0]! });
    const page = renderReportPage(inContractOrder(snapshot.body), framework.scale, {
      takenAt: snapshot.createdAt,
      standalone: true,
    });
    const out = resolve(args.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, page);

    // The pages need a session: each link goes through sign-in and lands on its page after.
    const throughSignIn = (path: string) => `${config.publicUrl}${signInPathFor(path)}`;
    return {
      created: !existing,
      organisationId,
      cycleId,
      earlierCycleId,
      signIn: `Open a link below in a browser and sign in as ${DEMO_ADMIN.email}: the sign-in link is emailed${config.smtpUrl ? '' : ` (without SMTP_URL it is in ${config.outboxDir}: npm run outbox -- --to ${DEMO_ADMIN.email} --links)`}, and leads to the page.`,
      adminEmail: DEMO_ADMIN.email,
      collectiveProfile: throughSignIn(`/cycles/${cycleId}/collective?compareTo=${earlierCycleId}`),
      accessToken,
      reports: requestIds.slice(0, DEMO_LEADERS.length).map((id, i) => ({
        requestId: id,
        leader: DEMO_LEADERS[i]!.name,
        page: throughSignIn(`/requests/${id}/report`),
      })),
      sampleReport: args.out,
    };
  }

  /** Both demo rounds, seeded and released; the report leaders' requests in the demo's order. */
  private async seed(
    dataSource: DataSource,
    organisationId: string,
    framework: Framework,
    adminId: string,
  ): Promise<{ cycleId: string; earlierCycleId: string; requestIds: string[] }> {
    const { coachId, leaderIds, teamLeaderIds } = await dataSource.transaction((m) =>
      seedDemoPeople(m, organisationId),
    );
    const today = new Date().toISOString().slice(0, 10);
    const withIds = (specs: DemoLeader[], ids: string[]) =>
      specs.map((spec, i) => ({ id: ids[i]!, spec }));

    // A cycle a while ago first (closed and released), so that the profile has a trend to show.
    const earlier = await this.seedCycle(
      dataSource,
      organisationId,
      `${DEMO_CYCLE_PREFIX}${EARLIER_ROUND}${today})`,
      7,
      [...withIds(earlierDemoLeaders(), leaderIds), ...withIds(teamLeaders(true), teamLeaderIds)],
      coachId,
      framework,
      100,
    );
    const { cycle, requests } = await this.seedCycle(
      dataSource,
      organisationId,
      `${DEMO_CYCLE_PREFIX}${today})`,
      14,
      [...withIds(DEMO_LEADERS, leaderIds), ...withIds(teamLeaders(false), teamLeaderIds)],
      coachId,
      framework,
      0,
    );
    // The earlier round closed half a year before this one.
    await dataSource.query(
      `UPDATE cycles SET closes_at = $2::timestamptz - interval '182 days',
                         closed_at = $2::timestamptz - interval '182 days'
        WHERE id = $1`,
      [earlier.cycle.id, cycle.closesAt],
    );
    this.logger.log(
      { cycleId: cycle.id, earlierCycleId: earlier.cycle.id, adminId },
      'Demo cycles released',
    );
    return {
      cycleId: cycle.id,
      earlierCycleId: earlier.cycle.id,
      requestIds: requests.map((r) => r.id),
    };
  }

  /** The demo's two released rounds from an earlier run, or null when there are none yet. */
  private async existingDemo(
    dataSource: DataSource,
    organisationId: string,
  ): Promise<{ cycleId: string; earlierCycleId: string; requestIds: string[] } | null> {
    const cycles = await dataSource.query<{ id: string; name: string }[]>(
      `SELECT id, name FROM cycles
        WHERE organisation_id = $1 AND state = 'released' AND starts_with(name, $2)
        ORDER BY created_at DESC`,
      [organisationId, DEMO_CYCLE_PREFIX],
    );
    const latest = cycles.find((c) => !c.name.startsWith(`${DEMO_CYCLE_PREFIX}${EARLIER_ROUND}`));
    const earlier = cycles.find((c) => c.name.startsWith(`${DEMO_CYCLE_PREFIX}${EARLIER_ROUND}`));
    if (!latest || !earlier) return null;
    const rows = await dataSource.query<{ id: string; email: string }[]>(
      `SELECT fr.id, p.email FROM feedback_requests fr JOIN people p ON p.id = fr.leader_id
        WHERE fr.cycle_id = $1`,
      [latest.id],
    );
    const byEmail = new Map(rows.map((r) => [r.email, r.id]));
    const requestIds = DEMO_LEADERS.map((l) => byEmail.get(l.email.toLowerCase()));
    if (requestIds.some((id) => id === undefined)) return null;
    return { cycleId: latest.id, earlierCycleId: earlier.id, requestIds: requestIds as string[] };
  }

  /**
   * One cycle through the services: created, the leaders enrolled with the coach, their raters'
   * answers, closed, its snapshots and collective profile taken (as the worker's close job does:
   * the CLI runs no worker; one that is running skips them as done), released.
   */
  private async seedCycle(
    dataSource: DataSource,
    organisationId: string,
    name: string,
    closesInDays: number,
    leaders: { id: string; spec: DemoLeader }[],
    coachId: string,
    framework: Framework,
    seedOffset: number,
  ): Promise<{ cycle: { id: string; closesAt: Date }; requests: { id: string }[] }> {
    const cycle = await this.app.get(CyclesService).create(organisationId, {
      name,
      frameworkId: framework.id,
      closesAt: new Date(Date.now() + closesInDays * 24 * 3600 * 1000).toISOString(),
      reminderDaysBeforeClose: [],
    });
    const enrolled = await this.app.get(ParticipantsService).enrol(organisationId, cycle.id, {
      // The coach coaches the five report leaders, not the team leaders.
      leaders: leaders.map(({ id }, i) => ({
        personId: id,
        ...(i < DEMO_LEADERS.length ? { coachId } : {}),
      })),
    });
    // In the order given, whatever order enrolment answers in.
    const requests = leaders.map(({ id }) => enrolled.find((r) => r.leaderId === id)!);
    await dataSource.transaction(async (m) => {
      await m.query(`UPDATE cycles SET state = 'open', opened_at = now() WHERE id = $1`, [
        cycle.id,
      ]);
      for (const [i, { spec }] of leaders.entries()) {
        await seedDemoFeedback(m, this.app.get(AnswerKeys), {
          organisationId,
          cycleId: cycle.id,
          requestId: requests[i]!.id,
          leader: spec,
          framework,
          seed: i + 1 + seedOffset,
        });
      }
    });
    const lifecycle = this.app.get(CycleLifecycleService);
    await lifecycle.close(organisationId, cycle.id);
    const closeSteps = new CloseSteps();
    new CollectiveProfileBuilder(dataSource, closeSteps).onModuleInit();
    new UnlinkAtClose(dataSource, closeSteps).onModuleInit();
    await new ReportSnapshotsService(
      dataSource,
      closeSteps,
      this.app.get(AnswerKeys),
    ).snapshotCycle(cycle.id);
    await lifecycle.release(organisationId, cycle.id);
    return { cycle: { id: cycle.id, closesAt: new Date(cycle.closesAt) }, requests };
  }

  private async defaultFrameworkId(dataSource: DataSource): Promise<string> {
    const [row] = await dataSource.query<{ id: string }[]>(
      `SELECT id FROM frameworks WHERE organisation_id IS NULL AND key = 'collective-leadership'
        ORDER BY version DESC LIMIT 1`,
    );
    if (!row) throw new Error('The seeded framework collective-leadership is missing');
    return row.id;
  }
}
