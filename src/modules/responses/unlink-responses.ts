import type { EntityManager } from 'typeorm';

/**
 * Rewrites a closed cycle's responses in the caller's transaction: every row deleted and inserted
 * again with a new random id, in a random order. The new rows carry this transaction's id (never
 * the submit's, which their nominations share) and lie on disk in an order unrelated to when each
 * was sent. Their sealed answers and comments are copied as they are. Safe to run again.
 */
export async function rewriteCycleResponses(
  manager: EntityManager,
  cycleId: string,
): Promise<number> {
  // Counted by a SELECT over the insert: the driver answers an INSERT with its rows (none for a
  // cycle nobody answered), a SELECT always with one row.
  const [row] = await manager.query<{ n: number }[]>(
    `WITH old AS (
       DELETE FROM responses r USING feedback_requests fr
        WHERE fr.id = r.feedback_request_id AND fr.cycle_id = $1
       RETURNING r.feedback_request_id, r.relationship, r.answers, r.comments, r.submitted_on
     ), inserted AS (
       INSERT INTO responses (feedback_request_id, relationship, answers, comments, submitted_on)
       SELECT feedback_request_id, relationship, answers, comments, submitted_on
         FROM old ORDER BY random()
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM inserted`,
    [cycleId],
  );
  return row?.n ?? 0;
}
