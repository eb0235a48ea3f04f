import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { appConfig } from './config/app.config';
import { AppConfig } from './config/env.validation';
import { configureApp } from './configure-app';
import { exitIfShutdownStalls, prepareProcess } from './bootstrap-process';
import { listeningLine } from './listening-line';

/** HTTP API, and by default the queue workers in the same process (`--no-worker`: HTTP only). */
async function main(): Promise<void> {
  await prepareProcess();
  exitIfShutdownStalls();
  const worker = !process.argv.includes('--no-worker');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ worker }), {
    bufferLogs: true,
  });
  configureApp(app);
  const config = app.get<AppConfig>(appConfig.KEY);
  await app.listen(config.port);
  app.get(Logger).log(listeningLine(config.port, worker));
}

void main();
