/**
 * What the Pulumi CLI does with `Pulumi.yaml` and a stack file before the program runs, which the mock runtime never
 * does: validate the project's config declarations, merge the project defaults into the stack's config, and check
 * every stack value against its declared type. `pulumi preview` stops on any of these errors before a line of the
 * program runs, so the tests and the offline synth apply the same rules, with the CLI's own messages.
 *
 * Sources, pulumi/pulumi at v3.248 (the CLI this project pins its SDK to):
 * - `sdk/go/common/workspace/project.go`: `RewriteShorthandConfigValues` (a bare value is a `default` for a project
 *   key and a `value` for any other), `Project.Validate` (no `default` with `value`; an array names its `items`; a
 *   default matches its type; a key outside the project's namespace has only a `value`), `ValidateConfigValue` and
 *   `InferFullTypeName` (the type rule and the type's name in messages).
 * - `sdk/go/common/workspace/project.json`: the project schema; `simpleConfigType` is `string`, `integer`,
 *   `boolean`, `array` or `object` (`object` since pulumi/pulumi#20129 and #20132, 2025).
 * - `sdk/go/common/workspace/config.go`: `mergeConfig` (a project key with neither `default` nor `value`, absent from
 *   the stack, is required: "Stack 'x' is missing configuration value(s) ..."; keys sorted, joined with "and"),
 *   `createConfigValue` (a string, integer or boolean default becomes a plain string, anything else JSON) and
 *   `validateStackConfigValue` (a secret declaration needs a `secure:` value; a structured value is JSON-decoded, a
 *   plain one stays a string, then `ValidateConfigValue`).
 * - `sdk/go/common/resource/config/value.go`: a YAML scalar in a stack file is a plain string value, a `secure:`
 *   mapping an encrypted string, any other mapping or sequence an object value.
 * - `sdk/go/common/workspace/loaders.go` `LoadProjectStackBytes` and `stackConfigNamespacedWithProject`: a stack key
 *   without a `:` is the project's (`instanceSize` is `<project>:instanceSize`); the values go through go-yaml v2 and
 *   back (lib/stackYaml.ts). `sdk/go/common/resource/config/key.go` `ParseKey`: a key is `<namespace>:<name>`, or the
 *   old `<namespace>:config:<name>`; anything else is refused.
 * The CLI stops at its first problem; these functions find every one, each with the CLI's message (and the value where
 * the CLI names none), so a user fixes a stack file in one go.
 * Pure: no Pulumi runtime.
 */
import { decodeGoYaml, GoFloat, goJson, goScalarText, GoValue, GoYamlError } from "./stackYaml";
import { didYouMean, editDistance, nearest } from "./nearest";

/** The types `project.json`'s `simpleConfigType` allows. */
export const CONFIG_TYPES = ["string", "integer", "boolean", "array", "object"] as const;
export type ConfigTypeName = (typeof CONFIG_TYPES)[number];

/** An array's item type (`ProjectConfigItemsType`). */
export interface ConfigItemsType {
  readonly type: string;
  readonly items?: ConfigItemsType;
}

/** One declaration under `config:` in `Pulumi.yaml` (`ProjectConfigType`), after the shorthand is rewritten. */
export interface ProjectConfigType {
  readonly type?: string;
  readonly description?: string;
  readonly items?: ConfigItemsType;
  readonly default?: unknown;
  readonly value?: unknown;
  readonly secret?: boolean;
}

/** The parts of a project the config rules read. */
export interface ProjectDeclarations {
  readonly name: string;
  readonly config: Readonly<Record<string, ProjectConfigType>>;
}

/**
 * A stack config value as the CLI holds it (`config.Value`): a plain string, an encrypted string (`secure:`), or an
 * object value whose text is JSON. `secure` marks an encrypted value, or a structured one with a `secure:` inside.
 */
export interface StackConfigValue {
  readonly text: string;
  readonly object: boolean;
  readonly secure: boolean;
}

/** The problems the CLI's rules find: one is the CLI's own message; several are listed one a line. */
export class PulumiProjectError extends Error {
  /** Every problem, one line each. */
  public readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const list = typeof problems === "string" ? [problems] : problems;
    super(list.length === 1 ? list[0] : `${list.length} problems found before the program runs (the Pulumi CLI's rules, this program's keys):\n${list.map((p) => `  - ${p}`).join("\n")}`);
    this.problems = list;
    this.name = "PulumiProjectError";
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof GoFloat);

