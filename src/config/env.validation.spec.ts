import { randomBytes } from 'node:crypto';
import { DEV_ANSWERS_KEY, loadConfig } from './env.validation';

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

  it('takes ANSWERS_KEY as base64 of 32 bytes, with a development default refused in production', () => {
    const key = randomBytes(32).toString('base64');
    expect(loadConfig({}).answersKey).toEqual(Buffer.from(DEV_ANSWERS_KEY, 'base64'));
    expect(loadConfig({ ANSWERS_KEY: key }).answersKey).toEqual(Buffer.from(key, 'base64'));
    expect(loadConfig({ ANSWERS_KEY_PREVIOUS: key }).answersKeyPrevious).toHaveLength(32);
    expect(() => loadConfig({ ANSWERS_KEY: 'not base64!' })).toThrow(/ANSWERS_KEY: must be/);
    expect(() => loadConfig({ ANSWERS_KEY: 'c2hvcnQ=' })).toThrow(
      /ANSWERS_KEY: must be base64 of 32 bytes/,
    );
    expect(() => loadConfig({ ANSWERS_KEY_PREVIOUS: 'c2hvcnQ=' })).toThrow(/ANSWERS_KEY_PREVIOUS/);
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      SMTP_URL: 'smtp://mail.example.org',
      PUBLIC_URL: 'https://c360.example.org',
      MAIL_FROM: 'C360 <no-reply@example.org>',
    };
    expect(() => loadConfig(production)).toThrow(/ANSWERS_KEY: must be set/);
    expect(() => loadConfig({ ...production, ANSWERS_KEY: DEV_ANSWERS_KEY })).toThrow(
      /ANSWERS_KEY: is a value written in the repository/,
    );
    expect(loadConfig({ ...production, ANSWERS_KEY: key }).answersKey).toHaveLength(32);
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
