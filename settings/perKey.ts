/**
 * The per-key pass: each key given that is no config key of this program, named with the nearest one
 * (lib/nearest.ts); then each config key's value, decoded (codec.ts), through its schema (schema.ts), each issue a
 * `ConfigProblem` that quotes the value (or shows `[secret]`, with what a secret's details would give away masked:
 * lib/secretText.ts) and names an unknown field with the nearest field of its object. Pure.
 */
import type { z } from "zod";
import { didYouMean } from "../lib/nearest";
import { maskDerivedAddresses } from "../lib/secretText";
import { decode, RawConfig } from "./codec";
import { ConfigProblem, describeValue, formatPath, SECRET } from "./problems";
import { CONFIG_SCHEMA, ConfigKey, Fields } from "./schema";

/** Each key of `raw` through its schema: the fields valid on their own, and every problem of the others. */
export function parseEachKey(raw: RawConfig, secretKeys: readonly string[]): { fields: Partial<Fields>; problems: ConfigProblem[] } {
  const known = Object.keys(CONFIG_SCHEMA);
  // Own keys only: `constructor` or `toString` are no keys of this program. The value is not shown: a mistyped key
  // may hold a secret.
  const problems: ConfigProblem[] = Object.keys(raw)
    .filter((key) => !Object.hasOwn(CONFIG_SCHEMA, key))
    .map((key) => ({ key, message: `is not a config key of this program${didYouMean(key, known)} (known keys: ${known.join(", ")})` }));

  const fields: Partial<Fields> = {};
  for (const key of known as ConfigKey[]) {
    const value = decode(key, raw[key]);
    const result = CONFIG_SCHEMA[key].safeParse(value);
    if (result.success) (fields as Record<string, unknown>)[key] = result.data;
    else problems.push(...result.error.issues.flatMap((issue) => issueProblems(key, value, issue, secretKeys.includes(key))));
  }
  return { fields, problems };
}

/** The problems of one schema issue under `key`: each unknown field with its nearest known one, or the value's. */
function issueProblems(key: ConfigKey, value: unknown, issue: z.core.$ZodIssue, secret: boolean): ConfigProblem[] {
  const at = key + formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const fields = fieldsAt(CONFIG_SCHEMA[key], issue.path);
    return issue.keys.map((field) => ({ key: at + formatPath([field]), message: `is not a field of ${at}${didYouMean(field, fields)}` }));
  }
  if (secret) return [{ key: at, message: maskDerivedAddresses(describeValue(SECRET, issue.message)) }];
  return [{ key: at, message: describeValue(issue.path.reduce<unknown>((v, p) => (v as Record<PropertyKey, unknown> | undefined)?.[p], value), issue.message) }];
}

/** The field names of the object schema at `path` inside `schema` (through optional, default and transform wrappers). */
function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType };
  const defOf = (s: z.ZodType | undefined) => (s as unknown as { _zod?: { def: Def } } | undefined)?._zod?.def;
  const unwrap = (s: z.ZodType | undefined): z.ZodType | undefined => {
    const def = defOf(s);
    if (def === undefined) return s;
    if (def.innerType !== undefined && ["optional", "default", "prefault", "nullable", "readonly", "catch"].includes(def.type)) return unwrap(def.innerType);
    return def.type === "pipe" ? unwrap(def.in) : s;
  };
  let current = unwrap(schema);
  for (const step of path) {
    const def = defOf(current);
    current = unwrap(def?.type === "object" ? def.shape?.[String(step)] : def?.type === "array" ? def.element : undefined);
  }
  const def = defOf(current);
  return def?.type === "object" && def.shape !== undefined ? Object.keys(def.shape) : [];
}
