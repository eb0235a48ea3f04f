import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { newSecureToken } from '../../src/common/secure-token';
import { Cycle } from '../../src/modules/cycles/cycle.entity';
import { FeedbackRequest } from '../../src/modules/cycles/feedback-request.entity';
import { Framework } from '../../src/modules/frameworks/framework.entity';
import { Nomination } from '../../src/modules/nominations/nomination.entity';
import { Organisation } from '../../src/modules/organisations/organisation.entity';
import { Person } from '../../src/modules/organisations/person.entity';
import type { Relationship } from '../../src/modules/reports/report.types';
import { Factories } from './factories';

const unique = () => randomBytes(4).toString('hex');

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

export const ITEM_KEYS = TEST_FRAMEWORK.dimensions.flatMap((d) => d.items.map((i) => i.key));

/** Every item answered (the last one "not observed"). */
export function fullAnswers(): Record<string, number | null> {
  return Object.fromEntries(
    ITEM_KEYS.map((key, i) => [key, i === ITEM_KEYS.length - 1 ? null : (i % 5) + 1]),
  );
}

export interface RaterWorld {
  org: Organisation;
  leader: Person;
  framework: Framework;
  cycle: Cycle;
  request: FeedbackRequest;
  nomination: Nomination;
  /** The link's token; only its SHA-256 is stored, as the invitation worker does. */
  token: string;
}

/** Records for the rater's side, written straight to PostgreSQL (no cycle routes needed). */
export class ResponseFactories {
  constructor(
    private readonly dataSource: DataSource,
    private readonly factories: Factories,
  ) {}

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

  async feedbackRequest(cycle: Cycle, leader: Person): Promise<FeedbackRequest> {
    return this.dataSource.getRepository(FeedbackRequest).save({
      organisationId: cycle.organisationId,
      cycleId: cycle.id,
      leaderId: leader.id,
      coachId: null,
    });
  }

  async nomination(
    request: FeedbackRequest,
    overrides: Partial<Nomination> = {},
  ): Promise<{ nomination: Nomination; token: string }> {
    const { token, hash } = newSecureToken();
    const id = unique();
    const nomination = await this.dataSource.getRepository(Nomination).save({
      organisationId: request.organisationId,
      cycleId: request.cycleId,
      feedbackRequestId: request.id,
      relationship: 'peer',
      raterName: `Rater ${id}`,
      email: `rater.${id}@example.nhs.uk`,
      tokenHash: hash,
      status: 'pending',
      deliveryStatus: 'sent',
      ...overrides,
    });
    return { nomination, token };
  }

  /** An organisation, a leader, an open cycle on our framework and one invited rater. */
  async raterWorld(
    options: {
      relationship?: Relationship;
      cycle?: Partial<Cycle>;
      leaderName?: string;
      /** Use this framework (e.g. the seeded default) instead of a new one of our own. */
      frameworkId?: string;
    } = {},
  ): Promise<RaterWorld> {
    const org = await this.factories.organisation();
    const leader = await this.factories.person(org.id, {
      roles: ['leader'],
      name: options.leaderName ?? 'Priya Shah',
    });
    const framework = options.frameworkId
      ? await this.dataSource.getRepository(Framework).findOneByOrFail({ id: options.frameworkId })
      : await this.framework(org.id);
    const cycle = await this.cycle(org.id, framework.id, options.cycle);
    const request = await this.feedbackRequest(cycle, leader);
    const { nomination, token } = await this.nomination(request, {
      relationship: options.relationship ?? 'peer',
    });
    return { org, leader, framework, cycle, request, nomination, token };
  }
}
