import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Relationship } from '../../common/relationship';
import { GroupBatcher } from '../../common/group-batcher';
import { hashToken, looksLikeToken } from '../../common/secure-token';
import { batchedLookup } from '../../database/batched-query';
import type { CycleState } from '../cycles/cycle.entity';
import { Framework } from '../frameworks/framework.entity';
import type { FrameworkShape } from '../frameworks/framework-shape';
import type { ResponseStatus } from '../nominations/nomination.entity';
import { alreadyDone, assertOpen, linkNotValid } from './rater-link-errors';
import { RaterRateLimiter, RateLimitedError } from './rater-rate-limiter';

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
/** Links recently resolved, kept to give a rater their form back during an outage. */
const RECENT_SIZE = 10_000;
const RECENT_MS = 3600_000;

/**
 * A rater's link: the token is the only credential. Finds what it leads to (the nomination, its
 * cycle and framework), under the per-link rate limit; ResponsesService then stores the answers.
 */
@Injectable()
export class RaterLinksService {
  private readonly frameworks = new Map<string, FrameworkShape>();
  private readonly recent = new Map<string, { ctx: RaterContext; at: number }>();
  /** Concurrent requests (a cycle's raters answering at once) look their links up together. */
  private readonly contexts: GroupBatcher<Buffer, ContextRow | undefined>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly limiter: RaterRateLimiter,
  ) {
    this.contexts = batchedLookup(
      dataSource,
      'rater-contexts',
      `SELECT k.i, n.id AS "nominationId", n.cycle_id AS "cycleId",
              n.feedback_request_id AS "feedbackRequestId", n.relationship, n.status,
              p.name AS "leaderName", c.name AS "cycleName", c.state AS "cycleState",
              c.closes_at AS "closesAt", c.anonymity_threshold AS "anonymityThreshold",
              c.manager_disclosed AS "managerDisclosed", c.framework_id AS "frameworkId"
         FROM unnest($1::bytea[]) WITH ORDINALITY AS k(token_hash, i)
         JOIN nominations n ON n.token_hash = k.token_hash
         JOIN cycles c ON c.id = n.cycle_id
         JOIN feedback_requests fr ON fr.id = n.feedback_request_id
         JOIN people p ON p.id = fr.leader_id`,
      (hashes) => [hashes],
    );
  }

  /** 404 for a token that leads nowhere, 429 past the per-link limit, 410 when the cycle is not open. */
  async resolve(token: string, now = new Date()): Promise<RaterContext> {
    if (!looksLikeToken(token)) throw linkNotValid();
    const tokenHash = hashToken(token);
    const decision = await this.limiter.hit(tokenHash);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);

    const row = await this.contexts.call(tokenHash);
    if (!row) throw linkNotValid();
    assertOpen(row.cycleState, row.closesAt, now);

    const ctx: RaterContext = {
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
    this.remember(tokenHash, ctx);
    return ctx;
  }

  /**
   * What this link led to when this process last resolved it (within the hour), read from
   * memory: only to show the rater their form again while the database cannot be reached,
   * never to decide anything (every change resolves the link afresh).
   */
  lastKnown(token: string): RaterContext | null {
    if (!looksLikeToken(token)) return null;
    const seen = this.recent.get(hashToken(token).toString('hex'));
    return seen && Date.now() - seen.at < RECENT_MS ? seen.ctx : null;
  }

  private remember(tokenHash: Buffer, ctx: RaterContext): void {
    const key = tokenHash.toString('hex');
    this.recent.delete(key); // re-inserted last: the oldest go first
    this.recent.set(key, { ctx, at: Date.now() });
    if (this.recent.size > RECENT_SIZE) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }

  /** 409 once the link has been used to answer or decline. */
  assertPending(ctx: RaterContext): void {
    if (ctx.status !== 'pending') throw alreadyDone(ctx.status);
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
