import { dropDatabase, withAdminClient } from './test-database';

/** Drops this run's template and any suite database a crashed suite left behind. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.C360_TEST_RUN_ID;
  if (!runId) return;
  const rows = await withAdminClient(async (c) =>
    c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `c360_test_${runId}_%`,
    ]),
  );
  for (const { datname } of rows.rows) await dropDatabase(datname);
}
