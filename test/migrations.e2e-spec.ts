import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { migrations } from '../src/database/migrations';
import { DeliveryUpdatesInPlace1764180600000 } from '../src/database/migrations/1764180600000-delivery-updates-in-place';
import { createDatabase, databaseUrl, dropDatabase } from './support/test-database';

/** Every migration applies to an empty database, reverts to nothing, and applies again. */
describe('migrations', () => {
  const name = `c360_test_migrations_${process.pid}_${randomBytes(2).toString('hex')}`;
  let db: DataSource;

  beforeAll(async () => {
    await createDatabase(name);
    db = new DataSource({
      ...dataSourceOptions({ databaseUrl: databaseUrl(name), databasePoolSize: 2 }),
      migrationsRun: false,
    });
    await db.initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await dropDatabase(name);
  });

  const tables = async () =>
    (
      await db.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY table_name`,
      )
    ).map((r) => r.table_name);
  const cycleIndex = async () =>
    (
      await db.query<{ indexdef: string }[]>(
        `SELECT indexdef FROM pg_indexes WHERE indexname = 'nominations_cycle_idx'`,
      )
    )[0]?.indexdef;

  it('runs them all, undoes them one by one to an empty schema, and runs them again', async () => {
    expect(await db.runMigrations()).toHaveLength(migrations.length);
    const applied = await tables();
    expect(applied).toEqual(
      expect.arrayContaining([
        'nominations',
        'responses',
        'report_views',
        'collective_profiles',
        'coach_grants',
        'collective_profile_views',
      ]),
    );
    expect(await cycleIndex()).toMatch(/\(cycle_id, status\)$/);

    // Back to before DeliveryUpdatesInPlace (and whatever came after it): the index as it was.
    const after = migrations.length - migrations.indexOf(DeliveryUpdatesInPlace1764180600000);
    for (let i = 0; i < after; i++) await db.undoLastMigration();
    expect(await cycleIndex()).toMatch(/\(cycle_id, status, delivery_status\)$/);
    for (let i = after; i < migrations.length; i++) await db.undoLastMigration();
    expect(await tables()).toEqual([]);

    expect(await db.runMigrations()).toHaveLength(migrations.length);
    expect(await tables()).toEqual(applied);
    const [nominations] = await db.query<{ reloptions: string[] | null }[]>(
      `SELECT reloptions FROM pg_class WHERE relname = 'nominations'`,
    );
    expect(nominations?.reloptions).toEqual(['fillfactor=80']);
  });
});
