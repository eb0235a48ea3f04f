import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { createDatabase, databaseUrl } from './test-database';

/**
 * Once per run: a template database of this run, migrated once. Each e2e suite then gets its
 * own copy (CREATE DATABASE … TEMPLATE), so suites and concurrent runs cannot collide.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const template = `c360_test_${runId}_template`;
  await createDatabase(template);
  const dataSource = new DataSource({
    ...dataSourceOptions({ databaseUrl: databaseUrl(template), databasePoolSize: 2 }),
    migrationsRun: false,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  process.env.C360_TEST_RUN_ID = runId;
  process.env.C360_TEST_TEMPLATE_DB = template;
}
