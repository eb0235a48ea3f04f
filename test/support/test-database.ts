import { Client } from 'pg';

export const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Safety rail: the harness touches no database whose name lacks "test". */
export function assertTestDatabase(name: string): void {
  if (!/test/.test(name))
    throw new Error(`Refusing to use database "${name}": its name must contain "test"`);
}

export function databaseUrl(name: string): string {
  assertTestDatabase(name);
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL ?? ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string, template?: string): Promise<void> {
  assertTestDatabase(name);
  await withAdminClient((c) =>
    c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`),
  );
}

export async function dropDatabase(name: string): Promise<void> {
  assertTestDatabase(name);
  await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
