import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/** The variables the validation knows: the properties of its EnvironmentVariables class. */
function validatedVariables(): string[] {
  const source = readFileSync(join(__dirname, 'environment-variables.ts'), 'utf8');
  const body = source.slice(source.indexOf('class EnvironmentVariables'));
  return [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*)\?:/gm)].map((m) => m[1]!);
}

describe("the README's table of environment variables", () => {
  it('has a row for every variable the configuration validates', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const variables = validatedVariables();
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'JWT_SECRET', 'ANSWERS_KEY']));
    const rows = readme.split('\n').filter((line) => line.startsWith('| `'));
    const missing = variables.filter(
      (name) => !rows.some((row) => row.split('|')[1]!.includes(`\`${name}\``)),
    );
    expect(missing).toEqual([]);
  });
});
