import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rewriteCycleNominations } from '../nominations/nomination-rewrite';
import { rewriteCycleResponses } from '../responses/unlink-responses';
import { CloseSteps, type CloseStep } from './close-steps';

/**
 * The last close step, once the snapshots and the collective profile are stored and the cycle's
 * reportsReady is true (no reader waits on it): the cycle's responses are rewritten in one
 * transaction (new ids, random order) and its nominations in another, so that no transaction id or
 * row order ties a response to its rater any longer (docs/anonymity.md, "The database itself").
 * Each rewrite goes through its owner's function. If it fails, the close job fails and is retried
 * (the job runs again from the start; everything before this step finds its work done).
 */
@Injectable()
export class UnlinkAtClose implements CloseStep, OnModuleInit {
  readonly name = 'unlink-responses';
  readonly phase = 'after-ready';
  readonly order = 100;
  private readonly logger = new Logger(UnlinkAtClose.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly closeSteps: CloseSteps,
  ) {}

  onModuleInit(): void {
    this.closeSteps.register(this);
  }

  async run(cycleId: string): Promise<void> {
    const responses = await this.dataSource.transaction((m) => rewriteCycleResponses(m, cycleId));
    const nominations = await this.dataSource.transaction((m) =>
      rewriteCycleNominations(m, cycleId),
    );
    this.logger.log({ cycleId, responses, nominations }, 'Responses and nominations rewritten');
  }
}
