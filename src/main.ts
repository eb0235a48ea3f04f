import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { appConfig } from './config/app.config';
import { AppConfig } from './config/env.validation';
import { configureApp } from './configure-app';
import { exitIfShutdownStalls, prepareProcess } from './bootstrap-process';

/** HTTP API, and by default the queue workers in the same process (`--no-worker`: HTTP only). */
async function main(): Promise<void> {
  await prepareProcess();
  exitIfShutdownStalls();
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ worker: process.argv.includes('--no-worker') === false }),
    { bufferLogs: true },
  );
  configureApp(app);
  const config = app.get<AppConfig>(appConfig.KEY);
  await app.listen(config.port);
}

void main();
