import type { EntityManager } from 'typeorm';
import { Nomination, type ResponseStatus } from './nomination.entity';

// The writes of a nomination's status that the rater's side needs, owned here. The submit's
// batched statement also flips nominations, in the same statement that stores the response
// (see responses.service.ts): the one cross-module write kept together for atomicity.

/**
 * `UPDATE … WHERE status = 'pending'`, in the caller's transaction: exactly one of any racing
 * requests changes the row. True when this call did.
 */
export async function answerPending(
  manager: EntityManager,
  nominationId: string,
  to: 'completed' | 'declined',
): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(Nomination)
    .set({ status: to })
    .where('id = :id AND status = :pending', { id: nominationId, pending: 'pending' })
    .execute();
  return result.affected === 1;
}

/** The nomination's status; null when there is no such nomination. */
export async function nominationStatus(
  manager: EntityManager,
  nominationId: string,
  lock?: 'for share',
): Promise<ResponseStatus | null> {
  const rows: { status: ResponseStatus }[] = await manager.query(
    `SELECT status FROM nominations WHERE id = $1${lock === 'for share' ? ' FOR SHARE' : ''}`,
    [nominationId],
  );
  return rows[0]?.status ?? null;
}
