import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { hashToken, looksLikeToken } from '../../common/secure-token';
import { queryPrepared } from '../../database/prepared-query';
import type { CycleState } from '../cycles/cycle.entity';
import { Framework } from '../frameworks/framework.entity';
import { Nomination, ResponseStatus } from '../nominations/nomination.entity';
import type { FrameworkShape, Relationship } from '../reports/report.types';
import type { AnswerSet } from './answer-validation';
import { RaterRateLimiter, RateLimitedError } from './rater-rate-limiter';
import { ResponseDraft } from './response-draft.entity';
import { submittedOn } from './submitted-on';

/** Everything a rater's link leads to, found from the token's hash. */
export interface RaterContext {
  nominationId: string;
  cycleId: string;
  feedbackRequestId: string;
  relationship: Relationship;
  status: ResponseStatus;
  leaderName: string;
  cycle: { name: string; closesAt: Date; anonymityThreshold: number; managerDisclosed: boolean };
  framework: FrameworkShape;
}

interface ContextRow {
  nominationId: string;
  cycleId: string;
  feedbackRequestId: string;
  relationship: Relationship;
  status: ResponseStatus;
  leaderName: string;
  cycleName: string;
  cycleState: CycleState;
  closesAt: Date;
  anonymityThreshold: number;
  managerDisclosed: boolean;
  frameworkId: string;
}

/** Frameworks a cycle uses never change, so the few in use are kept in memory. */
const FRAMEWORK_CACHE_SIZE = 100;

/**
 * The rater's side of a cycle: the link's token is the only credential. Submit and decline flip
 * the nomination with a conditional update in the same transaction that stores the response,
 * so a link answers once however many requests race.
 */
