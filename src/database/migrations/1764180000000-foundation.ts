import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764180000000 implements MigrationInterface {
  name = 'Foundation1764180000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        name text NOT NULL,
        parent_id uuid REFERENCES units(id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organisation_id, name)
      )`);
    await q.query(`
      CREATE TABLE people (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        unit_id uuid REFERENCES units(id) ON DELETE SET NULL,
        roles text[] NOT NULL DEFAULT '{}' CHECK (roles <@ ARRAY['admin','coach','leader']::text[]),
        manager_id uuid REFERENCES people(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organisation_id, email)
      )`);
    await q.query(`CREATE INDEX people_org_name_idx ON people (organisation_id, lower(name))`);
    await q.query(`CREATE INDEX people_unit_idx ON people (unit_id)`);
    await q.query(`
      CREATE TABLE sign_in_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        token_hash bytea UNIQUE,
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        queue text NOT NULL,
        name text NOT NULL,
        job_id text NOT NULL,
        data jsonb NOT NULL,
        run_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX outbox_pending_idx ON outbox_messages (created_at) WHERE relayed_at IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_messages`);
    await q.query(`DROP TABLE sign_in_links`);
    await q.query(`DROP TABLE people`);
    await q.query(`DROP TABLE units`);
    await q.query(`DROP TABLE organisations`);
  }
}
