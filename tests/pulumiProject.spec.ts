/**
 * The Pulumi CLI's config rules (lib/pulumiProject.ts, from pulumi/pulumi's workspace/config.go and project.go),
 * applied to this project's Pulumi.yaml with every stack file, the README's walkthrough and a regions-only stack:
 * what `pulumi preview` would refuse before the program runs fails here.
 */
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import {
  mergeStackConfig,
  programConfig,
  ProjectDeclarations,
  projectDeclarations,
  PulumiProjectError,
  readStackFile,
  StackConfigValue,
  stackKey,
  stackValueOf,
  undeclaredKeys,
  validateConfigValue,
} from "../lib/pulumiProject";
import { parseSettings, projectConfig } from "../settings";

const ROOT = join(__dirname, "..");
const PROJECT = projectDeclarations(parse(readFileSync(join(ROOT, "Pulumi.yaml"), "utf8")));
const STACK_FILES = readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f));

const plain = (text: string): StackConfigValue => ({ text, object: false, secure: false });
const object = (value: unknown): StackConfigValue => ({ text: JSON.stringify(value), object: true, secure: false });

/** Merge as the CLI does, then hand the result to the program's settings as the runtime would. */
function mergeAndParse(stack: string, values: Record<string, StackConfigValue>) {
  const merged = mergeStackConfig(stack, PROJECT, values);
  const { values: config, secretKeys } = programConfig(merged);
  assert.deepEqual(secretKeys, []);
  return parseSettings(projectConfig(config, PROJECT.name));
}

/**
 * The README's `pulumi up` walkthrough as the stack file the CLI would write: `pulumi config set k v` stores a plain
 * string under the project's namespace, `--path 'a.b' v` an object value.
 */
