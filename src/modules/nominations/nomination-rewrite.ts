import type { EntityManager } from 'typeorm';

/**
 * Rewrites every nomination of a closed cycle in the caller's transaction, changing nothing in
 * them: each row's new version carries this transaction's id, so none still shares one with the
 * response its submit stored (the responses are rewritten in a transaction of their own).
 */
export async function rewriteCycleNominations(
  manager: EntityManager,
  cycleId: string,
): Promise<number> {
  const [, count] = await manager.query<[unknown[], number]>(
    `UPDATE nominations SET status = status WHERE cycle_id = $1`,
    [cycleId],
  );
  return count;
}
