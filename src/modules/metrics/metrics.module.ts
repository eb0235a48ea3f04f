import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { OutboxModule } from '../outbox/outbox.module';
import { MetricsController } from './metrics.controller';
import { collectProcessMetrics } from './metrics';
import { QueueMetricsSource } from './queue-metrics.source';

collectProcessMetrics();

/** Prometheus metrics at /metrics (see metrics.ts for what is measured). */
@Module({
  imports: [
    OutboxModule,
    PrometheusModule.register({
      path: '/metrics',
      controller: MetricsController,
      // Registered once per process by collectProcessMetrics (tests build many apps in one).
      defaultMetrics: { enabled: false },
    }),
  ],
  providers: [QueueMetricsSource],
})
export class MetricsModule {}
