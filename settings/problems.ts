/**
 * What a config problem is and how it is said: `ConfigProblem` (a key path and a message), `ConfigError` (every
 * problem at once, as Pulumi prints a RunError: without a stack trace), a value quoted in a message or shown as
 * `[secret]`, and a key path inside a structured value (`sourceVpc.routeTableIds[1]`). Pure.
 */
import { RunError } from "@pulumi/pulumi/errors";
import { SECRET_PLACEHOLDER } from "../lib/secretText";

/** One thing wrong with the config. */
export interface ConfigProblem {
  /** The config key, with a path inside it where the value is structured (`sourceVpc.routeTableIds[1]`). */
  readonly key: string;
  /** What was wrong, including the bad value where there was one. */
  readonly message: string;
}

/** Every problem found in a config, thrown before any resource is declared. */
export class ConfigError extends RunError {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid drs-secured-network configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p.key}: ${p.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** How a cross-field problem shows a value from a key: quoted, or `[secret]` for a secret key's. */
export type Quote = (key: string, value: string) => string;

/** The quoting of a config whose `secretKeys` hold secrets: a value of one of them, or from a path inside one, is `[secret]`. */
export function quoteFor(secretKeys: readonly string[]): Quote {
  return (key: string, value: string) => (secretKeys.includes(key.replace(/[.[].*$/, "")) ? SECRET_PLACEHOLDER : JSON.stringify(value));
}

/** A marker `describeValue` shows as `[secret]`. */
export const SECRET = Symbol("secret");

/** Every non-empty string inside a value: a secret key's whole values, which no message may show. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return value === "" ? [] : [value];
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** A schema issue's message after the value it is about: quoted, `[secret]`, or "is required" / "is empty" where there is none. */
export function describeValue(value: unknown, message: string): string {
  if (value === undefined || message.startsWith("is required")) {
    return message.startsWith("is required") ? message : `is required: ${message}`;
  }
  // An empty value says so rather than quote "" (a stack file's `key:` with nothing after it is "").
  if (value === "" && message.startsWith("is ")) return `is empty: ${message.slice(3)}`;
  const shown = value === SECRET ? SECRET_PLACEHOLDER : JSON.stringify(value);
  // A long object (50 tags, say) is shown by its start: the message says what is wrong with the whole.
  return `${shown.length > 120 ? `${shown.slice(0, 100)}...` : shown} ${message}`;
}

/** A path inside a key's value, as it follows the key: `.routeTableIds[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}
