import type { EntityManager } from 'typeorm';

// The writes other modules need on the `cycles` table, owned here: nominations numbers its
// reminder rounds, reports marks the cycle's reports ready. Each runs in the caller's transaction.

/** The cycle's next reminder round number (an admin's round, now). */
export async function nextReminderRound(manager: EntityManager, cycleId: string): Promise<number> {
  const [rows] = await manager.query<[{ reminder_rounds: number }[], number]>(
    `UPDATE cycles SET reminder_rounds = reminder_rounds + 1 WHERE id = $1 RETURNING reminder_rounds`,
    [cycleId],
  );
  return rows[0]!.reminder_rounds;
}

/**
 * Numbers a scheduled round and records it on the cycle in the same statement, so a repeated
 * job starts nothing: null when the cycle is no longer open or `key` has already run.
 */
export async function claimScheduledReminderRound(
  manager: EntityManager,
  cycleId: string,
  key: string,
): Promise<number | null> {
  const [rows] = await manager.query<[{ reminder_rounds: number }[], number]>(
    `UPDATE cycles
        SET reminder_rounds = reminder_rounds + 1,
            scheduled_reminders_done = array_append(scheduled_reminders_done, $2)
      WHERE id = $1 AND state = 'open' AND NOT ($2 = ANY (scheduled_reminders_done))
      RETURNING reminder_rounds`,
    [cycleId, key],
  );
  return rows[0]?.reminder_rounds ?? null;
}

/** Marks the cycle's reports ready (once). */
export async function markReportsReady(manager: EntityManager, cycleId: string): Promise<void> {
  await manager.query(
    `UPDATE cycles SET reports_ready = true, updated_at = now() WHERE id = $1 AND NOT reports_ready`,
    [cycleId],
  );
}

/** Whether the cycle's reports are ready (false for an unknown cycle). */
export async function areReportsReady(manager: EntityManager, cycleId: string): Promise<boolean> {
  const [row] = await manager.query<{ ready: boolean }[]>(
    `SELECT reports_ready AS ready FROM cycles WHERE id = $1`,
    [cycleId],
  );
  return row?.ready ?? false;
}
