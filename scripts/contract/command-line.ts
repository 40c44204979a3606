/**
 * How every command reads its arguments, in one place: `--help` prints the usage and
 * exits 0; an unknown option, a bad value or the wrong number of paths prints one
 * `error:` line and the usage and exits 2 ("could not run"). Built on node:util's
 * parseArgs, strict, so a misspelt option is an error rather than ignored, and an option
 * given twice is an error rather than the last one silently winning.
 */
import { resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Io } from "./io.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface CommandLine<O extends Options> {
  usage: string;
  options: O;
  /** How many paths the command takes; none when absent. */
  positionals?: { min: number; max: number };
  /** Allowed values of string options, checked here so that every command words the error alike. */
  choices?: { [K in keyof O]?: readonly string[] };
}

type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>["values"];

export type Parsed<O extends Options> =
  | { ok: true; values: Values<O>; positionals: string[] }
  | { ok: false; status: 0 | 2 };

export function parseCommandLine<const O extends Options>(argv: string[], io: Io, line: CommandLine<O>): Parsed<O> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...line.options, help: { type: "boolean" } }, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    return usageError((error as Error).message, io, line.usage);
  }
  const given = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option" || line.options[token.name]?.multiple) continue;
    if (given.has(token.name)) return usageError(`--${token.name} is given twice; give it once`, io, line.usage);
    given.add(token.name);
  }
  const { values, positionals } = parsed as { values: Record<string, unknown>; positionals: string[] };
  if (values.help === true) {
    io.out(line.usage);
    return { ok: false, status: 0 };
  }
  for (const [name, allowed] of Object.entries(line.choices ?? {}) as [string, readonly string[]][]) {
    const value = values[name];
    if (typeof value === "string" && !allowed.includes(value)) {
      return usageError(`--${name} must be ${allowed.join(" or ")}, not "${value}"`, io, line.usage);
    }
  }
  const { min, max } = line.positionals ?? { min: 0, max: 0 };
  if (positionals.length < min || positionals.length > max) {
    const wanted = min === max ? `exactly ${min}` : `${min} to ${max}`;
    return usageError(max === 0 ? `unexpected argument "${positionals[0]}"` : `give ${wanted} path${max === 1 ? "" : "s"}, not ${positionals.length}`, io, line.usage);
  }
  return { ok: true, values: values as unknown as Values<O>, positionals };
}

function usageError(message: string, io: Io, usage: string): { ok: false; status: 2 } {
  io.err(`error: ${message}`);
  io.err(usage);
  return { ok: false, status: 2 };
}

/**
 * A path the user typed, resolved against the folder they typed it in: under `npm run`,
 * npm changes into the package's folder and keeps the user's in INIT_CWD, so that
 * `npm --prefix <clone> run build -- --root ./mine` means the user's ./mine.
 */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
