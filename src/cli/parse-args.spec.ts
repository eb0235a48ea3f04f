import { UsageError } from './cli-error';
import { parseArgs } from './parse-args';

function usageError(argv: string[]): UsageError {
  try {
    parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`parsed: ${argv.join(' ')}`);
}

describe('parseArgs', () => {
  it('reads bootstrap with spaced and = values, trimming and lower-casing the email', () => {
    expect(
      parseArgs([
        'bootstrap',
        '--org',
        ' North Trust ',
        '--admin-email=Ada@Example.ORG',
        '--admin-name',
        'Ada Admin',
      ]),
    ).toEqual({
      command: 'bootstrap',
      org: 'North Trust',
      adminEmail: 'ada@example.org',
      adminName: 'Ada Admin',
    });
  });

  it('reads token with and without --org', () => {
    expect(parseArgs(['token', '--email', 'ada@example.org'])).toEqual({
      command: 'token',
      email: 'ada@example.org',
      org: null,
    });
    expect(parseArgs(['token', '--org=North Trust', '--email', 'ada@example.org'])).toMatchObject({
      org: 'North Trust',
    });
  });

  it('reads rotate-answers-key, which takes no options', () => {
    expect(parseArgs(['rotate-answers-key'])).toEqual({ command: 'rotate-answers-key' });
    expect(usageError(['rotate-answers-key', '--key', 'x']).message).toMatch(
      /Unknown option --key/,
    );
  });

  it('answers help', () => {
    expect(parseArgs(['--help'])).toEqual({ command: 'help' });
  });

  it('names what is wrong with the command line, with exit code 2', () => {
    expect(usageError([]).message).toMatch(/No command/);
    expect(usageError(['launch']).message).toMatch(/Unknown command "launch"/);
    expect(usageError(['bootstrap', '--org', 'X', '--admin-email', 'a@b.org']).message).toMatch(
      /--admin-name/,
    );
    expect(usageError(['token', '--email']).message).toMatch(/--email needs a value/);
    expect(usageError(['token', '--email', '--org', 'X']).message).toMatch(/--email needs a value/);
    expect(usageError(['token', '--email', 'not-an-email']).message).toMatch(
      /not an email address/,
    );
    expect(usageError(['token', '--email', 'a@b.org', '--email', 'c@d.org']).message).toMatch(
      /twice/,
    );
    expect(usageError(['token', '--email', 'a@b.org', '--admin-name', 'X']).message).toMatch(
      /Unknown option/,
    );
    expect(usageError(['token', 'a@b.org']).message).toMatch(/Unexpected argument/);
    expect(usageError(['token', '--email', '   ']).message).toMatch(/non-blank/);
    expect(usageError(['token']).exitCode).toBe(2);
  });
});
