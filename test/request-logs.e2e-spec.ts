import { newSecureToken } from '../src/common/secure-token';
import { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

describe('request logs', () => {
  let t: TestApp;

  // Start-up and shutdown log at info too: keep them out of the test output.
  beforeAll(async () => {
    const capture = captureStdout();
    try {
      t = await TestApp.create({ worker: false, env: { LOG_LEVEL: 'info' } });
    } finally {
      capture.restore();
    }
  });
  afterAll(async () => {
    const capture = captureStdout();
    try {
      await t.close();
    } finally {
      capture.restore();
    }
  });

  /** Collects what pino writes to stdout until restored (and keeps it out of the test output). */
  function captureStdout(): { text: () => string; restore: () => void } {
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array): boolean => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
    return {
      text: () => chunks.join(''),
      restore: () => {
        process.stdout.write = write;
      },
    };
  }

  it('carry the request id given, and never the Authorization header, cookies or tokens', async () => {
    const { auth } = await t.factories.adminWorld();
    const jwt = auth.Authorization.replace(/^Bearer /, '');
    const signInToken = newSecureToken().token;

    const capture = captureStdout();
    try {
      await t.http().get('/api/v1/me').set(auth).set('X-Request-Id', 'req-me-1').expect(200);
      await t
        .http()
        .get('/api/v1/me')
        .set('Cookie', `c360_session=${jwt}`)
        .set('X-Request-Id', 'req-me-2')
        .expect(200);
      await t
        .http()
        .get(`/sign-in?token=${signInToken}`)
        .set('X-Request-Id', 'req-link-1')
        .expect(200);
      await t
        .http()
        .post('/api/v1/auth/sessions')
        .set('X-Request-Id', 'req-session-1')
        .send({ token: signInToken })
        .expect(401);
      await waitFor(() => capture.text().includes('req-session-1'), {
        what: 'the request log lines',
      });
    } finally {
      capture.restore();
    }
    const output = capture.text();

    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { req?: { id?: string; url?: string } });
    const byId = (id: string) => lines.find((line) => line.req?.id === id);
    expect(byId('req-me-1')?.req?.url).toBe('/api/v1/me');
    expect(byId('req-me-2')?.req?.url).toBe('/api/v1/me');
    expect(byId('req-link-1')?.req?.url).toBe('/sign-in?token=[redacted]');
    expect(byId('req-session-1')?.req?.url).toBe('/api/v1/auth/sessions');

    expect(output).not.toContain(jwt);
    expect(output).not.toContain(signInToken);
    expect(output).not.toMatch(/Bearer/i);
    expect(output).not.toContain('c360_session');
  });
});
