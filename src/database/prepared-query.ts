import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs one of the few statements the service runs thousands of times a minute (a rater's submit,
 * a report read, an invitation) as a named prepared statement: PostgreSQL parses it once per
 * connection and, after a few runs, keeps its plan. Parsing and planning were most of the
 * database's work on those routes (the statements themselves are a few index lookups).
 *
 * Same pool as TypeORM; outside any transaction (one statement is its own). `name` must be
 * unique to `text`: pg prepares a name once per connection and then reuses it.
 */
export async function queryPrepared<R extends QueryResultRow>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const result = await pool.query<R>({ name, text, values });
  return result.rows;
}
