import 'reflect-metadata';
import { ConsoleLogger, INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { prepareProcess } from './bootstrap-process';
import { BootstrapCommand } from './cli/bootstrap.command';
import { CliError, UsageError } from './cli/cli-error';
import { CliCommand, parseArgs, USAGE } from './cli/parse-args';
import { DemoCommand } from './cli/demo.command';
import { RotateAnswersKeyCommand } from './cli/rotate-answers-key.command';
import { TokenCommand } from './cli/token.command';
import { SessionService } from './modules/auth/session.service';
import { AnswerKeys } from './modules/responses/answer-keys';

/**
 * Operator commands. stdout carries exactly one JSON line (the answer); logs and errors go to
 * stderr. Exit codes: 0 done, 1 failed (the message says why), 2 the command line is wrong.
 */
async function main(argv: readonly string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return error.exitCode;
  }
  if (command.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }

  await prepareProcess();
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ worker: false, log: { destination: 2, defaultLevel: 'warn' } }),
    { bufferLogs: true, abortOnError: false, logger: new StderrConsoleLogger() },
  );
  app.useLogger(app.get(Logger));
  try {
    const answer = await run(app, command);
    process.stdout.write(`${JSON.stringify(answer)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  } finally {
    await app.close();
  }
}

async function run(
  app: INestApplicationContext,
  command: Exclude<CliCommand, { command: 'help' }>,
): Promise<object> {
  const dataSource = app.get(DataSource);
  const sessions = app.get(SessionService);
  switch (command.command) {
    case 'bootstrap':
      return new BootstrapCommand(dataSource, sessions).run(command);
    case 'token':
      return new TokenCommand(dataSource, sessions).run(command);
    case 'demo':
      return new DemoCommand(app).run(command);
    case 'rotate-answers-key':
      return new RotateAnswersKeyCommand(app.get(AnswerKeys)).run();
  }
}

/** Until pino takes over (and if Nest fails before it does), Nest's own logs must not reach stdout. */
class StderrConsoleLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Everything is closed by now; should a stray handle linger, do not keep the operator waiting.
    setTimeout(() => process.exit(code), 5000).unref();
  },
  (error: unknown) => {
    process.stderr.write(
      `The command failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
