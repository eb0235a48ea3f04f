import { OutboxService } from '../../src/modules/outbox/outbox.service';
import { QUEUES } from '../../src/modules/outbox/queue-names';
import type { TestApp } from './test-app';
import { waitFor } from './wait-for';

/** Relays the outbox and waits until mail and cycle jobs are idle (reports jobs are another feature's). */
export async function settle(t: TestApp, timeoutMs = 30_000): Promise<void> {
  await t.app.get(OutboxService).relayPending();
  await waitFor(
    async () => {
      for (const name of [QUEUES.mail, QUEUES.cycles]) {
        const counts = await t.queue(name).getJobCounts('waiting', 'active', 'prioritized');
        if (Object.values(counts).some((n) => n > 0)) return false;
      }
      const pending = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE relayed_at IS NULL`,
      );
      return pending[0]?.n === 0;
    },
    { timeoutMs, what: 'mail and cycle jobs to settle' },
  );
}
