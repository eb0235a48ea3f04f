import { Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { OutboxModule } from '../outbox/outbox.module';
import { MetricsController } from './metrics.controller';
import { startProcessMetrics } from './process-metrics';
import { QueueMetricsSource } from './queue-metrics.source';

/** Prometheus metrics at /metrics (see metrics.ts for what is measured). */
@Module({
  imports: [
    OutboxModule,
    PrometheusModule.register({
      path: '/metrics',
      controller: MetricsController,
      // Ours (process-metrics.ts): registered once per process, stopped when the app closes.
      defaultMetrics: { enabled: false },
    }),
  ],
  providers: [QueueMetricsSource],
})
export class MetricsModule implements OnModuleInit, OnModuleDestroy {
  private stopProcessMetrics?: () => void;

  onModuleInit(): void {
    this.stopProcessMetrics = startProcessMetrics();
  }

  onModuleDestroy(): void {
    this.stopProcessMetrics?.();
  }
}
