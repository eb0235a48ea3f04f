import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { readProcessConfig } from '../config/app.config';
import { dataSourceOptions } from './data-source-options';

/** The DataSource the TypeORM CLI uses (npm run migration:run); the app builds the same options. */
export default new DataSource({ ...dataSourceOptions(readProcessConfig()), migrationsRun: false });
