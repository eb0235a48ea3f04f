import { loadConfig } from './env.validation';

describe('loadConfig', () => {
  it('fills the development defaults of the API when nothing is set', () => {
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

  it('refuses production mail from no address of its own or from @localhost', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      SMTP_URL: 'smtp://mail.example.org',
      PUBLIC_URL: 'https://c360.example.org',
    };
    expect(() => loadConfig(production)).toThrow(/MAIL_FROM: must be set/);
    expect(() =>
      loadConfig({ ...production, MAIL_FROM: 'Collective 360 <no-reply@localhost>' }),
    ).toThrow(/MAIL_FROM: must be an address of your own domain/);
  });

  it('makes Message-IDs in the domain of MAIL_FROM', () => {
    expect(loadConfig({}).mailDomain).toBe('localhost');
    expect(loadConfig({ MAIL_FROM: 'C360 <No-Reply@Trust.NHS.uk>' }).mailDomain).toBe(
      'trust.nhs.uk',
    );
    expect(loadConfig({ MAIL_FROM: 'od@example.org' }).mailDomain).toBe('example.org');
  });

  it('takes MAIL_REPLY_TO as a mailbox', () => {
    expect(loadConfig({}).mailReplyTo).toBeNull();
    expect(loadConfig({ MAIL_REPLY_TO: 'OD <od@example.org>' }).mailReplyTo).toBe(
      'OD <od@example.org>',
    );
    expect(() => loadConfig({ MAIL_REPLY_TO: 'the OD team' })).toThrow(/MAIL_REPLY_TO/);
  });

  it('takes the three DKIM settings together or not at all, with newlines written as \\n', () => {
    expect(loadConfig({}).dkim).toBeNull();
    expect(() => loadConfig({ DKIM_DOMAIN: 'example.org' })).toThrow(/set all three, or none/);
    const pem = '-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----';
    expect(
      loadConfig({ DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 'c360', DKIM_PRIVATE_KEY: pem }).dkim,
    ).toEqual({
      domainName: 'example.org',
      keySelector: 'c360',
      privateKey: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----',
    });
    expect(() =>
      loadConfig({ DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 'c360', DKIM_PRIVATE_KEY: 'abc' }),
    ).toThrow(/DKIM_PRIVATE_KEY must be a PEM/);
  });
});