function readmeWalkthrough(): { stack: string; values: Record<string, StackConfigValue> } {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const block = /```bash\n(pulumi stack init [\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block !== undefined, "the README has a pulumi stack init walkthrough");
  const stack = /pulumi stack init (\S+)/.exec(block)?.[1] as string;
  const objects: Record<string, Record<string, unknown>> = {};
  const values: Record<string, StackConfigValue> = {};
  for (const line of block.split("\n")) {
    const set = /^pulumi config set (--path )?'?([^' ]+)'? (\S+)$/.exec(line.trim());
    if (set === null) continue;
    const [, path, key, value] = set;
    if (path !== undefined) {
      const [top, field] = key.split(".");
      objects[top] = { ...objects[top], [field]: value };
      values[`${PROJECT.name}:${top}`] = object(objects[top]);
    } else {
      values[`${PROJECT.name}:${key}`] = plain(value);
    }
  }
  return { stack, values };
}

describe("lib/pulumiProject: the Pulumi CLI's config rules", () => {
  describe("this project", () => {
    it("Pulumi.yaml passes the project schema and Project.Validate, and declares object keys as objects", () => {
      assert.equal(PROJECT.name, "drs-secured-network");
      assert.deepEqual(PROJECT.config["pulumi:disable-default-providers"], { value: ["aws", "aws-native"] });
      assert.equal(PROJECT.config.tags.type, "object");
      assert.deepEqual(PROJECT.config.sources.items, { type: "object" });
      const required = Object.entries(PROJECT.config).filter(([k, t]) => !k.includes(":") && t.default === undefined && t.value === undefined);
      assert.deepEqual(required.map(([k]) => k), ["drRegion"]);
    });

    for (const file of STACK_FILES) {
      it(`${file} passes the CLI's merge and type rules, and then the program's settings`, () => {
        const stack = file.replace(/^Pulumi\.|\.yaml$/g, "");
        const settings = mergeAndParse(stack, readStackFile(readFileSync(join(ROOT, file), "utf8"), file, PROJECT.name));
        assert.ok(settings.sources.length + settings.externalSources.length >= 1);
      });
    }

    it("there are stack files to check (dev, dev-drs, estate, failback, onprem, rollout)", () => {
      assert.deepEqual(STACK_FILES.sort(), ["Pulumi.dev-drs.yaml", "Pulumi.dev.yaml", "Pulumi.estate.yaml", "Pulumi.failback.yaml", "Pulumi.onprem.yaml", "Pulumi.rollout.yaml"]);
    });

    it("the README's walkthrough (pulumi config set ...) passes", () => {
      const { stack, values } = readmeWalkthrough();
      assert.equal(stack, "prod");
      assert.deepEqual(Object.keys(values).sort(), [
        "drs-secured-network:drRegion",
        "drs-secured-network:sourceRegion",
        "drs-secured-network:stagingVpcCidr",
        "drs-secured-network:tags",
      ]);
      const settings = mergeAndParse(stack, values);
      assert.equal(settings.sources[0].region, "eu-central-1");
      assert.deepEqual(settings.tags, { CostCentre: "dr-1234" });
    });

    it("a new stack with only sourceRegion and drRegion passes, with every default", () => {
      const settings = mergeAndParse("regions", { "drs-secured-network:sourceRegion": plain("eu-west-1"), "drs-secured-network:drRegion": plain("eu-west-2") });
      assert.deepEqual(settings, parseSettings({ sourceRegion: "eu-west-1", drRegion: "eu-west-2" }));
    });

    it("a stack without drRegion stops the CLI, as the program would", () => {
      assert.throws(() => mergeStackConfig("dev", PROJECT, { "drs-secured-network:sourceRegion": plain("eu-west-1") }), {
        message: "Stack 'dev' is missing configuration value 'drRegion'",
      });
    });

    it("a key declared later without a default would fail every stack (the rule this test guards)", () => {
      const future: ProjectDeclarations = { ...PROJECT, config: { ...PROJECT.config, newKey: { type: "string" } } };
      for (const file of STACK_FILES) {
        const values = readStackFile(readFileSync(join(ROOT, file), "utf8"), file, PROJECT.name);
        assert.throws(() => mergeStackConfig("s", future, values), { message: "Stack 's' is missing configuration value 'newKey'" });
      }
    });
  });

  describe("mergeConfig (config.go)", () => {
    const project: ProjectDeclarations = {
      name: "p",
      config: { b: { type: "string" }, a: { type: "integer" }, c: { type: "boolean" }, d: { default: 3 }, "aws:region": { value: "eu-west-1" } },
    };

    it("lists every missing key, sorted, joined with 'and'", () => {
      assert.throws(() => mergeStackConfig("s", project, {}), { message: "Stack 's' is missing configuration values 'a', 'b' and 'c'" });
      assert.throws(() => mergeStackConfig("s", project, { "p:a": plain("1") }), { message: "Stack 's' is missing configuration values 'b' and 'c'" });
    });

    it("fills in defaults and non-project values as createConfigValue does: primitives as strings, the rest as JSON", () => {
      const merged = mergeStackConfig("s", { name: "p", config: { n: { default: 3 }, l: { type: "array", items: { type: "string" }, default: [] }, "aws:region": { value: "eu-west-1" } } }, {});
      assert.deepEqual(merged, { "p:n": plain("3"), "p:l": object([]), "aws:region": plain("eu-west-1") });
    });

    it("keeps a stack's value over the default", () => {
      assert.deepEqual(mergeStackConfig("s", { name: "p", config: { n: { default: 3 } } }, { "p:n": plain("4") }), { "p:n": plain("4") });
    });

    it("checks each typed value against its declaration (validateStackConfigValue)", () => {
      const typed: ProjectDeclarations = {
        name: "p",
        config: {
          s: { type: "string", default: "x" },
          i: { type: "integer", default: 1 },
          b: { type: "boolean", default: true },
          o: { type: "object", default: {} },
          l: { type: "array", items: { type: "string" }, default: [] },
          ll: { type: "array", items: { type: "array", items: { type: "integer" } }, default: [] },
        },
      };
      // The CLI's message, then the value the stack has, which the CLI does not show.
      const fails = (key: string, value: StackConfigValue, type: string, shown: string) =>
        assert.throws(() => mergeStackConfig("s", typed, { [`p:${key}`]: value }), { message: `Stack 's' with configuration key '${key}' must be of type '${type}' (the stack has ${shown})` });
      fails("s", object(["eu-west-1"]), "string", '["eu-west-1"]');
      fails("i", plain("two"), "integer", '"two"');
      fails("i", plain("9223372036854775808"), "integer", '"9223372036854775808"');
      fails("b", plain("yes"), "boolean", '"yes"');
      fails("b", plain("True"), "boolean", '"True"');
      fails("o", object(["a"]), "object", '["a"]');
      fails("l", object([1]), "array<string>", "[1]");
      fails("ll", object([[1, "x"]]), "array<array<integer>>", '[[1,"x"]]');
      // YAML scalars are strings to the CLI: "24" is an integer, "true" a boolean, and 24 a string.
      assert.doesNotThrow(() => mergeStackConfig("s", typed, { "p:i": plain("24"), "p:b": plain("false"), "p:s": plain("24"), "p:ll": object([[1, 2]]) }));
    });

    it("refuses a structured key set as a JSON string (pulumi config set tags '{...}'), as the CLI does; --path or YAML objects pass", () => {
      assert.throws(() => mergeStackConfig("s", PROJECT, { "drs-secured-network:drRegion": plain("eu-west-2"), "drs-secured-network:sourceRegion": plain("eu-west-1"), "drs-secured-network:tags": plain('{"A":"b"}') }), {
        message: `Stack 's' with configuration key 'tags' must be of type 'object' (the stack has "{\\"A\\":\\"b\\"}")`,
      });
      assert.doesNotThrow(() => mergeStackConfig("s", PROJECT, { "drs-secured-network:drRegion": plain("eu-west-2"), "drs-secured-network:sourceRegion": plain("eu-west-1"), "drs-secured-network:tags": object({ A: "b" }) }));
    });

    it("refuses a plain value for a key declared secret", () => {
      const project: ProjectDeclarations = { name: "p", config: { k: { type: "string", secret: true, default: "x" } } };
      assert.throws(() => mergeStackConfig("s", project, { "p:k": plain("v") }), { message: "Stack 's' with configuration key 'k' must be encrypted as it's secret" });
      assert.doesNotThrow(() => mergeStackConfig("s", project, { "p:k": stackValueOf({ secure: "v1:abc" }) }));
    });
  });

  describe("the project file (project.go, project.json)", () => {
    it("rewrites shorthand values: a default for a project key, a value for any other", () => {
      const p = projectDeclarations({ name: "p", runtime: "nodejs", config: { size: "t3.micro", "aws:region": "eu-west-1", zones: ["a"] } });
      assert.deepEqual(p.config, { size: { default: "t3.micro" }, "aws:region": { value: "eu-west-1" }, zones: { default: ["a"] } });
    });

    it("accepts type object, and refuses a type outside the schema", () => {
      assert.doesNotThrow(() => projectDeclarations({ name: "p", config: { o: { type: "object", default: { a: 1 } } } }));
      assert.throws(() => projectDeclarations({ name: "p", config: { o: { type: "map" } } }), /#\/config\/o\/type: value must be one of "string", "integer", "boolean", "array", "object"/);
      assert.throws(() => projectDeclarations({ name: "p", config: { o: { type: "string", required: true } } }), /additionalProperties 'required' not allowed/);
    });

    it("applies Project.Validate", () => {
      const refuses = (config: Record<string, unknown>, message: string) => assert.throws(() => projectDeclarations({ name: "p", config }), { message });
      refuses({ l: { type: "array" } }, "The configuration key 'l' declares an array but does not specify the underlying type via the 'items' attribute");
      refuses({ i: { type: "integer", default: "x" } }, "The default value specified for configuration key 'i' is not of the expected type 'integer'");
      refuses({ l: { type: "array", items: { type: "string" }, default: [1] } }, "The default value specified for configuration key 'l' is not of the expected type 'array<string>'");
      refuses({ k: { default: 1, value: 2 } }, "project config 'k' cannot have both a 'default' and 'value' attribute");
      refuses({ "aws:region": { type: "string", value: "x" } }, "Configuration key 'aws:region' is not namespaced by the project and should not define a type");
      refuses(
        { "aws:region": { default: "x" } },
        "Configuration key 'aws:region' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?",
      );
      refuses({ "aws:region": { description: "x" } }, "Configuration key 'aws:region' is namespaced and must provide an attribute 'value'");
      assert.throws(() => projectDeclarations({ runtime: "nodejs" }), /missing a non-empty string 'name'/);
    });

    it("ValidateConfigValue: integers accept whole numbers and integer strings, booleans their two strings", () => {
      assert.equal(validateConfigValue("integer", undefined, 3), true);
      assert.equal(validateConfigValue("integer", undefined, 3.5), false);
      assert.equal(validateConfigValue("integer", undefined, "-12"), true);
      assert.equal(validateConfigValue("boolean", undefined, "true"), true);
      assert.equal(validateConfigValue("boolean", undefined, "True"), false);
      assert.equal(validateConfigValue("array", undefined, []), false);
    });
  });

  describe("stack files (config.Value)", () => {
    it("reads scalars as strings, mappings and sequences as JSON objects, secure: as encrypted", () => {
      const values = readStackFile("config:\n  num: 24\n  flag: true\n  str: x\n  obj: {b: [1], a: 2}\n  list: [a]\n  sec:\n    secure: v1:xyz\n  nested:\n    a:\n      secure: v1:abc\n", "f", "p");
      assert.deepEqual(values, {
        "p:num": plain("24"),
        "p:flag": plain("true"),
        "p:str": plain("x"),
        // encoding/json writes a map's keys sorted.
        "p:obj": { text: '{"a":2,"b":[1]}', object: true, secure: false },
        "p:list": object(["a"]),
        "p:sec": { text: "v1:xyz", object: false, secure: true },
        "p:nested": { text: '{"a":{"secure":"v1:abc"}}', object: true, secure: true },
      });
      assert.deepEqual(programConfig(values).secretKeys.sort(), ["p:nested", "p:sec"]);
      assert.equal("p:sec" in programConfig(values).values, false);
    });

    it("names the file, line and column of a syntax error, and ends the message with the reason, not a colon", () => {
      assert.throws(() => readStackFile("config:\n  a: [1\n", "Pulumi.x.yaml", "p"), {
        message: "Pulumi.x.yaml:3:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
      });
      assert.throws(() => readStackFile("- a\n", "Pulumi.x.yaml", "p"), /a stack file is a YAML mapping/);
    });

    // LoadProjectStackBytes (workspace/loaders.go) decodes the file with go-yaml v2 (encoding/marshal.go), writes it
    // back and decodes that into config.Value: the value checked and handed to the program is what go-yaml v2 (YAML
    // 1.1) made of the text, not the text. So 0x18, 0o30, 24.0 and False pass the CLI's integer and boolean checks.
    it("reads values as go-yaml v2 resolves and re-writes them, as the CLI's loader does", () => {
      const text = [
        "config:",
        "  p:hex: 0x18",
        "  p:octal: 0o30",
        "  p:oldOctal: 030",
        "  p:float: 24.0",
        "  p:big: 1e6",
        "  p:under: 1_000",
        "  p:False: False",
        "  p:yes: yes",
        "  p:off: off",
        "  p:tilde: ~",
        "  p:empty:",
        "  p:quoted: '0x18'",
        "  p:date: 2024-01-01",
        "  p:obj: {octal: 030, float: 2.0, flag: On}",
        "",
      ].join("\n");
      const values = readStackFile(text, "f", "p");
      const texts = Object.fromEntries(Object.entries(values).map(([k, v]) => [k.slice(2), v.text]));
      assert.deepEqual(texts, {
        hex: "24",
        octal: "24",
        oldOctal: "24",
        float: "24",
        big: "1e+06",
        under: "1000",
        False: "false",
        yes: "true",
        off: "false",
        tilde: "",
        empty: "",
        quoted: "0x18",
        date: "2024-01-01",
        obj: '{"flag":true,"float":2,"octal":24}',
      });
      const typed: ProjectDeclarations = {
        name: "p",
        config: {
          hex: { type: "integer" },
          octal: { type: "integer" },
          float: { type: "integer" },
          False: { type: "boolean" },
          yes: { type: "boolean" },
          big: { type: "integer", default: 1 },
          quoted: { type: "integer", default: 1 },
        },
      };
      // Only the float go-yaml writes in exponent form and the quoted string fail strconv.Atoi.
      assert.throws(() => mergeStackConfig("s", typed, values), (err: PulumiProjectError) => {
        assert.deepEqual(err.problems, [
          `Stack 's' with configuration key 'big' must be of type 'integer' (the stack has "1e+06")`,
          `Stack 's' with configuration key 'quoted' must be of type 'integer' (the stack has "0x18")`,
        ]);
        return true;
      });
    });

    it("takes a key without a namespace as the project's, and the old <namespace>:config:<name>; refuses any other (key.go ParseKey)", () => {
      assert.deepEqual(stackKey("p", "drRegion"), { full: "p:drRegion" });
      assert.deepEqual(stackKey("p", "aws:region"), { full: "aws:region" });
      assert.deepEqual(stackKey("p", "p:config:drRegion"), { full: "p:drRegion" });
      assert.deepEqual(stackKey("p", "a:b:c"), { problem: "could not parse a:b:c as a configuration key (configuration keys should be of the form `<namespace>:<name>`)" });
      assert.deepEqual(Object.keys(readStackFile("config:\n  drRegion: eu-west-2\n  p:config:tags: {}\n", "f", "p")), ["p:drRegion", "p:tags"]);
    });

    it("lists every key problem at once: an unparsable key, one key spelt twice", () => {
      const text = "config:\n  a:b:c: 1\n  drRegion: eu-west-2\n  p:drRegion: eu-west-1\n";
      assert.throws(() => readStackFile(text, "Pulumi.s.yaml", "p"), (err: PulumiProjectError) => {
        assert.deepEqual(err.problems, [
          "Pulumi.s.yaml: could not parse a:b:c as a configuration key (configuration keys should be of the form `<namespace>:<name>`)",
          "Pulumi.s.yaml: drRegion and p:drRegion are both p:drRegion; the Pulumi CLI keeps one of them at random: give it once",
        ]);
        return true;
      });
    });

    it("refuses a mapping key go-yaml v2 reads as a number or a boolean (SimplifyMarshalledProject), with its place", () => {
      assert.throws(() => readStackFile("config:\n  p:tags:\n    1: one\n", "f", "p"), { message: "f:3:5: not valid YAML: expected only string keys, got '%!s(int=1)'" });
      assert.throws(() => readStackFile("config:\n  p:tags:\n    Yes: x\n", "f", "p"), { message: "f:3:5: not valid YAML: expected only string keys, got '%!s(bool=true)'" });
      assert.deepEqual(readStackFile("config:\n  p:tags:\n    'Yes': x\n", "f", "p")["p:tags"].text, '{"Yes":"x"}');
    });

    it("expands anchors, aliases and merge keys as go-yaml v2 does, and refuses an anchor that holds itself without a JSON cycle", () => {
      const values = readStackFile("config:\n  p:a: &base {Team: dr, Env: dev}\n  p:b:\n    <<: *base\n    Env: prod\n  p:c: *base\n", "f", "p");
      assert.equal(values["p:b"].text, '{"Env":"prod","Team":"dr"}');
      assert.equal(values["p:c"].text, '{"Env":"dev","Team":"dr"}');
      for (const text of ["config:\n  p:a: &x [*x]\n", "config:\n  p:a: &x {b: *x}\n"]) {
        assert.throws(
          () => readStackFile(text, "f", "p"),
          (err: Error) => /^f:2:\d+: not valid YAML: anchor 'x' value contains itself$/.test(err.message) && !/circular/i.test(err.message),
        );
      }
      assert.throws(() => readStackFile("config:\n  p:a: *nope\n", "f", "p"), { message: "f:2:8: not valid YAML: unknown anchor 'nope' referenced" });
    });

    it("reads !!omap as the list it is to go-yaml v2 (the CLI then refuses it for an object key), and keeps a __proto__ key", () => {
      const values = readStackFile("config:\n  p:tags: !!omap [{A: b}]\n  p:other:\n    __proto__: x\n", "f", "p");
      assert.equal(values["p:tags"].text, '[{"A":"b"}]');
      assert.equal(values["p:other"].text, '{"__proto__":"x"}');
      assert.throws(() => mergeStackConfig("s", { name: "p", config: { tags: { type: "object", default: {} } } }, values), /'tags' must be of type 'object' \(the stack has \[\{"A":"b"\}\]\)/);
    });
  });

  describe("every problem at once", () => {
    it("names the missing key, each value of the wrong type with its value, and the unknown key with the nearest known one", () => {
      const values = readStackFile("config:\n  drRegoin: eu-west-2\n  sourceRegion: eu-west-1\n  subnetPrefixLength: 24.5\n  stagingNetworkAcl: maybe\n", "Pulumi.s.yaml", PROJECT.name);
      assert.throws(() => mergeStackConfig("s", PROJECT, values), (err: PulumiProjectError) => {
        assert.deepEqual(err.problems, [
          "Stack 's' is missing configuration value 'drRegion'",
          `Stack 's' with configuration key 'stagingNetworkAcl' must be of type 'boolean' (the stack has "maybe")`,
          `Stack 's' with configuration key 'subnetPrefixLength' must be of type 'integer' (the stack has "24.5")`,
        ]);
        assert.match(err.message, /^3 problems found before the program runs \(the Pulumi CLI's rules, this program's keys\):\n {2}- Stack 's' is missing/);
        return true;
      });
      assert.deepEqual(undeclaredKeys(PROJECT, values), [
        "drs-secured-network:drRegoin: is not a config key of drs-secured-network: Pulumi.yaml declares no such key (did you mean drRegion?)",
      ]);
    });

    it("names a key whose namespace misspells the project's, which the CLI takes for another package's and the program never reads", () => {
      const values = readStackFile("config:\n  drs-secure-network:drRegion: eu-west-2\n  aws:region: eu-west-1\n", "f", PROJECT.name);
      assert.deepEqual(undeclaredKeys(PROJECT, values), [
        "drs-secure-network:drRegion: drs-secure-network is not this project's name: the Pulumi CLI takes it for another package's key and the program never reads it (did you mean drs-secured-network:drRegion?)",
      ]);
    });
  });
});
