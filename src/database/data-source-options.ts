import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/env.validation';
import { entities } from './entities';
import { migrations } from './migrations';

export function dataSourceOptions(
  config: Pick<AppConfig, 'databaseUrl' | 'databasePoolSize'>,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    entities,
    migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: config.databasePoolSize },
  };
}
