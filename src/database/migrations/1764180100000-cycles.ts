import { MigrationInterface, QueryRunner } from 'typeorm';

export class Cycles1764180100000 implements MigrationInterface {
  name = 'Cycles1764180100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE frameworks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid REFERENCES organisations(id) ON DELETE CASCADE,
        key text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        name text NOT NULL,
        scale jsonb NOT NULL,
        dimensions jsonb NOT NULL,
        questions jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE UNIQUE INDEX frameworks_key_version_uq
        ON frameworks (COALESCE(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid), key, version)`);
    await q.query(`
      CREATE TABLE cycles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        framework_id uuid NOT NULL REFERENCES frameworks(id) ON DELETE RESTRICT,
        name text NOT NULL,
        state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','open','closed','released')),
        opens_at timestamptz,
        closes_at timestamptz NOT NULL,
        anonymity_threshold integer NOT NULL DEFAULT 3 CHECK (anonymity_threshold >= 3),
        manager_disclosed boolean NOT NULL DEFAULT false,
        reminder_days_before_close integer[] NOT NULL DEFAULT '{7,2}',
        opened_at timestamptz,
        closed_at timestamptz,
        released_at timestamptz,
        reports_ready boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cycles_org_idx ON cycles (organisation_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE feedback_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
        leader_id uuid NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
        coach_id uuid REFERENCES people(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (cycle_id, leader_id)
      )`);
    await q.query(`CREATE INDEX feedback_requests_leader_idx ON feedback_requests (leader_id)`);
    await q.query(`CREATE INDEX feedback_requests_coach_idx ON feedback_requests (coach_id)`);
    await q.query(`
      CREATE TABLE nominations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
        feedback_request_id uuid NOT NULL REFERENCES feedback_requests(id) ON DELETE CASCADE,
        relationship text NOT NULL CHECK (relationship IN ('self','manager','peer','direct_report','other')),
        rater_name text NOT NULL,
        email text NOT NULL CHECK (email = lower(email)),
        token_hash bytea UNIQUE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','completed','declined')),
        delivery_status text CHECK (delivery_status IN ('queued','sent','failed')),
        last_error text,
        queued_at timestamptz,
        sent_at timestamptz,
        reminders_sent integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (feedback_request_id, email)
      )`);
    await q.query(
      `CREATE INDEX nominations_cycle_idx ON nominations (cycle_id, status, delivery_status)`,
    );
    await q.query(`CREATE INDEX nominations_request_idx ON nominations (feedback_request_id)`);
    // Unlinkable by construction: no nomination, rater, token, email or time of day here.
    await q.query(`
      CREATE TABLE responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        feedback_request_id uuid NOT NULL REFERENCES feedback_requests(id) ON DELETE CASCADE,
        relationship text NOT NULL CHECK (relationship IN ('self','manager','peer','direct_report','other')),
        answers jsonb NOT NULL,
        comments jsonb NOT NULL,
        submitted_on date NOT NULL
      )`);
    await q.query(`CREATE INDEX responses_request_idx ON responses (feedback_request_id)`);
    await q.query(`
      CREATE TABLE response_drafts (
        nomination_id uuid PRIMARY KEY REFERENCES nominations(id) ON DELETE CASCADE,
        answers jsonb NOT NULL,
        comments jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'response_drafts',
      'responses',
      'nominations',
      'feedback_requests',
      'cycles',
      'frameworks',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
