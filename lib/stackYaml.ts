/**
 * A stack file's YAML as the Pulumi CLI reads it, which is not how the `yaml` package reads YAML by default. Pure.
 *
 * pulumi/pulumi `sdk/go/common/workspace/loaders.go` `LoadProjectStackBytes` decodes the file into plain values with
 * go-yaml v2 (`sdk/go/common/encoding/marshal.go` imports `gopkg.in/yaml.v2`; `SimplifyMarshalledProject` in
 * `project.go` casts its `map[interface{}]interface{}` maps), namespaces the keys (`stackConfigNamespacedWithProject`),
 * writes the whole back with go-yaml v2 and decodes that into `config.Value`s (`resource/config/value.go`). So a
 * value reaches the CLI's type check, and the program, as go-yaml v2 resolved and re-wrote it, not as it was typed:
 * go-yaml v2 follows YAML 1.1 (go-yaml/yaml branch v2, `resolve.go`): `yes`, `on`, `y` and `False` are booleans,
 * `0x18`, `030` (octal) and `1_000` integers, `24.0` a float written back as `24`, `~` null (an empty string).
 * Anchors and merge keys (`<<`) are expanded; an alias inside its own anchor is an error, not a cycle; a mapping key
 * that is not a string fails `SimplifyMarshalledProject`. Only the first document is read.
 */
import { Alias, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseAllDocuments, Scalar } from "yaml";
import type { Document } from "yaml";

/** A float as go-yaml v2 resolved it, kept apart from an integer: go-yaml writes it back differently (`1e+06`). */
export class GoFloat {
  constructor(public readonly value: number) {}
}

/** A value go-yaml v2 decodes into `interface{}`: integers as numbers (bigint beyond 2^53), floats as `GoFloat`. */
export type GoValue = null | boolean | string | number | bigint | GoFloat | GoValue[] | { [key: string]: GoValue };

/** What go-yaml v2 or the CLI's loader refuses, with the place in the file where it is known. */
export class GoYamlError extends Error {
  constructor(
    message: string,
    public readonly line?: number,
    public readonly col?: number,
  ) {
    super(message);
    this.name = "GoYamlError";
  }
}

const BOOLEANS: Readonly<Record<string, boolean>> = Object.fromEntries([
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].map((w) => [w, true]),
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"].map((w) => [w, false]),
]);
const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const SPECIAL_FLOATS: Readonly<Record<string, number>> = Object.fromEntries([
  ...[".nan", ".NaN", ".NAN"].map((w) => [w, NaN]),
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((w) => [w, Infinity]),
  ...["-.inf", "-.Inf", "-.INF"].map((w) => [w, -Infinity]),
]);
/** `yamlStyleFloat` of resolve.go. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's `strconv.ParseInt(s, 0, 64)` (`unsigned`: `ParseUint(s, 0, 64)`): sign, base prefix or leading 0 for octal. */
function goParseInt(s: string, unsigned: boolean): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (m === null || (unsigned && m[1] !== "")) return undefined;
  const body = m[2];
  const digits = /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body;
  const value = (m[1] === "-" ? -1n : 1n) * BigInt(digits);
  if (unsigned) return value <= UINT64_MAX ? value : undefined;
  return value >= INT64.min && value <= INT64.max ? value : undefined;
}

const asInt = (v: bigint): number | bigint => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);

/** go-yaml v2 `resolve("", s)` for a plain scalar decoded into `interface{}` (a timestamp stays a string there). */
export function resolvePlainScalar(s: string): GoValue {
  if (NULLS.has(s)) return null;
  if (Object.hasOwn(BOOLEANS, s)) return BOOLEANS[s];
  if (Object.hasOwn(SPECIAL_FLOATS, s)) return new GoFloat(SPECIAL_FLOATS[s]);
  if (s.startsWith(".")) return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) ? new GoFloat(Number(s)) : s;
  if (!/^[0-9+-]/.test(s)) return s;
  const plain = s.replaceAll("_", "");
  const int = goParseInt(plain, false) ?? goParseInt(plain, true);
  if (int !== undefined) return asInt(int);
  if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return new GoFloat(Number(plain));
  return s;
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 64)`: the shortest digits, exponent form below 1e-4 and from 1e+06. */
export function goFormatFloat(f: number): string {
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const [mantissa, exponent] = Math.abs(f).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exp = Number(exponent);
  const sign = f < 0 ? "-" : "";
  if (exp < -4 || exp >= 6) {
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ""}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  return point >= digits.length ? `${sign}${digits}${"0".repeat(point - digits.length)}` : `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A scalar's text once go-yaml v2 has written it back and `config.Value` read it into a string: `24` for 24 and for
 * 24.0, `true` for yes, `""` for null, `.inf` for an infinite float.
 */
export function goScalarText(value: GoValue): string {
  if (value === null) return "";
  if (value instanceof GoFloat) {
    if (Number.isNaN(value.value)) return ".nan";
    if (!Number.isFinite(value.value)) return value.value > 0 ? ".inf" : "-.inf";
    return goFormatFloat(value.value);
  }
  return String(value);
}

/** Go's `json.Marshal` of a decoded value, as `config.Value` stores an object: map keys sorted. */
export function goJson(value: GoValue): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value instanceof GoFloat) {
    if (!Number.isFinite(value.value)) throw new GoYamlError(`${goScalarText(value)} cannot be written as JSON (the Pulumi CLI fails with "json: unsupported value")`);
    return JSON.stringify(value.value);
  }
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${goJson(value[k])}`).join(",")}}`;
}

