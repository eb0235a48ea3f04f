import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { Cycle } from './cycle.entity';

/**
 * Reads an organisation's cycle under a row lock for the rest of the transaction, so a change
 * to its enrolments, nominations or schedule and a transition of its state happen one after
 * the other: `pessimistic_read` (FOR SHARE) for changes beside the cycle, `pessimistic_write`
 * (FOR UPDATE) for changes to it. Another organisation's cycle is 404.
 */
export async function lockCycle(
  manager: EntityManager,
  organisationId: string,
  cycleId: string,
  mode: 'pessimistic_read' | 'pessimistic_write',
): Promise<Cycle> {
  const cycle = await manager
    .getRepository(Cycle)
    .createQueryBuilder('c')
    .setLock(mode)
    .where('c.id = :cycleId AND c.organisation_id = :organisationId', { cycleId, organisationId })
    .getOne();
  if (!cycle) throw DomainError.notFound('Cycle');
  return cycle;
}
