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
  readStackFile,
  StackConfigValue,
  stackValueOf,
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
      assert.deepEqual(PROJECT.config["pulumi:disable-default-providers"], { value: ["aws"] });
      assert.equal(PROJECT.config.tags.type, "object");
      assert.deepEqual(PROJECT.config.sources.items, { type: "object" });
      const required = Object.entries(PROJECT.config).filter(([k, t]) => !k.includes(":") && t.default === undefined && t.value === undefined);
      assert.deepEqual(required.map(([k]) => k), ["drRegion"]);
    });

    for (const file of STACK_FILES) {
      it(`${file} passes the CLI's merge and type rules, and then the program's settings`, () => {
        const stack = file.replace(/^Pulumi\.|\.yaml$/g, "");
        const settings = mergeAndParse(stack, readStackFile(readFileSync(join(ROOT, file), "utf8"), file, PROJECT.name));
        assert.ok(settings.sources.length >= 1);
      });
    }

    it("there are stack files to check (dev, dev-drs, estate, rollout)", () => {
      assert.deepEqual(STACK_FILES.sort(), ["Pulumi.dev-drs.yaml", "Pulumi.dev.yaml", "Pulumi.estate.yaml", "Pulumi.rollout.yaml"]);
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
      const fails = (key: string, value: StackConfigValue, type: string) =>
        assert.throws(() => mergeStackConfig("s", typed, { [`p:${key}`]: value }), { message: `Stack 's' with configuration key '${key}' must be of type '${type}'` });
      fails("s", object(["eu-west-1"]), "string");
      fails("i", plain("two"), "integer");
      fails("b", plain("yes"), "boolean");
      fails("o", object(["a"]), "object");
      fails("l", object([1]), "array<string>");
      fails("ll", object([[1, "x"]]), "array<array<integer>>");
      // YAML scalars are strings to the CLI: "24" is an integer, "true" a boolean, and 24 a string.
      assert.doesNotThrow(() => mergeStackConfig("s", typed, { "p:i": plain("24"), "p:b": plain("false"), "p:s": plain("24"), "p:ll": object([[1, 2]]) }));
    });

    it("refuses a structured key set as a JSON string (pulumi config set tags '{...}'), as the CLI does; --path or YAML objects pass", () => {
      assert.throws(() => mergeStackConfig("s", PROJECT, { "drs-secured-network:drRegion": plain("eu-west-2"), "drs-secured-network:sourceRegion": plain("eu-west-1"), "drs-secured-network:tags": plain('{"A":"b"}') }), {
        message: "Stack 's' with configuration key 'tags' must be of type 'object'",
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
      const values = readStackFile("config:\n  n: 24\n  t: true\n  s: x\n  o: {a: [1]}\n  l: [a]\n  sec:\n    secure: v1:xyz\n  nested:\n    a:\n      secure: v1:abc\n", "f", "p");
      assert.deepEqual(values, {
        "p:n": plain("24"),
        "p:t": plain("true"),
        "p:s": plain("x"),
        "p:o": object({ a: [1] }),
        "p:l": object(["a"]),
        "p:sec": { text: "v1:xyz", object: false, secure: true },
        "p:nested": { text: '{"a":{"secure":"v1:abc"}}', object: true, secure: true },
      });
      assert.deepEqual(programConfig(values).secretKeys, ["p:sec", "p:nested"]);
      assert.equal("p:sec" in programConfig(values).values, false);
    });

    it("names the file, line and column of a syntax error", () => {
      assert.throws(() => readStackFile("config:\n  a: [1\n", "Pulumi.x.yaml", "p"), /^PulumiProjectError: Pulumi\.x\.yaml:3:1: not valid YAML: Flow sequence/);
      assert.throws(() => readStackFile("- a\n", "Pulumi.x.yaml", "p"), /a stack file is a YAML mapping/);
    });
  });
});
