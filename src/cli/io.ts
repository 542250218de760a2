// Shared plumbing of the `raadskaart` commands: where output goes (tests pass their own),
// argument parsing with node:util parseArgs, usage errors (exit 2), one-line failure reasons
// (exit 1). Never prints a secret (private keys, tokens).
import type { ParseArgsOptionsConfig } from 'node:util';
import { parseArgs } from 'node:util';

/** Where a command writes its lines. Same shape as the hub commands' CliIo. */
export type CliIo = { out: (line: string) => void; err: (line: string) => void };

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A mistake in how the command was called: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

export type Parsed = { values: Record<string, string | boolean | string[] | boolean[] | undefined>; positionals: string[] };

/** parseArgs in strict mode; unknown options and missing values become UsageError. */
export function parseCommandArgs(args: string[], options: ParseArgsOptionsConfig): Parsed {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** A string option's value, or undefined. */
export function stringOption(parsed: Parsed, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable string option's values. */
export function stringsOption(parsed: Parsed, name: string): string[] {
  const v = parsed.values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

/** A positive whole number option, or undefined when absent. */
export function positiveIntOption(parsed: Parsed, name: string): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(text)) throw new UsageError(`--${name} ${text}: give a whole number of at least 1`);
  return Number(text);
}

/** The error as one line: what went wrong and where, without a stack. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .join('; ');
}

/**
 * Runs a command body: UsageError -> usage text and 2, any other error -> one line and 1.
 * `name` is the command as typed ("verify").
 */
export async function runCommand(name: string, usage: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`raadskaart ${name}: ${err.message}`);
      io.err(usage);
      return 2;
    }
    io.err(`raadskaart ${name}: ${oneLine(err)}`);
    return 1;
  }
}