/** A mapping key as Go's `%s` prints a non-string (`%!s(int=1)`), for `SimplifyMarshalledProject`'s message. */
function goPrintS(key: GoValue): string {
  if (key === null) return "%!s(<nil>)";
  if (typeof key === "boolean") return `%!s(bool=${key})`;
  if (typeof key === "number" || typeof key === "bigint") return `%!s(int=${key})`;
  if (key instanceof GoFloat) return `%!s(float64=${goScalarText(key)})`;
  return String(key);
}

const SHORT_TAGS: Readonly<Record<string, string>> = { str: "!!str", int: "!!int", float: "!!float", bool: "!!bool", null: "!!null", binary: "!!binary" };
const kindOf = (v: GoValue) => (v === null ? "!!null" : typeof v === "boolean" ? "!!bool" : v instanceof GoFloat ? "!!float" : typeof v === "string" ? "!!str" : "!!int");

/** A decoder of one document: aliases expanded once each level, merge keys applied, positions for errors. */
class Decoder {
  private readonly expanding = new Set<Alias>();
  private produced = 0;

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  error(node: Node | undefined, message: string): GoYamlError {
    const pos = node?.range !== undefined && node.range !== null ? this.lines.linePos(node.range[0]) : undefined;
    return new GoYamlError(message, pos?.line, pos?.col);
  }

  value(node: Node | null | undefined): GoValue {
    // go-yaml v2 stops a document whose aliases expand past its limits ("document contains excessive aliasing").
    if (++this.produced > 100_000) throw this.error(node ?? undefined, "document contains excessive aliasing");
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.alias(node);
    if (isScalar(node)) return this.scalar(node);
    // `!!omap` and `!!pairs` are plain sequences to go-yaml v2; the yaml package hands their entries over as pairs.
    if (isSeq(node)) return node.items.map((item) => (isPair(item) ? this.mapping([item], {}) : this.value(item as Node)));
    if (isMap(node)) return this.mapping(node.items, {});
    throw this.error(node, "unsupported YAML node");
  }

  private alias(node: Alias): GoValue {
    const target = node.resolve(this.doc);
    if (target === undefined) throw this.error(node, `unknown anchor '${node.source}' referenced`);
    if (this.expanding.has(node)) throw this.error(node, `anchor '${node.source}' value contains itself`);
    this.expanding.add(node);
    try {
      return this.value(target as Node);
    } finally {
      this.expanding.delete(node);
    }
  }

  private scalar(node: Scalar): GoValue {
    const text = String(node.value);
    if (node.tag !== undefined) return this.tagged(node, node.tag.replace(/^tag:yaml\.org,2002:/, ""), text);
    return node.type === "PLAIN" ? resolvePlainScalar(text) : text;
  }

  /** go-yaml v2 `resolve(tag, s)`: `!!str` takes anything; another standard tag must match what the text is. */
  private tagged(node: Scalar, tag: string, text: string): GoValue {
    const wanted = SHORT_TAGS[tag];
    if (wanted === undefined || wanted === "!!str") return text;
    if (wanted === "!!binary") return Buffer.from(text.replace(/\s+/g, ""), "base64").toString("utf8");
    const resolved = resolvePlainScalar(text);
    if (kindOf(resolved) === wanted) return resolved;
    if (wanted === "!!float" && (typeof resolved === "number" || typeof resolved === "bigint")) return new GoFloat(Number(resolved));
    throw this.error(node, `cannot decode ${kindOf(resolved)} \`${text}\` as a ${wanted}`);
  }

  /** A mapping into `into`, in order: a later key replaces an earlier one, as go-yaml v2 sets map entries. */
  private mapping(items: readonly unknown[], into: Record<string, GoValue>): Record<string, GoValue> {
    for (const pair of items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && keyNode.type === "PLAIN" && (keyNode.tag === undefined || keyNode.tag.endsWith(":merge")) && keyNode.value === "<<") {
        this.merge(pair.value as Node | null, into);
        continue;
      }
      const key = this.value(keyNode);
      // SimplifyMarshalledProject (project.go): "expected only string keys, got '%s'".
      if (typeof key !== "string") throw this.error(keyNode ?? undefined, `expected only string keys, got '${goPrintS(key)}'`);
      Object.defineProperty(into, key, { value: this.value(pair.value as Node | null), enumerable: true, writable: true, configurable: true });
    }
    return into;
  }

  /** go-yaml v2 `merge`: a mapping, or a sequence of them applied last to first so the first one wins. */
  private merge(node: Node | null, into: Record<string, GoValue>): void {
    const target = isAlias(node) ? (node.resolve(this.doc) as Node | undefined) : node;
    if (isMap(target)) {
      this.mapping(target.items, into);
    } else if (isSeq(target)) {
      for (const item of [...target.items].reverse()) {
        const map = isAlias(item) ? item.resolve(this.doc) : item;
        if (!isMap(map)) throw this.error(node ?? undefined, "map merge requires map or sequence of maps as the value");
        this.mapping(map.items, into);
      }
    } else {
      throw this.error(node ?? undefined, "map merge requires map or sequence of maps as the value");
    }
  }
}

/** The first YAML document of `text` as go-yaml v2 decodes it into `interface{}`; `null` for an empty file. */
export function decodeGoYaml(text: string): GoValue {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, schema: "failsafe", uniqueKeys: false, merge: false });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (doc === undefined) return null;
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    // The yaml package ends its message with " at line L, column C:" and an excerpt; the position is kept apart.
    const first = syntax.message.split("\n")[0].replace(/ at line \d+, column \d+:?\s*$/, "");
    throw new GoYamlError(first, syntax.linePos?.[0].line, syntax.linePos?.[0].col);
  }
  return new Decoder(doc, lines).value(doc.contents as Node | null);
}
