/**
 * What every `npm run …` script shares (docs/operations.md, "Scripts"):
 * settings from a `.env` file as well as the environment, `--help`, options
 * checked before anything runs, and failures answered with one clear line on
 * stderr, never a stack trace (DEBUG=1 shows it), with an exit code a cron job
 * or a shell script can branch on:
 *
 *   0  done (and, for a check, it passed)
 *   1  a check failed (audit trail broken, backup refused) or the work itself failed (disk, database)
 *   2  the command was called wrongly (unknown option, missing or bad value, no such record)
 *
 * Data (a CSV, a token) goes to stdout or `--out FILE`; messages go to stderr, so `… > file` holds only data.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DomainError } from '../../server/domain/errors.js';
import { loadEnvFile } from '../../server/config.js';
import { storageFailure } from '../../server/limits.js';

/** Exit code 2: the caller asked for something wrong. */
export class UsageError extends Error {}

/** Refuses the call with a message (exit 2). */
export function fail(message: string): never {
  throw new UsageError(message);
}

let scriptName = 'script';

/** One line for an error, and the exit code it means. */
export function describeFailure(e: unknown): { message: string; code: number } {
  if (e instanceof UsageError) return { message: e.message, code: 2 };
  if (e instanceof DomainError) return { message: e.message, code: 2 };
  const storage = storageFailure(e);
  if (storage) return { message: storage, code: 1 };
  let x: unknown = e;
  for (let depth = 0; x && depth < 5; depth++, x = (x as { cause?: unknown }).cause) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
      const m = String((x as Error).message);
      const unique = /UNIQUE constraint failed: (.*)/.exec(m);
      return {
        message: unique ? `already exists: another row has the same ${unique[1]}` : `refused by the database: ${m}`,
        code: 2,
      };
    }
  }
  return { message: e instanceof Error ? e.message : String(e), code: 1 };
}

function report(e: unknown): never {
  const { message, code } = describeFailure(e);
  process.stderr.write(`${scriptName}: ${message}\n`);
  if (process.env.DEBUG === '1' && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(code);
}

/**
 * Reads `.env` (or ENV_FILE), parses the arguments against `options`, answers `--help` with `usage`, and from here
 * on turns any failure into one line and an exit code. Returns the parsed values and positionals.
 */
export function command<O extends NonNullable<ParseArgsConfig['options']>>(spec: {
  name: string;
  usage: string;
  options: O;
  positionals?: boolean;
}) {
  scriptName = spec.name;
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  try {
    loadEnvFile();
  } catch (e) {
    report(e);
  }
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(`${spec.usage.trim()}\n`);
    process.exit(0);
  }
  try {
    return parseArgs({ options: spec.options, allowPositionals: spec.positionals ?? false, strict: true });
  } catch (e) {
    process.stderr.write(`${spec.name}: ${(e as Error).message}\nRun with --help for the options.\n`);
    process.exit(2);
  }
}

/** Text to stderr (progress and results for a person; stdout stays for data). */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}
