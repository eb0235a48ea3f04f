import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { exitIfShutdownStalls, prepareProcess } from './bootstrap-process';
import { appConfig } from './config/app.config';
import type { AppConfig } from './config/env.validation';
import { startWorkerMetricsServer } from './modules/metrics/worker-metrics-server';

/** Queue worker: the same modules, no HTTP. Scale by running more of these. */
async function main(): Promise<void> {
  await prepareProcess();
  exitIfShutdownStalls();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ worker: true }), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const config = app.get<AppConfig>(appConfig.KEY);
  if (config.workerMetricsPort && config.metricsToken) {
    const server = await startWorkerMetricsServer(config.workerMetricsPort, config.metricsToken);
    process.once('SIGTERM', () => server.close());
    process.once('SIGINT', () => server.close());
  }
  app
    .get(Logger)
    .log(
      config.workerMetricsPort
        ? `Worker started; metrics on port ${config.workerMetricsPort}`
        : 'Worker started',
    );
}

void main();
