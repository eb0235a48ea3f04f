import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { appConfig } from './config/app.config';
import { AppConfig } from './config/env.validation';
import { loggerOptions, LogTarget } from './config/logger-options';
import { dataSourceOptions } from './database/data-source-options';

/** Configuration, logs, PostgreSQL and Redis: what every entry point stands on. */
@Module({})
export class InfrastructureModule {
  static forRoot(options: { log: LogTarget }): DynamicModule {
    return {
      module: InfrastructureModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
        LoggerModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (config: AppConfig) => loggerOptions(config, options.log),
        }),
        TypeOrmModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (config: AppConfig) => dataSourceOptions(config),
        }),
        BullModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (config: AppConfig) => ({
            prefix: config.redisPrefix,
            // BullMQ hands the URL to ioredis, which honours a database number in it.
            connection: { url: config.redisUrl, maxRetriesPerRequest: null },
          }),
        }),
      ],
    };
  }
}
