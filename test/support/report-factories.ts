import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Cycle } from '../../src/modules/cycles/cycle.entity';
import { FeedbackRequest } from '../../src/modules/cycles/feedback-request.entity';
import { Framework } from '../../src/modules/frameworks/framework.entity';
import { Nomination, ResponseStatus } from '../../src/modules/nominations/nomination.entity';
import { Organisation } from '../../src/modules/organisations/organisation.entity';
import { Person } from '../../src/modules/organisations/person.entity';
import type { Relationship } from '../../src/modules/reports/report.types';
import { Response } from '../../src/modules/responses/response.entity';
import { Factories } from './factories';

const unique = () => randomBytes(4).toString('hex');

/** Two behaviours, five statements, a 1–5 scale, two open questions. */
export const REPORT_FRAMEWORK = {
  scale: { min: 1, max: 5, labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'] },
  dimensions: [
    {
      key: 'empowering',
      title: 'Developing and empowering people',
      items: [
        { key: 'gives_authority', text: 'Gives people real authority over their work' },
        { key: 'coaches_others', text: 'Coaches others, growing their confidence' },
        { key: 'shares_credit', text: 'Gives credit to the people who did the work' },
      ],
    },
    {
      key: 'trust',
      title: 'Building trust and co-operation',
      items: [
        { key: 'keeps_promises', text: 'Keeps the promises they make' },
        { key: 'works_across', text: 'Works with teams beyond their own, "really"' },
      ],
    },
  ],
  questions: [
    { key: 'strengths', text: 'What does this person do well?' },
    { key: 'differently', text: 'What could they do differently?' },
  ],
};

export interface RaterSpec {
  relationship: Relationship;
  status?: ResponseStatus;
  /** Given when the rater answered (status completed). */
  answers?: Record<string, number | null>;
  comments?: Record<string, string>;
}

export interface ReportWorld {
  org: Organisation;
  admin: Person;
  leader: Person;
  coach: Person;
  /** Coaches another leader of the same cycle. */
  otherCoach: Person;
  otherLeader: Person;
  framework: Framework;
  cycle: Cycle;
  request: FeedbackRequest;
  otherRequest: FeedbackRequest;
}

/** Report-side records written straight to PostgreSQL: no cycle or rater routes needed. */
export class ReportFactories {
  constructor(
    private readonly dataSource: DataSource,
    private readonly factories: Factories,
  ) {}

  async framework(organisationId: string): Promise<Framework> {
    return this.dataSource.getRepository(Framework).save({
      organisationId,
      key: `report-framework-${unique()}`,
      version: 1,
      name: 'Report test framework',
      ...REPORT_FRAMEWORK,
    });
  }

  async cycle(
    organisationId: string,
    frameworkId: string,
    overrides: Partial<Cycle> = {},
  ): Promise<Cycle> {
    return this.dataSource.getRepository(Cycle).save({
      organisationId,
      frameworkId,
      name: `Cycle ${unique()}`,
      state: 'open',
      closesAt: new Date(Date.now() + 14 * 24 * 3600 * 1000),
      openedAt: new Date(),
      anonymityThreshold: 3,
      managerDisclosed: false,
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

  /** One nomination per rater, and a response for each who completed (unlinked, as ever). */
  async raters(request: FeedbackRequest, raters: RaterSpec[]): Promise<void> {
    await this.dataSource.getRepository(Nomination).insert(
      raters.map((rater) => {
        const id = unique();
        return {
          organisationId: request.organisationId,
          cycleId: request.cycleId,
          feedbackRequestId: request.id,
          relationship: rater.relationship,
          raterName: `Rater ${id}`,
          email: `rater.${id}@example.nhs.uk`,
          status: rater.status ?? (rater.answers ? 'completed' : 'pending'),
          deliveryStatus: 'sent' as const,
        };
      }),
    );
    const answered = raters.filter((rater) => rater.answers);
    if (answered.length === 0) return;
    await this.dataSource.getRepository(Response).insert(
      answered.map((rater) => ({
        feedbackRequestId: request.id,
        relationship: rater.relationship,
        answers: rater.answers ?? {},
        comments: rater.comments ?? {},
        submittedOn: '2026-03-02',
      })),
    );
  }

  /**
   * An organisation with an admin; a leader with a coach and another leader with another coach
   * in one open cycle (k = 3, manager not disclosed) of our framework. No raters yet.
   */
  async world(cycle: Partial<Cycle> = {}): Promise<ReportWorld> {
    const org = await this.factories.organisation();
    const admin = await this.factories.person(org.id, { roles: ['admin'], name: 'Ada Admin' });
    const leader = await this.factories.person(org.id, { roles: ['leader'], name: 'Priya Shah' });
    const coach = await this.factories.person(org.id, { roles: ['coach'], name: 'Sam Okafor' });
    const otherLeader = await this.factories.person(org.id, {
      roles: ['leader'],
      name: 'Lee Other',
    });
    const otherCoach = await this.factories.person(org.id, { roles: ['coach'], name: 'Cal Other' });
    const framework = await this.framework(org.id);
    const created = await this.cycle(org.id, framework.id, cycle);
    const request = await this.request(created, leader, coach);
    const otherRequest = await this.request(created, otherLeader, otherCoach);
    return {
      org,
      admin,
      leader,
      coach,
      otherCoach,
      otherLeader,
      framework,
      cycle: created,
      request,
      otherRequest,
    };
  }
}
