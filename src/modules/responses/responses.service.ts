import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { draftKey, EnvelopeError, open, seal } from '../../common/envelope';
import { GroupBatcher } from '../../common/group-batcher';
import type { BatchedRow } from '../../database/batched-query';
import { queryPrepared } from '../../database/prepared-query';
import type { CycleState } from '../cycles/cycle.entity';
import { answerPending, nominationStatus } from '../nominations/nomination-status';
import type { Relationship } from '../../common/relationship';
import type { AnswerSet } from './answer-validation';
import { AnswerKeys } from './answer-keys';
import type { RaterContext } from './rater-links.service';
import { alreadyDone, assertOpen, linkNotValid } from './rater-link-errors';
import { ResponseDraft } from './response-draft.entity';
import { submittedOn } from './submitted-on';
import { submitsTotal } from '../metrics/metrics';

/** A checked submit waiting for its batch: the answers already sealed. */
interface PendingSubmit {
  cycleId: string;
  nominationId: string;
  feedbackRequestId: string;
  relationship: Relationship;
  answers: string;
  comments: string;
  submittedOn: string;
  now: Date;
}

/** Whether it was stored and, if not, the state of its cycle (null: no such cycle). */
interface SubmitOutcome {
  stored: boolean;
  state: CycleState | null;
  closesAt: Date | null;
}

const NOTHING_STORED: SubmitOutcome = { stored: false, state: null, closesAt: null };

export interface LoadedDraft {
  draft: AnswerSet | null;
  /** A draft saved under an earlier link is there, which this link cannot open. */
  earlierLink: boolean;
}

/** A draft opens only for its own nomination (a sealed draft copied to another row does not). */
const draftAad = (ctx: RaterContext): string => `draft:${ctx.nominationId}`;

/**
 * Many submits in one statement, so one transaction: each cycle still open (a shared lock, so a
 * concurrent close waits for this to commit and its snapshot includes these answers); each
 * nomination still pending, locked in id order (so batches in several API processes cannot
 * deadlock) and flipped to completed; a response stored, with nothing that leads back to the
 * rater, for each nomination that flipped, and nothing for one that did not (its answers and
 * comments sealed with the cycle's data key: this statement shares its transaction id with the
 * flipped nominations, so the rows must not be readable; close rewrites them); its draft deleted.
 * One row per input position `i`: its cycle's state and whether its answers were stored.
 *
 * It writes `nominations` (owned by the nominations module) and `responses` together on purpose:
 * the flip and the stored answers must commit or fail as one, in one round trip. It is the one
 * write across module walls (docs/architecture.md); decline and drafts go through
 * nominations/nomination-status.ts.
 */
