import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters that make reminder and retry emails idempotent: each reminder round of a cycle has a
 * number (the job id is nomination + round), scheduled rounds are recorded once done, and each
 * admin retry of a failed invitation gets its own job id (nomination + retry number).
 */
export class ReminderRounds1764180220000 implements MigrationInterface {
  name = 'ReminderRounds1764180220000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cycles
        ADD COLUMN reminder_rounds integer NOT NULL DEFAULT 0,
        ADD COLUMN scheduled_reminders_done text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      ALTER TABLE nominations
        ADD COLUMN last_reminder_round integer NOT NULL DEFAULT 0,
        ADD COLUMN delivery_retries integer NOT NULL DEFAULT 0`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE nominations DROP COLUMN delivery_retries, DROP COLUMN last_reminder_round`,
    );
    await q.query(
      `ALTER TABLE cycles DROP COLUMN scheduled_reminders_done, DROP COLUMN reminder_rounds`,
    );
  }
}