/** `isPrimitiveValue` of project.go: YAML strings, integers and booleans. */
const isPrimitive = (v: unknown) => typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isInteger(v));

/** `configKeyIsNamespacedByProject`. */
export function namespacedByProject(project: string, key: string): boolean {
  return !key.includes(":") || key.startsWith(`${project}:`);
}

/** The full `<namespace>:<name>` form of a key (`parseConfigKey`: a key without a namespace is the project's). */
export function fullKey(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * Read `Pulumi.yaml`'s parsed content into declarations: the schema's shape checks that matter for config, then
 * `RewriteShorthandConfigValues`, then `Project.Validate`. Throws `PulumiProjectError` with the CLI's message.
 */
export function projectDeclarations(parsed: unknown): ProjectDeclarations {
  if (!isPlainObject(parsed) || typeof parsed.name !== "string" || parsed.name === "") {
    throw new PulumiProjectError("project is missing a non-empty string 'name' attribute");
  }
  const name = parsed.name;
  const raw = parsed.config ?? {};
  if (!isPlainObject(raw)) throw new PulumiProjectError("#/config: expected object");
  const config: Record<string, ProjectConfigType> = {};
  for (const [key, declared] of Object.entries(raw)) {
    if (isPrimitive(declared) || Array.isArray(declared)) {
      // RewriteShorthandConfigValues: a project key's bare value is its default; any other key's is its value.
      config[key] = namespacedByProject(name, key) ? { default: declared } : { value: declared };
      continue;
    }
    if (!isPlainObject(declared)) throw new PulumiProjectError(`#/config/${key}: oneOf failed`);
    // project.json configTypeDeclaration: additionalProperties false.
    const allowed = ["type", "items", "description", "secret", "default", "value"];
    const extra = Object.keys(declared).filter((k) => !allowed.includes(k));
    if (extra.length > 0) throw new PulumiProjectError(`#/config/${key}: additionalProperties ${extra.map((k) => `'${k}'`).join(", ")} not allowed`);
    if (declared.type !== undefined && !(CONFIG_TYPES as readonly unknown[]).includes(declared.type)) {
      throw new PulumiProjectError(`#/config/${key}/type: value must be one of ${CONFIG_TYPES.map((t) => `"${t}"`).join(", ")}`);
    }
    config[key] = declared as ProjectConfigType;
  }
  const project = { name, config };
  validateProject(project);
  return project;
}

/** `Project.Validate` of project.go, for the config block. */
export function validateProject(project: ProjectDeclarations): void {
  for (const key of Object.keys(project.config).sort()) {
    const t = project.config[key];
    if (t.default !== undefined && t.value !== undefined) {
      throw new PulumiProjectError(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
    }
    if (namespacedByProject(project.name, key)) {
      if (t.type === "array" && t.items === undefined) {
        throw new PulumiProjectError(`The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`);
      }
      if (t.type !== undefined && t.default !== undefined && !validateConfigValue(t.type, t.items, t.default)) {
        throw new PulumiProjectError(`The default value specified for configuration key '${key}' is not of the expected type '${fullTypeName(t.type, t.items)}'`);
      }
    } else {
      if (t.type !== undefined) throw new PulumiProjectError(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
      if (t.default !== undefined) {
        throw new PulumiProjectError(
          `Configuration key '${key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`,
        );
      }
      if (t.value === undefined) throw new PulumiProjectError(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
    }
  }
}

/** `InferFullTypeName`. */
export function fullTypeName(type: string, items?: ConfigItemsType): string {
  return items !== undefined ? `array<${fullTypeName(items.type, items.items)}>` : type;
}

/** `ValidateConfigValue`: whether a (decoded) value matches a declared type. */
export function validateConfigValue(type: string, items: ConfigItemsType | undefined, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      // Whole numbers, and strings that strconv.Atoi accepts: an optional sign and decimal digits, within int64.
      return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^[+-]?\d+$/.test(value) && BigInt(value) >= -(2n ** 63n) && BigInt(value) < 2n ** 63n);
    case "boolean":
      return value === true || value === false || value === "true" || value === "false";
    case "object":
      return isPlainObject(value);
    default:
      return Array.isArray(value) && items !== undefined && value.every((item) => validateConfigValue(items.type, items.items, item));
  }
}

/**
 * A stack file's `config:` value, decoded as go-yaml v2 decodes it (lib/stackYaml.ts), as the CLI holds it
 * (`config.Value`'s YAML unmarshalling): a scalar as the text go-yaml writes back (`0x18` is "24", `yes` "true", null
 * ""), `{ secure: ... }` an encrypted string, any other mapping or sequence an object value (JSON, keys sorted).
 */
export function stackValueOf(yamlValue: GoValue): StackConfigValue {
  if (isPlainObject(yamlValue) && Object.keys(yamlValue).length === 1 && typeof yamlValue.secure === "string") {
    return { text: yamlValue.secure, object: false, secure: true };
  }
  if (isPlainObject(yamlValue) || Array.isArray(yamlValue)) {
    return { text: goJson(yamlValue), object: true, secure: holdsSecure(yamlValue) };
  }
  return { text: goScalarText(yamlValue), object: false, secure: false };
}

/** Whether a structured value holds a `secure:` value at any depth. */
export function holdsSecure(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSecure);
  if (!isPlainObject(value)) return false;
  if (Object.keys(value).length === 1 && typeof value.secure === "string") return true;
  return Object.values(value).some(holdsSecure);
}

/** `createConfigValue`: a project default as a stack value. */
function defaultValue(value: unknown): StackConfigValue {
  return isPrimitive(value) ? { text: String(value), object: false, secure: false } : { text: JSON.stringify(value), object: true, secure: false };
}

/**
 * `mergeConfig` with validation, as `pulumi preview` runs it: the stack's values (full keys) with the project's
 * defaults and values filled in. Throws `PulumiProjectError` with every problem: the missing required keys (the CLI's
 * one message), then each value of the wrong type, in key order, with the value the stack has (`[secret]` for an
 * encrypted one). The CLI itself stops at the first of these.
 */
export function mergeStackConfig(
  stackName: string,
  project: ProjectDeclarations,
  stackConfig: Readonly<Record<string, StackConfigValue>>,
): Record<string, StackConfigValue> {
  const merged: Record<string, StackConfigValue> = { ...stackConfig };
  const missing: string[] = [];
  const keys = Object.keys(project.config).sort();
  for (const key of keys) {
    const t = project.config[key];
    const full = fullKey(project.name, key);
    if (full in merged) continue;
    const hasDefault = t.default !== undefined;
    const hasValue = t.value !== undefined;
    if (!hasDefault && !hasValue && full.startsWith(`${project.name}:`)) {
      missing.push(key);
    } else if (hasDefault || hasValue) {
      merged[full] = defaultValue(hasDefault ? t.default : t.value);
    }
  }
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`Stack '${stackName}' is missing configuration value${missing.length > 1 ? "s" : ""} ${formatMissingKeys(missing)}`);
  problems.push(...keys.flatMap((key) => typeProblem(stackName, key, project.config[key], merged[fullKey(project.name, key)])));
  if (problems.length > 0) throw new PulumiProjectError(problems);
  return merged;
}

