import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The collective profile (anonymity rule 6, docs/anonymity.md): each snapshot records its leader's unit at close; one
 * profile per closed cycle, computed from the snapshots and never updated; which coaches may read
 * which units' profiles; and an audit row per read.
 */
export class CollectiveProfile1764181200000 implements MigrationInterface {
  name = 'CollectiveProfile1764181200000';

  public async up(q: QueryRunner): Promise<void> {
    // No foreign key: the unit as it was at close, even if it is removed later.
    await q.query(`ALTER TABLE report_snapshots ADD COLUMN leader_unit_id uuid`);
    await q.query(`
      CREATE TABLE collective_profiles (
        cycle_id uuid PRIMARY KEY REFERENCES cycles(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        threshold integer NOT NULL CHECK (threshold >= 3),
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX collective_profiles_org_idx ON collective_profiles (organisation_id)`,
    );
    await q.query(`
      CREATE FUNCTION collective_profiles_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'collective profiles are immutable' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER collective_profiles_immutable BEFORE UPDATE ON collective_profiles
        FOR EACH ROW EXECUTE FUNCTION collective_profiles_refuse_update()`);
    await q.query(`
      CREATE TABLE coach_grants (
        unit_id uuid NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (unit_id, person_id)
      )`);
    await q.query(`CREATE INDEX coach_grants_person_idx ON coach_grants (person_id)`);
    await q.query(`
      CREATE TABLE collective_profile_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
        unit_id uuid,
        compare_to uuid,
        format text NOT NULL CHECK (format IN ('json','csv','html')),
        viewed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX collective_profile_views_cycle_idx ON collective_profile_views (cycle_id, viewed_at)`,
    );
    await q.query(
      `CREATE INDEX collective_profile_views_person_idx ON collective_profile_views (person_id, viewed_at)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE collective_profile_views`);
    await q.query(`DROP TABLE coach_grants`);
    await q.query(`DROP TABLE collective_profiles`);
    await q.query(`DROP FUNCTION collective_profiles_refuse_update()`);
    await q.query(`ALTER TABLE report_snapshots DROP COLUMN leader_unit_id`);
  }
}
