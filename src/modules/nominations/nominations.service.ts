import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../database/unique-violation';
import { DomainError } from '../../common/domain-error';
import { hasRole, type CurrentPersonInfo } from '../../common/access/authenticated-request';
import type { FeedbackRequest } from '../cycles/feedback-request.entity';
import { Person } from '../organisations/person.entity';
import { OutboxService } from '../outbox/outbox.service';
import { AddNominationsDto, NominationView } from './dto/nomination.dto';
import { FeedbackRequestsService } from './feedback-requests.service';
import { InvitationsService } from './invitations.service';
import { Nomination } from './nomination.entity';
import { lockCycle } from '../cycles/lock-cycle';
import type { OtherRelationship } from '../../common/relationship';

/**
 * Raters are nominated by the leader or an admin while the cycle is a draft or open; in an open
 * cycle their invitations are queued in the same transaction. Removal: anyone allowed while a
 * draft; once open, admins only and only while unanswered, so a leader cannot probe who answered.
 */
@Injectable()
export class NominationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: FeedbackRequestsService,
    private readonly invitations: InvitationsService,
    private readonly outbox: OutboxService,
  ) {}

  async add(
    me: CurrentPersonInfo,
    requestId: string,
    dto: AddNominationsDto,
  ): Promise<NominationView[]> {
    const { nominations, queued } = await this.dataSource
      .transaction(async (manager) => {
        const request = await this.requests.findVisible(manager, me, requestId);
        this.assertLeaderOrAdmin(me, request, 'nominate raters');
        const cycle = await lockCycle(
          manager,
          request.organisationId,
          request.cycleId,
          'pessimistic_read',
        );
        if (cycle.state !== 'draft' && cycle.state !== 'open') {
          throw new DomainError(
            'CYCLE_LOCKED',
            `The cycle is ${cycle.state}: raters can no longer be nominated.`,
          );
        }

        const leader = await manager
          .getRepository(Person)
          .findOneByOrFail({ id: request.leaderId });
        if (dto.raters.some((r) => r.email === leader.email)) {
          throw new DomainError(
            'NOMINATION_IS_LEADER',
            `${leader.email} is the leader's own address: the leader answers as themself through the self-assessment, which is created when the cycle opens.`,
          );
        }
        const seen = new Set<string>();
        for (const rater of dto.raters) {
          if (seen.has(rater.email)) {
            throw new DomainError(
              'NOMINATION_DUPLICATE',
              `${rater.email} appears more than once in this list.`,
            );
          }
          seen.add(rater.email);
        }
        const existing = await manager.query<{ email: string }[]>(
          `SELECT email FROM nominations WHERE feedback_request_id = $1 AND email = ANY ($2)`,
          [request.id, [...seen]],
        );
        if (existing.length > 0) {
          throw new DomainError(
            'NOMINATION_DUPLICATE',
            `Already nominated for this leader: ${existing.map((e) => e.email).join(', ')}.`,
          );
        }

        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(Nomination)
          .values(
            dto.raters.map((r) => ({
              organisationId: request.organisationId,
              cycleId: request.cycleId,
              feedbackRequestId: request.id,
              relationship: r.relationship,
              raterName: r.name,
              email: r.email,
            })),
          )
          .returning(['id', 'email', 'relationship'])
          .execute();
        const rows = inserted.raw as NominationView[];
        const queuedCount =
          cycle.state === 'open' ? await this.invitations.queueCycle(manager, cycle.id) : 0;
        return {
          nominations: rows.map((r) => ({
            id: r.id,
            email: r.email,
            relationship: r.relationship,
          })),
          queued: queuedCount,
        };
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) {
          throw new DomainError(
            'NOMINATION_DUPLICATE',
            'One of these raters was nominated for this leader at the same moment.',
          );
        }
        throw error;
      });
    if (queued > 0) this.outbox.relaySoon();
    return nominations;
  }

  /**
   * The raters nominated so far (not the self-assessment), for the leader and admins: name, email
   * and relationship only, in an order that never changes as people answer (no status at all).
   */
  async list(
    me: CurrentPersonInfo,
    requestId: string,
  ): Promise<{ id: string; name: string; email: string; relationship: OtherRelationship }[]> {
    const request = await this.requests.findVisible(this.dataSource.manager, me, requestId);
    this.assertLeaderOrAdmin(me, request, 'see the raters');
    return this.dataSource.query(
      `SELECT id, rater_name AS name, email, relationship FROM nominations
        WHERE feedback_request_id = $1 AND relationship <> 'self'
        ORDER BY lower(rater_name), email`,
      [request.id],
    );
  }

  async remove(me: CurrentPersonInfo, requestId: string, nominationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const request = await this.requests.findVisible(manager, me, requestId);
      this.assertLeaderOrAdmin(me, request, 'remove raters');
      const nomination = await manager
        .getRepository(Nomination)
        .findOneBy({ id: nominationId, feedbackRequestId: request.id });
      if (!nomination) throw DomainError.notFound('Nomination');
      const cycle = await lockCycle(
        manager,
        request.organisationId,
        request.cycleId,
        'pessimistic_read',
      );

      if (cycle.state === 'draft') {
        await manager.getRepository(Nomination).delete({ id: nomination.id });
        return;
      }
      if (!hasRole(me, 'admin')) {
        throw new DomainError(
          'FORBIDDEN',
          'Once the cycle is open, only an administrator can remove a rater.',
        );
      }
      if (cycle.state !== 'open') {
        throw new DomainError(
          'CYCLE_LOCKED',
          `The cycle is ${cycle.state}: its raters can no longer change.`,
        );
      }
      const [, deleted] = await manager.query<[unknown, number]>(
        `DELETE FROM nominations WHERE id = $1 AND status = 'pending'`,
        [nomination.id],
      );
      if (deleted === 0) {
        throw new DomainError(
          'NOMINATION_ANSWERED',
          'This rater has already answered or declined, so the nomination stays.',
        );
      }
    });
  }

  private assertLeaderOrAdmin(
    me: CurrentPersonInfo,
    request: FeedbackRequest,
    action: string,
  ): void {
    if (!hasRole(me, 'admin') && request.leaderId !== me.id) {
      throw new DomainError('FORBIDDEN', `Only the leader or an administrator can ${action}.`);
    }
  }
}
