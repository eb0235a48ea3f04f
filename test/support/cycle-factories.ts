import { INestApplication } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { Cycle } from '../../src/modules/cycles/cycle.entity';
import { FeedbackRequest } from '../../src/modules/cycles/feedback-request.entity';
import { Framework } from '../../src/modules/frameworks/framework.entity';
import { Nomination } from '../../src/modules/nominations/nomination.entity';
import type { Person } from '../../src/modules/organisations/person.entity';
import { OutboxService } from '../../src/modules/outbox/outbox.service';
import { QUEUES } from '../../src/modules/outbox/queue-names';
import type { CapturedMail } from './smtp-capture';
import type { TestApp } from './test-app';
import { waitFor } from './wait-for';

const unique = () => randomBytes(4).toString('hex');

/** The rater link in an email: PUBLIC_URL/r/<43-character token>. */
export const RATER_LINK = /http:\/\/c360\.test\/r\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/;

export function raterToken(mail: CapturedMail): string {
  const match = RATER_LINK.exec(mail.text);
  if (!match?.[1]) throw new Error(`no rater link in: ${mail.text}`);
  return match[1];
}

export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Relays the outbox and waits until mail and cycle jobs are idle (reports jobs are another feature's). */
export async function settle(t: TestApp, timeoutMs = 30_000): Promise<void> {
  await t.app.get(OutboxService).relayPending();
  await waitFor(
    async () => {
      for (const name of [QUEUES.mail, QUEUES.cycles]) {
        const counts = await t.queue(name).getJobCounts('waiting', 'active', 'prioritized');
        if (Object.values(counts).some((n) => n > 0)) return false;
      }
      const pending = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE relayed_at IS NULL`,
      );
      return pending[0]?.n === 0;
    },
    { timeoutMs, what: 'mail and cycle jobs to settle' },
  );
}

/** Cycles, requests and nominations straight into PostgreSQL, with overrides. */
export class CycleFactories {
  private readonly dataSource: DataSource;

  constructor(app: INestApplication) {
    this.dataSource = app.get(DataSource);
  }

  async defaultFramework(): Promise<Framework> {
    return this.dataSource.getRepository(Framework).findOneOrFail({
      where: { organisationId: IsNull(), key: 'collective-leadership' },
      order: { version: 'DESC' },
    });
  }

  async cycle(organisationId: string, overrides: Partial<Cycle> = {}): Promise<Cycle> {
    const framework = await this.defaultFramework();
    return this.dataSource.getRepository(Cycle).save({
      organisationId,
      frameworkId: framework.id,
      name: `Cycle ${unique()}`,
      state: 'draft',
      closesAt: new Date(Date.now() + 30 * 24 * 3600 * 1000),
      anonymityThreshold: 3,
      managerDisclosed: false,
      reminderDaysBeforeClose: [7, 2],
      ...overrides,
    });
  }

  async request(
    cycle: Cycle,
    leader: Person,
    coach: Person | null = null,
  ): Promise<FeedbackRequest> {
    return this.dataSource.getRepository(FeedbackRequest).save({
      organisationId: cycle.organisationId,
      cycleId: cycle.id,
      leaderId: leader.id,
      coachId: coach?.id ?? null,
    });
  }

  async nomination(
    request: FeedbackRequest,
    overrides: Partial<Nomination> = {},
  ): Promise<Nomination> {
    const id = unique();
    return this.dataSource.getRepository(Nomination).save({
      organisationId: request.organisationId,
      cycleId: request.cycleId,
      feedbackRequestId: request.id,
      relationship: 'peer',
      raterName: `Rater ${id}`,
      email: `rater.${id}@example.nhs.uk`,
      ...overrides,
    });
  }

  /**
   * Many leaders with many raters each, set-based (for scale tests): people, requests and
   * nominations in three statements.
   */
  async bulkParticipants(cycle: Cycle, leaders: number, ratersEach: number): Promise<void> {
    const tag = unique();
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO people (organisation_id, email, name, roles)
         SELECT $1, 'leader.' || $2 || '.' || g || '@example.nhs.uk', 'Leader ' || g, '{leader}'
           FROM generate_series(1, $3::int) g`,
        [cycle.organisationId, tag, leaders],
      );
      await m.query(
        `INSERT INTO feedback_requests (organisation_id, cycle_id, leader_id)
         SELECT $1, $2, p.id FROM people p WHERE p.organisation_id = $1 AND p.email LIKE 'leader.' || $3 || '.%'`,
        [cycle.organisationId, cycle.id, tag],
      );
      await m.query(
        `INSERT INTO nominations (organisation_id, cycle_id, feedback_request_id, relationship, rater_name, email)
         SELECT $1, $2, fr.id, 'peer', 'Rater ' || r, 'rater.' || r || '.' || fr.id || '@example.nhs.uk'
           FROM feedback_requests fr CROSS JOIN generate_series(1, $3::int) r
          WHERE fr.cycle_id = $2`,
        [cycle.organisationId, cycle.id, ratersEach],
      );
    });
  }
}
