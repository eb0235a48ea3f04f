import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reports1764180500000 implements MigrationInterface {
  name = 'Reports1764180500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_snapshots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        feedback_request_id uuid NOT NULL UNIQUE REFERENCES feedback_requests(id) ON DELETE CASCADE,
        cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        framework_id uuid NOT NULL REFERENCES frameworks(id) ON DELETE RESTRICT,
        framework_version integer NOT NULL,
        threshold integer NOT NULL CHECK (threshold >= 3),
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX report_snapshots_cycle_idx ON report_snapshots (cycle_id)`);
    await q.query(`CREATE INDEX report_snapshots_org_idx ON report_snapshots (organisation_id)`);
    // Rule 3 of the anonymity promise: figures exist only as taken at close, never edited.
    await q.query(`
      CREATE FUNCTION report_snapshots_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'report snapshots are immutable' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER report_snapshots_immutable BEFORE UPDATE ON report_snapshots
        FOR EACH ROW EXECUTE FUNCTION report_snapshots_refuse_update()`);
    await q.query(`
      CREATE TABLE report_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        feedback_request_id uuid NOT NULL REFERENCES feedback_requests(id) ON DELETE CASCADE,
        format text NOT NULL CHECK (format IN ('json','csv','html')),
        viewed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX report_views_request_idx ON report_views (feedback_request_id, viewed_at)`,
    );
    await q.query(`CREATE INDEX report_views_person_idx ON report_views (person_id, viewed_at)`);
    await q.query(`
      CREATE TABLE report_notifications (
        feedback_request_id uuid NOT NULL REFERENCES feedback_requests(id) ON DELETE CASCADE,
        recipient_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        sent_at timestamptz,
        last_error text,
        PRIMARY KEY (feedback_request_id, recipient_id)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_notifications`);
    await q.query(`DROP TABLE report_views`);
    await q.query(`DROP TABLE report_snapshots`);
    await q.query(`DROP FUNCTION report_snapshots_refuse_update()`);
  }
}
