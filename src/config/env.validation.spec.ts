import { loadConfig } from './env.validation';

describe('loadConfig', () => {
  it('fills the development defaults of API.md when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/collective360');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.outboxDir).toBe('var/outbox');
    expect(config.smtpUrl).toBeNull();
  });

  it('derives PUBLIC_URL from PORT and parses numbers', () => {
    const config = loadConfig({ PORT: '8080', MAIL_ATTEMPTS: '3' });
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.mailAttempts).toBe(3);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ MAIL_FROM: 'not a mailbox' })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/);
  });

  it('accepts a display name in MAIL_FROM', () => {
    expect(loadConfig({ MAIL_FROM: 'Collective 360 <no-reply@example.org>' }).mailFrom).toBe(
      'Collective 360 <no-reply@example.org>',
    );
  });

  it('refuses production without its secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET.*\n.*SMTP_URL/s);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'short',
        SMTP_URL: 'smtp://m',
        PUBLIC_URL: 'https://x.org',
      }),
    ).toThrow(/at least 32 characters/);
  });
});