const SUBMIT_BATCH = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[],
                         $7::date[], $8::timestamptz[])
      WITH ORDINALITY AS k(cycle_id, nomination_id, request_id, relationship, answers, comments,
                           submitted_on, now, i)
  ), cycle AS (
    SELECT id, state, closes_at FROM cycles
     WHERE id IN (SELECT cycle_id FROM input) ORDER BY id FOR SHARE
  ), locked AS (
    SELECT id FROM nominations
     WHERE id IN (SELECT nomination_id FROM input) AND status = 'pending' ORDER BY id FOR UPDATE
  ), flipped AS (
    UPDATE nominations n SET status = 'completed'
      FROM input k JOIN cycle c ON c.id = k.cycle_id
     WHERE n.id = k.nomination_id AND n.id IN (SELECT id FROM locked) AND n.status = 'pending'
       AND c.state = 'open' AND c.closes_at > k.now
    RETURNING n.id
  ), stored AS (
    INSERT INTO responses (feedback_request_id, relationship, answers, comments, submitted_on)
    SELECT k.request_id, k.relationship, k.answers, k.comments, k.submitted_on
      FROM input k JOIN flipped f ON f.id = k.nomination_id
    RETURNING 1
  ), draft AS (
    DELETE FROM response_drafts WHERE nomination_id IN (SELECT id FROM flipped)
  )
  SELECT k.i, c.state, c.closes_at AS "closesAt", (f.id IS NOT NULL) AS stored
    FROM input k
    LEFT JOIN cycle c ON c.id = k.cycle_id
    LEFT JOIN flipped f ON f.id = k.nomination_id`;

/**
 * A rater's answers, for a link RaterLinksService has resolved: the draft, the submit and the
 * decline. Submit and decline flip the nomination with a conditional update in the same
 * transaction that stores the response, so a link answers once however many requests race.
 */
@Injectable()
export class ResponsesService {
  private readonly submits = new GroupBatcher<PendingSubmit, SubmitOutcome>((batch) =>
    this.submitBatch(batch),
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: AnswerKeys,
  ) {}

  /**
   * The saved draft, opened with a key derived from the link's token (the database holds only the
   * token's hash, so only the link opens it). `earlierLink`: a draft is there, saved under an
   * earlier link of this rater (a reminder issues a new one), and this link cannot open it.
   */
  async loadDraft(ctx: RaterContext, token: string): Promise<LoadedDraft> {
    const draft = await this.dataSource.getRepository(ResponseDraft).findOne({
      where: { nominationId: ctx.nominationId },
    });
    if (!draft) return { draft: null, earlierLink: false };
    try {
      const opened = JSON.parse(open(draftKey(token), draft.sealed, draftAad(ctx))) as AnswerSet;
      return { draft: { answers: opened.answers, comments: opened.comments }, earlierLink: false };
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      return { draft: null, earlierLink: true };
    }
  }

  /** Saves (replaces) the draft while the nomination is still pending, sealed for this link. */
  async saveDraft(ctx: RaterContext, token: string, draft: AnswerSet): Promise<void> {
    const sealed = seal(
      draftKey(token),
      JSON.stringify({ answers: draft.answers, comments: draft.comments }),
      draftAad(ctx),
    );
    await this.dataSource.transaction(async (manager) => {
      // The row lock orders this against a concurrent submit, which deletes the draft.
      const status = await nominationStatus(manager, ctx.nominationId, 'for share');
      if (status !== 'pending') throw status ? alreadyDone(status) : linkNotValid();
      await manager.query(
        `INSERT INTO response_drafts (nomination_id, sealed, updated_at)
         VALUES ($1, $2, now())
         ON CONFLICT (nomination_id)
         DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = now()`,
        [ctx.nominationId, sealed],
      );
    });
  }

  /**
   * Stores the answers once: 201, or why not (409 already answered or declined, 410 closed).
   * Concurrent submits are stored together by one statement (see SUBMIT_BATCH).
   */
  async submit(ctx: RaterContext, answers: AnswerSet, now = new Date()): Promise<void> {
    const key = await this.keys.dataKey(ctx.cycleId);
    const outcome = await this.submits.call({
      cycleId: ctx.cycleId,
      nominationId: ctx.nominationId,
      feedbackRequestId: ctx.feedbackRequestId,
      relationship: ctx.relationship,
      answers: seal(key, JSON.stringify(answers.answers), ctx.cycleId),
      comments: seal(key, JSON.stringify(answers.comments), ctx.cycleId),
      submittedOn: submittedOn(now),
      now,
    });
    if (outcome.stored) {
      submitsTotal.inc();
      return;
    }
    if (!outcome.state || !outcome.closesAt) throw linkNotValid();
    assertOpen(outcome.state, outcome.closesAt, now);
    // Open, yet nothing flipped: another request answered or declined first.
    await this.throwWhyNotPending(this.dataSource.manager, ctx.nominationId);
  }

  /**
   * One batch of submits in one statement: one round trip and one commit for all. A nomination
   * in the batch twice (the same link sent twice at once) goes in once; its other calls are
   * told "not stored" and find out why from the nomination, as a losing racer does.
   */
  private async submitBatch(batch: PendingSubmit[]): Promise<SubmitOutcome[]> {
    const first = new Map<string, number>();
    const distinct: PendingSubmit[] = [];
    for (const submit of batch) {
      if (first.has(submit.nominationId)) continue;
      first.set(submit.nominationId, distinct.length);
      distinct.push(submit);
    }
    // Each call's own clock decides whether its cycle has closed; a batch is milliseconds old.
    const rows = await queryPrepared<BatchedRow<SubmitOutcome>>(
      this.dataSource,
      'submit-responses',
      SUBMIT_BATCH,
      [
        distinct.map((s) => s.cycleId),
        distinct.map((s) => s.nominationId),
        distinct.map((s) => s.feedbackRequestId),
        distinct.map((s) => s.relationship),
        distinct.map((s) => s.answers),
        distinct.map((s) => s.comments),
        distinct.map((s) => s.submittedOn),
        distinct.map((s) => s.now),
      ],
    );
    const outcomes: SubmitOutcome[] = distinct.map(() => NOTHING_STORED);
    for (const { i, ...outcome } of rows) outcomes[Number(i) - 1] = outcome;
    return batch.map((submit) => {
      const index = first.get(submit.nominationId)!;
      const outcome = outcomes[index]!;
      return distinct[index] === submit ? outcome : { ...outcome, stored: false };
    });
  }

  /** The reason, if any, is not stored: it could be tied to the rater and says nothing we use. */
  async decline(ctx: RaterContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockOpenCycle(manager, ctx.cycleId);
      if (!(await answerPending(manager, ctx.nominationId, 'declined')))
        await this.throwWhyNotPending(manager, ctx.nominationId);
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

  private async throwWhyNotPending(manager: EntityManager, nominationId: string): Promise<never> {
    const status = await nominationStatus(manager, nominationId);
    throw status && status !== 'pending' ? alreadyDone(status) : linkNotValid();
  }
}
