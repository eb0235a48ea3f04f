import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { OutboxService } from './outbox.service';

/** In the worker: relays outbox rows that a crash between commit and enqueue left behind. */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSweeper.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly outbox: OutboxService,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.outboxSweepMs);
    this.timer.unref();
    void this.sweep();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async sweep(): Promise<void> {
    try {
      const relayed = await this.outbox.relayPending();
      if (relayed > 0) this.logger.log({ relayed }, 'Outbox sweep relayed pending jobs');
    } catch (error) {
      this.logger.warn({ err: error }, 'Outbox sweep failed; will try again');
    }
  }
}
