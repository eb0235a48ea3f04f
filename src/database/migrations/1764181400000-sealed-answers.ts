import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answers stored sealed (docs/anonymity.md, "The database itself"): each cycle's data key, wrapped
 * by the key-encryption key from the environment, in `cycle_keys` (owned by the responses module);
 * a response's answers and comments become text holding a ciphertext; a draft is one ciphertext
 * under a key derived from the rater's link, which the database never holds. Drafts saved before
 * this could only stay readable, so they are removed: their raters answer afresh.
 */
export class SealedAnswers1764181400000 implements MigrationInterface {
  name = 'SealedAnswers1764181400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cycle_keys (
        cycle_id uuid PRIMARY KEY REFERENCES cycles(id) ON DELETE CASCADE,
        key_id text NOT NULL,
        wrapped_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rewrapped_at timestamptz
      )`);
    await q.query(`ALTER TABLE responses ALTER COLUMN answers TYPE text USING answers::text`);
    await q.query(`ALTER TABLE responses ALTER COLUMN comments TYPE text USING comments::text`);
    await q.query(`DELETE FROM response_drafts`);
    await q.query(`ALTER TABLE response_drafts DROP COLUMN answers, DROP COLUMN comments`);
    await q.query(`ALTER TABLE response_drafts ADD COLUMN sealed text NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM response_drafts`);
    await q.query(`ALTER TABLE response_drafts DROP COLUMN sealed`);
    await q.query(
      `ALTER TABLE response_drafts ADD COLUMN answers jsonb NOT NULL, ADD COLUMN comments jsonb NOT NULL`,
    );
    // A sealed value goes back as a JSON string: still unreadable without its cycle's key.
    for (const column of ['answers', 'comments']) {
      await q.query(
        `ALTER TABLE responses ALTER COLUMN ${column} TYPE jsonb
           USING CASE WHEN ${column} LIKE 'v1:%' THEN to_jsonb(${column}) ELSE ${column}::jsonb END`,
      );
    }
    await q.query(`DROP TABLE cycle_keys`);
  }
}
