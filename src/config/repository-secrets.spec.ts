import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './env.validation';
import {
  DEV_ANSWERS_KEY,
  DEV_JWT_SECRET,
  isRepositorySecret,
  REPOSITORY_SECRETS,
  SECRET_VARIABLES,
} from './repository-secrets';

const ROOT = join(__dirname, '../..');

/**
 * A secret-looking assignment: a name with secret, token, password or key in it, then `:`, `=`
 * or a shell default `:-` (`${JWT_SECRET:-value}`), then a literal of 16 or more token characters.
 */
const ASSIGNMENT =
  /\b((?:[A-Za-z_]*(?:[Ss]ecret|SECRET|[Tt]oken|TOKEN|[Pp]ass(?:wor)?d|PASS(?:WOR)?D)|[A-Za-z_]+(?:_KEY|Key))[A-Za-z_]*)["']?\s*(?::-|:|=)\s*(?:\$\{[A-Za-z_]+:-)?["'`]?([A-Za-z0-9+/=_.~-]{16,})(?![A-Za-z0-9+/=_.~(-])/g;

/** Literals that match the pattern but are no secret, each with the reason. */
const NOT_SECRETS = new Map<string, string>([
  ['collective-leadership', 'the seeded framework’s key'],
]);

/** The lock file's integrity hashes are data; this spec's samples test the pattern itself. */
const SKIPPED = [/^package-lock\.json$/, /^src\/config\/repository-secrets\.spec\.ts$/];

/** `process.env.JWT_SECRET`, `config.jwtSecret`: a name read, not a value written. */
const MEMBER_EXPRESSION = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/;

function trackedFiles(): string[] {
  // Tracked files, and new ones not ignored yet (a default must not wait for its commit).
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f && !SKIPPED.some((pattern) => pattern.test(f)));
}

function secretLookingLiterals(): { file: string; name: string; value: string }[] {
  const found: { file: string; name: string; value: string }[] = [];
  for (const file of trackedFiles()) {
    let text: string;
    try {
      text = readFileSync(join(ROOT, file), 'utf8');
    } catch {
      continue; // listed but absent (a deleted file not yet committed)
    }
    if (text.includes('\u0000')) continue; // binary
    for (const match of text.matchAll(ASSIGNMENT)) {
      if (!MEMBER_EXPRESSION.test(match[2]!))
        found.push({ file, name: match[1]!, value: match[2]! });
    }
  }
  return found;
}

describe('secrets written in the repository', () => {
  it('lists every secret-looking literal of the tracked files, so production refuses each', () => {
    const found = secretLookingLiterals();
    // The scan sees the development defaults where they are written (so it works at all) …
    expect(found.map((f) => f.value)).toEqual(
      expect.arrayContaining([DEV_ANSWERS_KEY, DEV_JWT_SECRET]),
    );
    // … and every literal it sees is either listed or known to be no secret.
    const unlisted = found.filter(
      (f) => !NOT_SECRETS.has(f.value) && !REPOSITORY_SECRETS.includes(f.value),
    );
    expect(unlisted).toEqual([]);
  });

  it('finds a new default in a compose file, an env file or code', () => {
    const sample = [
      'JWT_SECRET: ${JWT_SECRET:-a-new-default-secret-of-forty-chars-0123}',
      'METRICS_TOKEN=another-literal-token-0123456789',
      "const FALLBACK_SIGNING_KEY = 'yet-another-literal-0123456789';",
    ].join('\n');
    expect([...sample.matchAll(ASSIGNMENT)].map((m) => m[2])).toEqual([
      'a-new-default-secret-of-forty-chars-0123',
      'another-literal-token-0123456789',
      'yet-another-literal-0123456789',
    ]);
  });

  it('leaves placeholders alone: a required variable, a command, a variable', () => {
    const sample = [
      'JWT_SECRET: ${JWT_SECRET:?set JWT_SECRET to 32+ random characters}',
      'ANSWERS_KEY=$(openssl rand -base64 32)',
      'JWT_SECRET: process.env.JWT_SECRET',
      'csrfToken: ensureCsrfCookie(req, res)',
    ].join('\n');
    expect(
      [...sample.matchAll(ASSIGNMENT)].map((m) => m[2]!).filter((v) => !MEMBER_EXPRESSION.test(v)),
    ).toEqual([]);
  });

  describe('with NODE_ENV=production', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      ANSWERS_KEY: randomBytes(32).toString('base64'),
      SMTP_URL: 'smtp://mail.example.org',
      PUBLIC_URL: 'https://c360.example.org',
      MAIL_FROM: 'C360 <no-reply@example.org>',
    };

    it('starts with secrets of its own', () => {
      expect(loadConfig(production).env).toBe('production');
    });

    it.each(REPOSITORY_SECRETS.map((value) => [value]))(
      'refuses %s in every secret variable',
      (value) => {
        for (const name of SECRET_VARIABLES) {
          expect(() => loadConfig({ ...production, [name]: value })).toThrow(
            new RegExp(`${name}: is a value written in the repository`),
          );
        }
      },
    );

    it('refuses the development answers key written another way (same bytes)', () => {
      const sameBytes = Buffer.from(DEV_ANSWERS_KEY, 'base64').toString('base64url');
      expect(isRepositorySecret(`${DEV_ANSWERS_KEY}\n`)).toBe(true);
      expect(isRepositorySecret(DEV_JWT_SECRET)).toBe(true);
      expect(isRepositorySecret(sameBytes.replace(/-/g, '+').replace(/_/g, '/'))).toBe(true);
    });
  });
});
