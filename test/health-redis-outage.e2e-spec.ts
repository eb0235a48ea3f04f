import { TcpProxy } from './support/tcp-proxy';
import { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';
import { withTimeout } from './support/with-timeout';

describe('/health when Redis becomes unreachable', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let connectionsBeforeCut = 0;

  beforeAll(async () => {
    const redis = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    proxy = await new TcpProxy(Number(redis.port || 6379), redis.hostname).start();
    t = await TestApp.create({ env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
  });
  afterAll(async () => {
    // Let every connection back in before closing: BullMQ 6's Worker.close() never resolves while
    // its blocking client is parked in ioredis' "reconnecting" state (taskforcesh/bullmq#4656).
    await proxy.start();
    await waitFor(() => proxy.connections >= connectionsBeforeCut, {
      what: 'Redis clients to reconnect',
    });
    await withTimeout(t.close(), 20_000, 'closing the app after the Redis outage');
    await proxy.stop();
  });

  it('answers 200 while Redis answers and 503 naming redis once it is cut off', async () => {
    await t.http().get('/health').expect(200);
    connectionsBeforeCut = proxy.connections;
    // While Redis is away BullMQ reports each lost connection with console.error: expected here.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await proxy.stop();
      await waitFor(async () => (await t.http().get('/health')).status === 503, {
        what: '/health to answer 503',
      });
      const res = await t.http().get('/health').expect(503);
      expect(res.body).toMatchObject({
        status: 'error',
        info: { postgres: { status: 'up' } },
        error: { redis: { status: 'down' } },
      });
    } finally {
      quiet.mockRestore();
    }
  });
});