/** `validateStackConfigValue` for one typed declaration: its problem, if any, with the value shown. */
function typeProblem(stackName: string, key: string, t: ProjectConfigType, value: StackConfigValue | undefined): string[] {
  if (t.type === undefined || value === undefined) return [];
  if (t.secret === true && !value.secure) return [`Stack '${stackName}' with configuration key '${key}' must be encrypted as it's secret`];
  // The CLI decrypts a `secure:` value before checking it; offline it cannot be decrypted, so only its being a
  // single value (not a structure) is known.
  if (value.secure && !value.object) return [];
  const content: unknown = value.object ? JSON.parse(value.text) : value.text;
  if (validateConfigValue(t.type, t.items, content)) return [];
  return [`Stack '${stackName}' with configuration key '${key}' must be of type '${fullTypeName(t.type, t.items)}' (the stack has ${shownValue(value)})`];
}

/** A stack value as a problem shows it: quoted, as JSON (shortened), or `[secret]`. */
function shownValue(value: StackConfigValue): string {
  if (value.secure) return "[secret]";
  if (!value.object) return JSON.stringify(value.text);
  return value.text.length > 80 ? `${value.text.slice(0, 77)}...` : value.text;
}

/** `formatMissingKeys`: 'a', or 'a', 'b' and 'c', sorted. */
function formatMissingKeys(keys: string[]): string {
  if (keys.length === 1) return `'${keys[0]}'`;
  const sorted = [...keys].sort();
  return `${sorted.slice(0, -1).map((k) => `'${k}'`).join(", ")} and '${sorted[sorted.length - 1]}'`;
}