@Injectable()
export class ResponsesService {
  private readonly frameworks = new Map<string, FrameworkShape>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly limiter: RaterRateLimiter,
  ) {}

  /** 404 for a token that leads nowhere, 429 past the per-link limit, 410 when the cycle is not open. */
  async resolve(token: string, now = new Date()): Promise<RaterContext> {
    if (!looksLikeToken(token)) throw linkNotValid();
    const tokenHash = hashToken(token);
    const decision = await this.limiter.hit(tokenHash);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);

    const rows = await queryPrepared<ContextRow>(
      this.dataSource,
      'rater-context',
      `SELECT n.id AS "nominationId", n.cycle_id AS "cycleId", n.feedback_request_id AS "feedbackRequestId",
              n.relationship, n.status, p.name AS "leaderName",
              c.name AS "cycleName", c.state AS "cycleState", c.closes_at AS "closesAt",
              c.anonymity_threshold AS "anonymityThreshold", c.manager_disclosed AS "managerDisclosed",
              c.framework_id AS "frameworkId"
         FROM nominations n
         JOIN cycles c ON c.id = n.cycle_id
         JOIN feedback_requests fr ON fr.id = n.feedback_request_id
         JOIN people p ON p.id = fr.leader_id
        WHERE n.token_hash = $1`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) throw linkNotValid();
    assertOpen(row.cycleState, row.closesAt, now);

    return {
      nominationId: row.nominationId,
      cycleId: row.cycleId,
      feedbackRequestId: row.feedbackRequestId,
      relationship: row.relationship,
      status: row.status,
      leaderName: row.leaderName,
      cycle: {
        name: row.cycleName,
        closesAt: row.closesAt,
        anonymityThreshold: row.anonymityThreshold,
        managerDisclosed: row.managerDisclosed,
      },
      framework: await this.framework(row.frameworkId),
    };
  }

  /** 409 once the link has been used to answer or decline. */
  assertPending(ctx: RaterContext): void {
    if (ctx.status !== 'pending') throw alreadyDone(ctx.status);
  }

  async loadDraft(ctx: RaterContext): Promise<AnswerSet | null> {
    const draft = await this.dataSource.getRepository(ResponseDraft).findOne({
      where: { nominationId: ctx.nominationId },
    });
    return draft ? { answers: draft.answers, comments: draft.comments } : null;
  }

  /** Saves (replaces) the draft while the nomination is still pending. */
  async saveDraft(ctx: RaterContext, draft: AnswerSet): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // The row lock orders this against a concurrent submit, which deletes the draft.
      const rows: { status: ResponseStatus }[] = await manager.query(
        `SELECT status FROM nominations WHERE id = $1 FOR SHARE`,
        [ctx.nominationId],
      );
      const status = rows[0]?.status;
      if (status !== 'pending') throw status ? alreadyDone(status) : linkNotValid();
      await manager.query(
        `INSERT INTO response_drafts (nomination_id, answers, comments, updated_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (nomination_id)
         DO UPDATE SET answers = EXCLUDED.answers, comments = EXCLUDED.comments, updated_at = now()`,
        [ctx.nominationId, JSON.stringify(draft.answers), JSON.stringify(draft.comments)],
      );
    });
  }

  /**
   * One statement, so one transaction and one round trip: the cycle is still open (a shared
   * lock, so a concurrent close waits for this to commit and its snapshot includes it), the
   * nomination flips pending → completed, the response is stored with nothing that leads back
   * to it (only if the flip happened), and the draft goes.
   */
  async submit(ctx: RaterContext, answers: AnswerSet, now = new Date()): Promise<void> {
    const [row] = await queryPrepared<{
      state: CycleState | null;
      closesAt: Date | null;
      stored: number;
    }>(
      this.dataSource,
      'submit-response',
      `WITH cycle AS (
         SELECT state, closes_at FROM cycles WHERE id = $1 FOR SHARE
       ), flipped AS (
         UPDATE nominations SET status = 'completed'
          WHERE id = $2 AND status = 'pending'
            AND EXISTS (SELECT 1 FROM cycle WHERE state = 'open' AND closes_at > $3::timestamptz)
         RETURNING id
       ), stored AS (
         INSERT INTO responses (feedback_request_id, relationship, answers, comments, submitted_on)
         SELECT $4::uuid, $5::text, $6::jsonb, $7::jsonb, $8::date FROM flipped
         RETURNING 1
       ), draft AS (
         DELETE FROM response_drafts WHERE nomination_id IN (SELECT id FROM flipped)
       )
       SELECT (SELECT state FROM cycle) AS state, (SELECT closes_at FROM cycle) AS "closesAt",
              (SELECT count(*) FROM stored)::int AS stored`,
      [
        ctx.cycleId,
        ctx.nominationId,
        now,
        ctx.feedbackRequestId,
        ctx.relationship,
        JSON.stringify(answers.answers),
        JSON.stringify(answers.comments),
        submittedOn(now),
      ],
    );
    if (row?.stored === 1) return;
    if (!row?.state || !row.closesAt) throw linkNotValid();
    assertOpen(row.state, row.closesAt, now);
    // Open, yet nothing flipped: another request answered or declined first.
    await this.throwWhyNotPending(this.dataSource.manager, ctx.nominationId);
  }

  /** The reason, if any, is not stored: it could be tied to the rater and says nothing we use. */
  async decline(ctx: RaterContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockOpenCycle(manager, ctx.cycleId);
      await this.flip(manager, ctx.nominationId, 'declined');
      await manager.delete(ResponseDraft, { nominationId: ctx.nominationId });
    });
  }

  private async lockOpenCycle(manager: EntityManager, cycleId: string): Promise<void> {
    const rows: { state: CycleState; closesAt: Date }[] = await manager.query(
      `SELECT state, closes_at AS "closesAt" FROM cycles WHERE id = $1 FOR SHARE`,
      [cycleId],
    );
    const cycle = rows[0];
    if (!cycle) throw linkNotValid();
    assertOpen(cycle.state, cycle.closesAt, new Date());
  }

  /** `UPDATE … WHERE status = 'pending'`: exactly one of any racing requests changes the row. */
  private async flip(
    manager: EntityManager,
    nominationId: string,
    to: 'completed' | 'declined',
  ): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(Nomination)
      .set({ status: to })
      .where('id = :id AND status = :pending', { id: nominationId, pending: 'pending' })
      .execute();
    if (result.affected === 1) return;
    await this.throwWhyNotPending(manager, nominationId);
  }

  private async throwWhyNotPending(manager: EntityManager, nominationId: string): Promise<never> {
    const rows: { status: ResponseStatus }[] = await manager.query(
      `SELECT status FROM nominations WHERE id = $1`,
      [nominationId],
    );
    const status = rows[0]?.status;
    throw status && status !== 'pending' ? alreadyDone(status) : linkNotValid();
  }

  private async framework(id: string): Promise<FrameworkShape> {
    const cached = this.frameworks.get(id);
    if (cached) return cached;
    const row = await this.dataSource.getRepository(Framework).findOneOrFail({ where: { id } });
    const shape: FrameworkShape = {
      scale: row.scale,
      dimensions: row.dimensions,
      questions: row.questions,
    };
    if (this.frameworks.size >= FRAMEWORK_CACHE_SIZE) this.frameworks.clear();
    this.frameworks.set(id, shape);
    return shape;
  }
}

function linkNotValid(): DomainError {
  return new DomainError(
    'NOT_FOUND',
    'This feedback link is not valid: check that you copied the whole link from your email',
  );
}

function alreadyDone(status: 'completed' | 'declined'): DomainError {
  return status === 'completed'
    ? new DomainError(
        'ALREADY_ANSWERED',
        'You have already answered: answers cannot be changed once they are sent',
      )
    : new DomainError('ALREADY_DECLINED', 'You have already declined to answer this questionnaire');
}

/**
 * A draft cycle has sent no links, so its tokens cannot normally exist; if one does it is
 * "not open" like a closed cycle (410, as API.md says "Cycle not open → 410"). A cycle past its
 * `closesAt` counts as closed even before the scheduled close job has run.
 */
function assertOpen(state: CycleState, closesAt: Date, now: Date): void {
  if (state === 'open' && closesAt.getTime() > now.getTime()) return;
  const message =
    state === 'draft'
      ? 'This questionnaire is not open yet: use the link once you have been invited by email'
      : 'This questionnaire has closed: answers can no longer be given or changed';
  throw new DomainError('QUESTIONNAIRE_NOT_OPEN', message);
}
