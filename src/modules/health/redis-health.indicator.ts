import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { redisOptionsFromUrl } from '../../config/redis-options';

/** PINGs Redis on a connection of its own that fails fast instead of queueing commands. */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly redis: Redis;
  /** The first connection, shared by checks that arrive together (a second connect() throws). */
  private connecting: Promise<void> | null = null;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectAppConfig() config: AppConfig,
  ) {
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.redisUrl),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      retryStrategy: () => 1000,
    });
    this.redis.on('error', () => undefined); // reported through the health check
  }

  async isHealthy(key = 'redis'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      if (this.redis.status === 'wait')
        this.connecting ??= this.redis.connect().finally(() => {
          this.connecting = null;
        });
      if (this.connecting) await this.connecting;
      const pong = await Promise.race([
        this.redis.ping(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('timeout')), 1000).unref(),
        ),
      ]);
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: 'unexpected reply' });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
