import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { newSecureToken } from '../../src/common/secure-token';
import { SessionService } from '../../src/modules/auth/session.service';
import { Cycle } from '../../src/modules/cycles/cycle.entity';
import { FeedbackRequest } from '../../src/modules/cycles/feedback-request.entity';
import { Framework } from '../../src/modules/frameworks/framework.entity';
import { Nomination } from '../../src/modules/nominations/nomination.entity';
import { Organisation } from '../../src/modules/organisations/organisation.entity';
import { Person } from '../../src/modules/organisations/person.entity';
import { Unit } from '../../src/modules/organisations/unit.entity';
import { AnswerKeys } from '../../src/modules/responses/answer-keys';
import { Response } from '../../src/modules/responses/response.entity';

const unique = () => randomBytes(4).toString('hex');
const DAY = 24 * 3600 * 1000;

/** A small framework of our own: two behaviours, five items, a 1–5 scale, two open questions. */
export const TEST_FRAMEWORK = {
  scale: { min: 1, max: 5, labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'] },
  dimensions: [
    {
      key: 'empowering',
      title: 'Developing and empowering people',
      items: [
        {
          key: 'gives_authority',
          text: 'Gives people real authority to make decisions about their work',
        },
        { key: 'coaches_others', text: 'Coaches others to grow their confidence and skills' },
        { key: 'shares_credit', text: 'Gives credit to the people who did the work' },
      ],
    },
    {
      key: 'trust',
      title: 'Building trust and co-operation',
      items: [
        { key: 'keeps_promises', text: 'Keeps the promises they make' },
        {
          key: 'works_across_boundaries',
          text: 'Works with teams beyond their own to improve care',
        },
      ],
    },
  ],
  questions: [
    { key: 'helps_most', text: 'What does this person do that most helps people lead together?' },
    { key: 'do_differently', text: 'What is one thing they could do differently?' },
  ],
};

/** One factory per entity, with overrides; records go straight to PostgreSQL. */
export class Factories {
  private readonly dataSource: DataSource;

  constructor(private readonly app: INestApplication) {
    this.dataSource = app.get(DataSource);
  }

  async organisation(overrides: Partial<Organisation> = {}): Promise<Organisation> {
    return this.dataSource
      .getRepository(Organisation)
      .save({ name: `Trust ${unique()}`, ...overrides });
  }

  async unit(organisationId: string, overrides: Partial<Unit> = {}): Promise<Unit> {
    return this.dataSource
      .getRepository(Unit)
      .save({ organisationId, name: `Unit ${unique()}`, parentId: null, ...overrides });
  }

  async person(organisationId: string, overrides: Partial<Person> = {}): Promise<Person> {
    const id = unique();
    return this.dataSource.getRepository(Person).save({
      organisationId,
      email: `person.${id}@example.nhs.uk`,
      name: `Person ${id}`,
      roles: [],
      unitId: null,
      managerId: null,
      ...overrides,
    });
  }

  async tokenFor(person: Person): Promise<string> {
    return (await this.app.get(SessionService).issue(person)).accessToken;
  }

  /** An organisation with an admin, and the admin's bearer header. */
  async adminWorld(): Promise<{
    org: Organisation;
    admin: Person;
    auth: { Authorization: string };
  }> {
    const org = await this.organisation();
    const admin = await this.person(org.id, { roles: ['admin'], name: 'Ada Admin' });
    return { org, admin, auth: { Authorization: `Bearer ${await this.tokenFor(admin)}` } };
  }

  /** The seeded collective-leadership framework (latest version), which every organisation sees. */
  async defaultFramework(): Promise<Framework> {
    return this.dataSource.getRepository(Framework).findOneOrFail({
      where: { organisationId: IsNull(), key: 'collective-leadership' },
      order: { version: 'DESC' },
    });
  }

  /** A framework of the organisation's own (null: a shared one), TEST_FRAMEWORK unless overridden. */
  async framework(
    organisationId: string | null,
    overrides: Partial<Framework> = {},
  ): Promise<Framework> {
    return this.dataSource.getRepository(Framework).save({
      organisationId,
      key: `test-framework-${unique()}`,
      version: 1,
      name: 'Test framework',
      ...TEST_FRAMEWORK,
      ...overrides,
    });
  }

  /** A draft cycle closing in 30 days, on the seeded framework unless `frameworkId` is given. */
  async cycle(organisationId: string, overrides: Partial<Cycle> = {}): Promise<Cycle> {
    return this.dataSource.getRepository(Cycle).save({
      organisationId,
      frameworkId: overrides.frameworkId ?? (await this.defaultFramework()).id,
      name: `Cycle ${unique()}`,
      state: 'draft',
      closesAt: new Date(Date.now() + 30 * DAY),
      anonymityThreshold: 3,
      managerDisclosed: false,
      reminderDaysBeforeClose: [7, 2],
      ...overrides,
    });
  }

  /** The leader's request in a cycle, without a coach unless `coachId` is given. */
  async feedbackRequest(
    cycle: Cycle,
    leader: Person,
    overrides: Partial<FeedbackRequest> = {},
  ): Promise<FeedbackRequest> {
    return this.dataSource.getRepository(FeedbackRequest).save({
      organisationId: cycle.organisationId,
      cycleId: cycle.id,
      leaderId: leader.id,
      coachId: null,
      ...overrides,
    });
  }

  /** A peer nominated on the request, pending and not yet invited (no link token). */
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
      status: 'pending',
      deliveryStatus: null,
      ...overrides,
    });
  }

  /**
   * A nomination whose invitation has gone out: it holds the SHA-256 of a fresh link token, as
   * the invitation worker stores it, and the raw token is returned for the rater's routes.
   */
  async invitedNomination(
    request: FeedbackRequest,
    overrides: Partial<Nomination> = {},
  ): Promise<{ nomination: Nomination; token: string }> {
    const { token, hash } = newSecureToken();
    const nomination = await this.nomination(request, {
      tokenHash: hash,
      deliveryStatus: 'sent',
      ...overrides,
    });
    return { nomination, token };
  }

  /**
   * A submitted response to the request (unlinked to any nomination, as ever), its answers and
   * comments sealed with the cycle's data key as the submit seals them.
   */
  async response(
    request: FeedbackRequest,
    overrides: Partial<Omit<Response, 'answers' | 'comments'>> & {
      answers?: Record<string, number | null>;
      comments?: Record<string, string>;
    } = {},
  ): Promise<Response> {
    const keys = this.app.get(AnswerKeys);
    const { answers = {}, comments = {}, ...rest } = overrides;
    return this.dataSource.getRepository(Response).save({
      feedbackRequestId: request.id,
      relationship: 'peer',
      submittedOn: '2026-03-02',
      ...rest,
      answers: await keys.sealValue(request.cycleId, answers),
      comments: await keys.sealValue(request.cycleId, comments),
    });
  }
}
