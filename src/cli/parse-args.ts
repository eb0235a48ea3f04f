import { isEmail } from 'class-validator';
import { UsageError } from './cli-error';

export const USAGE = `Usage:
  npm run cli -- bootstrap --org NAME --admin-email EMAIL --admin-name NAME
      Creates the organisation and its first admin if missing (running it again changes
      nothing) and prints {"organisationId","adminId","accessToken"} as one JSON line.
  npm run cli -- token --email EMAIL [--org NAME]
      Prints {"accessToken"} for an existing person; --org is needed when the address
      belongs to people in several organisations.
  npm run cli -- demo [--out FILE]
      Seeds a demo organisation and a released cycle with synthetic answers for five
      leaders, writes the first leader's HTML report to FILE (default
      var/demo/sample-report.html) and prints the ids, an admin token and links to the
      report pages through sign-in. Run again, it adds nothing and prints the same links.
  npm run cli -- rotate-answers-key
      Re-wraps every cycle's data key under ANSWERS_KEY, opening each with ANSWERS_KEY or
      ANSWERS_KEY_PREVIOUS (set that to the key being replaced). Stored answers are not
      touched. Prints {"keyId","rewrapped","alreadyCurrent"}; running it again changes nothing.
  npm run cli -- help
`;

export interface BootstrapArgs {
  command: 'bootstrap';
  org: string;
  adminEmail: string;
  adminName: string;
}

export interface TokenArgs {
  command: 'token';
  email: string;
  org: string | null;
}

export interface DemoArgs {
  command: 'demo';
  out: string;
}

export type CliCommand =
  BootstrapArgs | TokenArgs | DemoArgs | { command: 'rotate-answers-key' } | { command: 'help' };

/** Turns argv (after the script name) into one command, or throws a UsageError saying what is wrong. */
export function parseArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case 'bootstrap': {
      const flags = parseFlags(rest, ['org', 'admin-email', 'admin-name'], []);
      return {
        command,
        org: flags.org,
        adminEmail: email(flags['admin-email'], '--admin-email'),
        adminName: flags['admin-name'],
      };
    }
    case 'token': {
      const flags = parseFlags(rest, ['email'], ['org']);
      return { command, email: email(flags.email, '--email'), org: flags.org ?? null };
    }
    case 'demo': {
      const flags = parseFlags(rest, [], ['out']);
      return { command, out: flags.out ?? 'var/demo/sample-report.html' };
    }
    case 'rotate-answers-key':
      parseFlags(rest, [], []);
      return { command };
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help' };
    case undefined:
      throw new UsageError('No command given.');
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

type Flags<R extends string, O extends string> = Record<R, string> & Partial<Record<O, string>>;

/** `--name value` or `--name=value`; each flag once, values non-blank, nothing positional. */
function parseFlags<R extends string, O extends string>(
  args: readonly string[],
  required: readonly R[],
  optional: readonly O[],
): Flags<R, O> {
  const known = new Set<string>([...required, ...optional]);
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    if (!match?.[1]) throw new UsageError(`Unexpected argument "${arg}".`);
    const name = match[1];
    if (!known.has(name)) throw new UsageError(`Unknown option --${name}.`);
    if (values.has(name)) throw new UsageError(`Option --${name} given twice.`);
    let value = match[2];
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError(`Option --${name} needs a value.`);
      i++;
    }
    value = value.trim();
    if (value === '') throw new UsageError(`Option --${name} needs a non-blank value.`);
    values.set(name, value);
  }
  for (const name of required) {
    if (!values.has(name)) throw new UsageError(`Missing option --${name}.`);
  }
  return Object.fromEntries(values) as Flags<R, O>;
}

function email(value: string, flag: string): string {
  const normalised = value.toLowerCase();
  if (!isEmail(normalised)) throw new UsageError(`${flag} "${value}" is not an email address.`);
  return normalised;
}
