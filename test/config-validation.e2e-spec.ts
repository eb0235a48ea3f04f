import { runScript } from './support/run-script';
import { databaseUrl } from './support/test-database';

describe('configuration validation at start', () => {
  const startWith = (env: NodeJS.ProcessEnv) =>
    runScript(
      'src/main.ts',
      [],
      {
        PATH: process.env.PATH,
        // Should validation ever let it through, it must not touch a real database.
        DATABASE_URL: databaseUrl(`c360_test_${process.env.C360_TEST_RUN_ID ?? 'adhoc'}_config`),
        ...env,
      },
      90_000, // ts-node compiles src/main.ts first: slow on a busy two-core machine
    );

  it('stops start-up when a value is bad, naming the variable', async () => {
    const result = await startWith({ PORT: 'eighty' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('eighty');
  }, 120_000);

  it('stops start-up in production without JWT_SECRET, naming it', async () => {
    const result = await startWith({
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://mail.example.org:25',
      PUBLIC_URL: 'https://c360.example.org',
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('JWT_SECRET');
  }, 120_000);
});
