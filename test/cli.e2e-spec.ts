import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Organisation } from '../src/modules/organisations/organisation.entity';
import { Person } from '../src/modules/organisations/person.entity';
import { runScript, ScriptResult } from './support/run-script';
import { TestApp } from './support/test-app';
import { databaseUrl, dropDatabase } from './support/test-database';

const unique = () => randomBytes(4).toString('hex');

/** stdout must be exactly one JSON line: the answer, nothing else. */
function answerOf(result: ScriptResult): Record<string, unknown> {
  expect(result.stdout).toMatch(/^[^\n]+\n$/);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('operator CLI (npm run cli)', () => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;

  const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    runScript('src/cli.ts', args, { ...env, ...extraEnv });

  const me = (accessToken: unknown) =>
    t
      .http()
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${String(accessToken)}`);

  beforeAll(async () => {
    t = await TestApp.create({ worker: false });
    // TestApp.create has pointed the environment at this suite's database, Redis prefix and SMTP.
    env = { ...process.env, LOG_LEVEL: 'info' };
  });
  afterAll(async () => {
    await t.close();
  });

  it('bootstrap prints one JSON line whose token opens a session on the API, and a rerun changes nothing', async () => {
    const org = `Cli Trust ${unique()}`;
    const args = [
      'bootstrap',
      '--org',
      org,
      '--admin-email',
      'Ada.Admin@Example.org',
      '--admin-name',
      'Ada Admin',
    ];

    const first = await cli(args);
    expect(first.code).toBe(0);
    const answer = answerOf(first);
    expect(Object.keys(answer).sort()).toEqual(['accessToken', 'adminId', 'organisationId']);
    // Logs go to stderr as JSON, and never carry the token.
    expect(first.stderr).toContain('"msg":"Organisation created"');
    expect(first.stderr).not.toContain(String(answer.accessToken));

    const res = await me(answer.accessToken).expect(200);
    expect(res.body).toMatchObject({
      id: answer.adminId,
      organisationId: answer.organisationId,
      email: 'ada.admin@example.org',
      name: 'Ada Admin',
      roles: ['admin'],
    });

    const second = await cli(args);
    expect(second.code).toBe(0);
    const again = answerOf(second);
    expect(again).toMatchObject({ organisationId: answer.organisationId, adminId: answer.adminId });
    expect(await t.dataSource.getRepository(Organisation).countBy({ name: org })).toBe(1);
    expect(
      await t.dataSource
        .getRepository(Person)
        .countBy({ organisationId: String(answer.organisationId) }),
    ).toBe(1);
    await me(again.accessToken).expect(200);
  });

  it('by default logs nothing below a warning, so stdout is the JSON answer alone and stderr is quiet', async () => {
    const quiet = { ...env, NODE_ENV: 'development', LOG_LEVEL: undefined };
    const result = await cli(
      [
        'bootstrap',
        '--org',
        `Quiet Trust ${unique()}`,
        '--admin-email',
        'quiet@example.org',
        '--admin-name',
        'Quinn Quiet',
      ],
      quiet,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^\{"organisationId":"[^"\n]+","adminId":"[^"\n]+","accessToken":"[^"\n]+"\}\n$/,
    );
    expect(result.stderr).toBe('');
  });

  it('two bootstraps at once make one organisation and one admin', async () => {
    const org = `Race Trust ${unique()}`;
    const args = [
      'bootstrap',
      '--org',
      org,
      '--admin-email',
      'race@example.org',
      '--admin-name',
      'Rae Race',
    ];
    const [a, b] = await Promise.all([cli(args), cli(args)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(answerOf(a)).toMatchObject({
      organisationId: answerOf(b).organisationId,
      adminId: answerOf(b).adminId,
    });
    expect(await t.dataSource.getRepository(Organisation).countBy({ name: org })).toBe(1);
  });

  it('bootstrap gives the admin role to an existing person who lacks it, keeping their name', async () => {
    const org = await t.factories.organisation();
    const person = await t.factories.person(org.id, {
      email: 'lee@example.org',
      name: 'Lee Leader',
      roles: ['leader'],
    });

    const result = await cli([
      'bootstrap',
      '--org',
      org.name,
      '--admin-email',
      'lee@example.org',
      '--admin-name',
      'Other',
    ]);
    expect(result.code).toBe(0);
    expect(answerOf(result)).toMatchObject({ organisationId: org.id, adminId: person.id });
    const stored = await t.dataSource.getRepository(Person).findOneByOrFail({ id: person.id });
    expect(stored.roles).toEqual(['leader', 'admin']);
    expect(stored.name).toBe('Lee Leader');
  });

  it('token prints an access token for an existing person', async () => {
    const org = await t.factories.organisation();
    const person = await t.factories.person(org.id, {
      email: 'cora@example.org',
      roles: ['coach'],
    });

    const result = await cli(['token', '--email', 'Cora@example.org']);
    expect(result.code).toBe(0);
    const answer = answerOf(result);
    expect(Object.keys(answer)).toEqual(['accessToken']);
    expect(result.stderr).not.toContain(String(answer.accessToken));
    const res = await me(answer.accessToken).expect(200);
    expect(res.body).toMatchObject({ id: person.id, roles: ['coach'] });
  });

  it('token needs --org when the address belongs to people in several organisations', async () => {
    const north = await t.factories.organisation();
    const south = await t.factories.organisation();
    await t.factories.person(north.id, { email: 'twin@example.org' });
    const southern = await t.factories.person(south.id, { email: 'twin@example.org' });

    const ambiguous = await cli(['token', '--email', 'twin@example.org']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stdout).toBe('');
    expect(ambiguous.stderr).toContain('several organisations');
    expect(ambiguous.stderr).toContain('--org');

    const chosen = await cli(['token', '--email', 'twin@example.org', '--org', south.name]);
    expect(chosen.code).toBe(0);
    const res = await me(answerOf(chosen).accessToken).expect(200);
    expect(res.body.id).toBe(southern.id);
  });

  it('token for an unknown email exits 1 with a clear message and prints nothing on stdout', async () => {
    const result = await cli(['token', '--email', 'nobody@example.org']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No person with the email nobody@example.org');
  });

  it('a wrong command line exits 2 with the usage text on stderr', async () => {
    const result = await cli(['bootstrap', '--org', 'Somewhere']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Missing option --admin-email');
    expect(result.stderr).toContain('Usage:');
  });

  it('bootstrap creates and migrates the database when it does not exist yet', async () => {
    const name = `c360_test_${process.env.C360_TEST_RUN_ID ?? 'adhoc'}_clifresh_${unique()}`;
    try {
      const result = await cli(
        [
          'bootstrap',
          '--org',
          'Fresh Trust',
          '--admin-email',
          'fresh@example.org',
          '--admin-name',
          'Fay Fresh',
        ],
        { DATABASE_URL: databaseUrl(name) },
      );
      expect(result.code).toBe(0);
      const answer = answerOf(result);
      const client = new Client({ connectionString: databaseUrl(name) });
      await client.connect();
      try {
        const rows = await client.query<{ id: string }>(
          `SELECT id FROM people WHERE 'admin' = ANY(roles)`,
        );
        expect(rows.rows).toEqual([{ id: answer.adminId }]);
      } finally {
        await client.end();
      }
    } finally {
      await dropDatabase(name);
    }
  });
});
