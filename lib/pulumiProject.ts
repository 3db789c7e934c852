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
 * Pure: no Pulumi runtime.
 */
import { parse as parseYaml } from "yaml";

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

/** A problem the CLI reports, with its message. */
export class PulumiProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PulumiProjectError";
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

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
      // Whole numbers, and strings that strconv.Atoi accepts.
      return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^[+-]?\d+$/.test(value));
    case "boolean":
      return value === true || value === false || value === "true" || value === "false";
    case "object":
      return isPlainObject(value);
    default:
      return Array.isArray(value) && items !== undefined && value.every((item) => validateConfigValue(items.type, items.items, item));
  }
}

/** A stack file's `config:` value as the CLI reads it (`config.Value`'s YAML unmarshalling). */
export function stackValueOf(yamlValue: unknown): StackConfigValue {
  if (isPlainObject(yamlValue) && Object.keys(yamlValue).length === 1 && typeof yamlValue.secure === "string") {
    return { text: yamlValue.secure, object: false, secure: true };
  }
  if (isPlainObject(yamlValue) || Array.isArray(yamlValue)) {
    return { text: JSON.stringify(yamlValue), object: true, secure: holdsSecure(yamlValue) };
  }
  // A scalar unmarshals into a string: `24` is "24", `true` is "true". A null is an empty string.
  return { text: yamlValue === null || yamlValue === undefined ? "" : String(yamlValue), object: false, secure: false };
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
 * defaults and values filled in. Throws `PulumiProjectError` with the CLI's message for missing required keys, then
 * for the first value of the wrong type.
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
  if (missing.length > 0) {
    throw new PulumiProjectError(`Stack '${stackName}' is missing configuration value${missing.length > 1 ? "s" : ""} ${formatMissingKeys(missing)}`);
  }
  // validateStackConfigValues: every explicitly typed declaration, in key order.
  for (const key of keys) {
    const t = project.config[key];
    const value = merged[fullKey(project.name, key)];
    if (t.type === undefined || value === undefined) continue;
    if (t.secret === true && !value.secure) {
      throw new PulumiProjectError(`Stack '${stackName}' with configuration key '${key}' must be encrypted as it's secret`);
    }
    // The CLI decrypts a `secure:` value before checking it; offline it cannot be decrypted, so only its being a
    // single value (not a structure) is known.
    if (value.secure && !value.object) continue;
    const content: unknown = value.object ? JSON.parse(value.text) : value.text;
    if (!validateConfigValue(t.type, t.items, content)) {
      throw new PulumiProjectError(`Stack '${stackName}' with configuration key '${key}' must be of type '${fullTypeName(t.type, t.items)}'`);
    }
  }
  return merged;
}

/** `formatMissingKeys`: 'a', or 'a', 'b' and 'c', sorted. */
function formatMissingKeys(keys: string[]): string {
  if (keys.length === 1) return `'${keys[0]}'`;
  const sorted = [...keys].sort();
  return `${sorted.slice(0, -1).map((k) => `'${k}'`).join(", ")} and '${sorted[sorted.length - 1]}'`;
}

/**
 * A stack file's `config:` section as the CLI reads it, full keys (`fullKey`). A YAML syntax error names the file, line
 * and column.
 */
export function readStackFile(yamlText: string, file: string, project: string): Record<string, StackConfigValue> {
  let parsed: unknown;
  try {
    parsed = parseYaml(yamlText);
  } catch (err) {
    const pos = (err as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const first = (err as Error).message.split("\n")[0];
    throw new PulumiProjectError(`${file}${pos !== undefined ? `:${pos.line}:${pos.col}` : ""}: not valid YAML: ${first}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed)) throw new PulumiProjectError(`${file}: a stack file is a YAML mapping with a config: section`);
  const config = parsed.config ?? {};
  if (!isPlainObject(config)) throw new PulumiProjectError(`${file}: config: must be a mapping of keys to values`);
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [fullKey(project, key), stackValueOf(value)]));
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
