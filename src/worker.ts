import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { exitIfShutdownStalls, prepareProcess } from './bootstrap-process';

/** Queue worker: the same modules, no HTTP. Scale by running more of these. */
async function main(): Promise<void> {
  await prepareProcess();
  exitIfShutdownStalls();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ worker: true }), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log('Worker started');
}

void main();
