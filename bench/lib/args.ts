/** `--leaders 1000 --raters 12` style flags; positional words select benchmarks. */
export interface BenchArgs {
  names: string[];
  flags: Record<string, string>;
}

export function parseArgs(argv: string[]): BenchArgs {
  const names: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) flags[key] = inline;
      else if (next !== undefined && !next.startsWith('--')) flags[key] = argv[++i]!;
      else flags[key] = 'true';
    } else {
      names.push(arg);
    }
  }
  return { names, flags };
}

export function intFlag(flags: Record<string, string>, name: string, fallback: number): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive whole number, got "${raw}"`);
  return value;
}