/**
 * A stack file key as the CLI reads it: `stackConfigNamespacedWithProject` puts a key without a `:` in the project's
 * namespace, then `config.ParseKey` takes `<namespace>:<name>` or `<namespace>:config:<name>` and refuses the rest.
 */
export function stackKey(project: string, key: string): { full: string } | { problem: string } {
  const namespaced = key.includes(":") ? key : `${project}:${key}`;
  const parts = namespaced.split(":");
  if (parts.length === 2) return { full: namespaced };
  if (parts.length === 3 && parts[1] === "config") return { full: `${parts[0]}:${parts[2]}` };
  return { problem: `could not parse ${namespaced} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)` };
}

/**
 * A stack file's `config:` section as the CLI reads it (go-yaml v2, lib/stackYaml.ts), full keys (`stackKey`). Throws
 * `PulumiProjectError` with every problem: a YAML error (file, line and column), a key the CLI cannot parse, two
 * spellings of one key (the CLI keeps one of them at random), a value go-yaml cannot decode.
 */
export function readStackFile(yamlText: string, file: string, project: string): Record<string, StackConfigValue> {
  let doc: GoValue;
  try {
    doc = decodeGoYaml(yamlText);
  } catch (err) {
    if (!(err instanceof GoYamlError)) throw err;
    throw new PulumiProjectError(`${file}${err.line !== undefined ? `:${err.line}:${err.col}` : ""}: not valid YAML: ${err.message}`);
  }
  if (doc === null) return {};
  if (!isPlainObject(doc)) throw new PulumiProjectError(`${file}: a stack file is a YAML mapping with a config: section`);
  const config = doc.config ?? {};
  if (!isPlainObject(config)) throw new PulumiProjectError(`${file}: config: must be a mapping of keys to values`);
  const values: Record<string, StackConfigValue> = {};
  const spelt = new Map<string, string>();
  const problems: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const parsed = stackKey(project, key);
    if ("problem" in parsed) {
      problems.push(`${file}: ${parsed.problem}`);
      continue;
    }
    const earlier = spelt.get(parsed.full);
    if (earlier !== undefined) problems.push(`${file}: ${earlier} and ${key} are both ${parsed.full}; the Pulumi CLI keeps one of them at random: give it once`);
    spelt.set(parsed.full, key);
    try {
      values[parsed.full] = stackValueOf(value as GoValue);
    } catch (err) {
      problems.push(`${file}: ${key}: ${(err as Error).message}`);
    }
  }
  if (problems.length > 0) throw new PulumiProjectError(problems);
  return values;
}

/**
 * What the CLI lets through but this program never reads, each with the nearest key it knows: a key of the project's
 * namespace that `Pulumi.yaml` does not declare (the program refuses it: it declares every key it reads), and a key
 * whose namespace is a misspelling of the project's name (the CLI takes it for another package's config, so the
 * program never sees it).
 */
export function undeclaredKeys(project: ProjectDeclarations, stackConfig: Readonly<Record<string, StackConfigValue>>): string[] {
  const declared = Object.keys(project.config).filter((k) => !k.includes(":"));
  return Object.keys(stackConfig).flatMap((key) => {
    const namespace = key.slice(0, key.indexOf(":"));
    const name = key.slice(key.indexOf(":") + 1);
    if (namespace === project.name) {
      return declared.includes(name) ? [] : [`${key}: is not a config key of ${project.name}: Pulumi.yaml declares no such key${didYouMean(name, declared)}`];
    }
    if (editDistance(namespace, project.name) > 3) return [];
    const meant = declared.includes(name) ? name : (nearest(name, declared) ?? name);
    return [`${key}: ${namespace} is not this project's name: the Pulumi CLI takes it for another package's key and the program never reads it (did you mean ${project.name}:${meant}?)`];
  });
}

/**
 * The config a program is handed (`PULUMI_CONFIG`): every value a string, structured ones as JSON. An encrypted value
 * cannot be decrypted here; it is listed in `secretKeys` and left out of `values`.
 */
export function programConfig(merged: Readonly<Record<string, StackConfigValue>>): { values: Record<string, string>; secretKeys: string[] } {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(merged)) {
    if (value.secure) secretKeys.push(key);
    else values[key] = value.text;
  }
  return { values, secretKeys };
}
