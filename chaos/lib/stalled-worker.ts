import { Worker } from 'bullmq';

/**
 * A bare BullMQ worker for the stalled-recovery scenario: `hold` takes the job and never ends
 * it (the scenario kills this process with kill -9); `finish` completes it at once.
 * Arguments: redis URL, prefix, queue name, worker options (JSON), hold | finish.
 */
const [url, prefix, name, options, mode] = process.argv.slice(2);
new Worker(
  name!,
  async () => {
    if (mode === 'hold') await new Promise(() => undefined);
  },
  { prefix, connection: { url: url! }, ...(JSON.parse(options!) as object) },
);
