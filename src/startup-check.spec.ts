import { describeStartupFailure, redactUrl } from './startup-check';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5499'), {
  code: 'ECONNREFUSED',
});

describe('describeStartupFailure', () => {
  it('says which service, where, and how to start it', () => {
    const message = describeStartupFailure(
      'PostgreSQL',
      'postgres://postgres@127.0.0.1:5499/collective360',
      refused,
    );
    expect(message).toBe(
      'Cannot reach PostgreSQL at postgres://postgres@127.0.0.1:5499/collective360 (ECONNREFUSED). ' +
        'Start it (with the compose file: docker compose -f docker/compose.yml up -d postgres; ' +
        'on a Debian machine: pg_ctlcluster <version> main start), or point DATABASE_URL at a running one.',
    );
  });

  it('finds the code inside an AggregateError (IPv4 and IPv6 both refused)', () => {
    const both = Object.assign(new AggregateError([refused, refused]), { code: undefined });
    expect(describeStartupFailure('Redis', 'redis://localhost:6390', both)).toMatch(
      /^Cannot reach Redis at redis:\/\/localhost:6390 \(ECONNREFUSED\)/,
    );
  });

  it('tells a wrong password apart from a service that is down', () => {
    const denied = Object.assign(new Error('password authentication failed'), { code: '28P01' });
    expect(describeStartupFailure('PostgreSQL', 'postgres://u:pw@db:5432/x', denied)).toBe(
      'PostgreSQL at postgres://u:***@db:5432/x refused the user or password in DATABASE_URL (28P01). ' +
        'Check the credentials in DATABASE_URL.',
    );
  });

  it('never prints a password', () => {
    expect(redactUrl('redis://:hunter2@redis:6379/0')).toBe('redis://:***@redis:6379/0');
  });
});
