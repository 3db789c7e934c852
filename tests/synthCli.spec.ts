import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { failureSummary, HELP, loadStack, main, offlineAccount, parseArgs, summaryLine } from "../synth/cli";
import { PulumiProjectError } from "../lib/pulumiProject";
import { buildReport } from "../synth/report";
import { declaredResources, synth } from "../synth/run";
import { parseSettings } from "../settings";

const ROOT = join(__dirname, "..");

async function runMain(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, (t) => (out += t), (t) => (err += t), ROOT);
  return { code, out, err };
}

describe("synth/cli", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "drs-synth-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe("parseArgs", () => {
    it("defaults to the dev stack and stdout", () => {
      assert.deepEqual(parseArgs([]), { source: { stack: "dev" }, jsonFile: undefined, markdownFile: undefined, quotas: {} });
    });

    it("takes a stack or a config file, and output files", () => {
      assert.deepEqual(parseArgs(["--stack", "prod", "--json", "r.json", "--markdown", "r.md"]), { source: { stack: "prod" }, jsonFile: "r.json", markdownFile: "r.md", quotas: {} });
      assert.deepEqual(parseArgs(["--config", "x.yaml"]).source, { configFile: "x.yaml" });
    });

    it("takes raised quotas for the mock account, by Service Quotas code, and refuses any other", () => {
      assert.deepEqual(parseArgs(["--quota", "L-F678F1CE=20", "--quota", "L-7E9ECCDB=100"]).quotas, { "L-F678F1CE": 20, "L-7E9ECCDB": 100 });
      assert.throws(() => parseArgs(["--quota", "L-F678F1CE"]), /--quota takes <code>=<value>, a Service Quotas code and a whole number, e\.g\. L-F678F1CE=20; not L-F678F1CE/);
      assert.throws(() => parseArgs(["--quota", "L-F678F1CE=0"]), /--quota takes <code>=<value>/);
      assert.throws(() => parseArgs(["--quota", "L-12345678=5"]), /--quota L-12345678 is not a quota the program reads \(L-F678F1CE, /);
    });

    it("refuses unknown flags, missing values, both sources and odd stack names", () => {
      assert.throws(() => parseArgs(["--stak", "dev"]), /unknown argument --stak/);
      assert.throws(() => parseArgs(["--json"]), /--json needs a value/);
      assert.throws(() => parseArgs(["--stack", "dev", "--config", "x.yaml"]), /not both/);
      assert.throws(() => parseArgs(["--stack", "../etc/passwd"]), /not a stack name/);
    });
  });

  describe("AWS quotas in the report", () => {
    /** A stack file with `n` created sources in eu-west-1. */
    const sixSources = (file: string) =>
      writeFileSync(
        file,
        [
          "config:",
          "  drs-secured-network:drRegion: eu-west-2",
          `  drs-secured-network:sources: ${JSON.stringify(Array.from({ length: 6 }, (_, i) => ({ name: `s${i + 1}`, region: "eu-west-1", vpcCidr: `10.${i + 1}.0.0/16` })))}`,
          "",
        ].join("\n"),
      );

    it("shows each quota's need, the mock account's value, AWS's default and the headroom, tightest first, in JSON and Markdown", async () => {
      const { code } = await runMain(["--stack", "dev", "--json", join(dir, "r.json"), "--markdown", join(dir, "r.md")]);
      assert.equal(code, 0);
      const json = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as { quotas: { code: string; region: string; need: number; applied: number; defaultValue: number; headroom: number; what: string }[] };
      const vpcs = json.quotas.find((q) => q.code === "L-F678F1CE" && q.region === "eu-west-1");
      assert.deepEqual(vpcs, { quota: "vpcsPerRegion", serviceCode: "vpc", code: "L-F678F1CE", name: "VPCs per Region", region: "eu-west-1", credentials: "the ambient credentials", need: 2, what: "VPCs in eu-west-1", defaultValue: 5, applied: 5, headroom: 3 });
      assert.deepEqual(
        json.quotas.filter((q) => q.code === "L-2AEEBF1A").map((q) => [q.region, q.what, q.need]),
        [["eu-west-2", "staging-nacl inbound", 7], ["eu-west-1", "source-default-nacl inbound", 4]],
      );
      const markdown = readFileSync(join(dir, "r.md"), "utf8");
      assert.match(markdown, /## AWS quotas\n/);
      assert.match(markdown, /\| VPCs per Region \| vpc L-F678F1CE \| eu-west-1 \| the ambient credentials \| 2 \| VPCs in eu-west-1 \| 5 \| 5 \| 3 \|/);
    });

    it("refuses a network the mock account's default quotas cannot hold, and deploys it with --quota", async () => {
      const file = join(dir, "six.yaml");
      sixSources(file);
      const refused = await runMain(["--config", file]);
      assert.equal(refused.code, 2);
      assert.match(refused.err, /sources: need 7 of AWS's quota "VPCs per Region" \(vpc L-F678F1CE\) in eu-west-1/);
      assert.match(refused.err, /AWS's default quotas \(give raised ones with --quota <code>=<value>\)/);
      const raised = await runMain(["--config", file, "--quota", "L-F678F1CE=7", "--json", join(dir, "r.json")]);
      assert.equal(raised.code, 0, raised.err);
      const json = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as { quotas: { code: string; region: string; applied: number; headroom: number }[] };
      assert.deepEqual(json.quotas.filter((q) => q.code === "L-F678F1CE" && q.region === "eu-west-1").map((q) => [q.applied, q.headroom]), [[7, 0]]);
    });
  });

  describe("loadStack: the stack as the Pulumi CLI hands it to the program", () => {
    const PROJECT_YAML = readFileSync(join(ROOT, "Pulumi.yaml"), "utf8");
    const stackIn = (name: string, text: string) => {
      writeFileSync(join(dir, "Pulumi.yaml"), PROJECT_YAML);
      writeFileSync(join(dir, `Pulumi.${name}.yaml`), text);
    };

    it("merges Pulumi.yaml's defaults into the stack file's values, as strings and JSON", () => {
      stackIn("x", "config:\n  drs-secured-network:drRegion: eu-west-2\n  sourceRegion: eu-west-1\n  drs-secured-network:tags:\n    A: b\n  drs-secured-network:subnetPrefixLength: 26\n");
      const { name, config } = loadStack(dir, { stack: "x" });
      assert.equal(name, "x");
      assert.equal(config["drs-secured-network:drRegion"], "eu-west-2");
      assert.equal(config["drs-secured-network:sourceRegion"], "eu-west-1");
      assert.equal(config["drs-secured-network:tags"], '{"A":"b"}');
      assert.equal(config["drs-secured-network:subnetPrefixLength"], "26");
      // From Pulumi.yaml: the defaults, and the non-project value.
      assert.equal(config["drs-secured-network:stagingVpcCidr"], "10.0.0.0/16");
      assert.equal(config["drs-secured-network:sourceAvailabilityZones"], "[]");
      assert.equal(config["drs-secured-network:sourceVpc"], "{}");
      assert.equal(config["pulumi:disable-default-providers"], '["aws","aws-native"]');
    });

    it("refuses what the CLI refuses: a missing required key, a value of the wrong type", () => {
      stackIn("x", "config:\n  drs-secured-network:sourceRegion: eu-west-1\n");
      assert.throws(() => loadStack(dir, { stack: "x" }), { message: "Stack 'x' is missing configuration value 'drRegion'" });
      stackIn("y", "config:\n  drs-secured-network:drRegion: eu-west-2\n  drs-secured-network:sourceRegion: [eu-west-1]\n");
      assert.throws(() => loadStack(dir, { stack: "y" }), { message: `Stack 'y' with configuration key 'sourceRegion' must be of type 'string' (the stack has ["eu-west-1"])` });
    });

    it("reports every problem at once: the missing key with the misspelt one and its nearest known key, each bad value with its value", () => {
      stackIn("typo", "config:\n  drRegoin: eu-west-2\n  sourceRegion: eu-west-1\n  subnetPrefixLength: 24.5\n");
      assert.throws(() => loadStack(dir, { stack: "typo" }), (e: PulumiProjectError) => {
        assert.deepEqual(e.problems, [
          "Stack 'typo' is missing configuration value 'drRegion'",
          `Stack 'typo' with configuration key 'subnetPrefixLength' must be of type 'integer' (the stack has "24.5")`,
          "drs-secured-network:drRegoin: is not a config key of drs-secured-network: Pulumi.yaml declares no such key (did you mean drRegion?)",
        ]);
        return true;
      });
    });

    it("says so when the stack file is empty, beside the CLI's missing key", () => {
      stackIn("empty", "");
      assert.throws(() => loadStack(dir, { stack: "empty" }), (e: PulumiProjectError) => {
        assert.deepEqual(e.problems, ["Stack 'empty' is missing configuration value 'drRegion'", `${join(dir, "Pulumi.empty.yaml")} sets no config value: it is empty, or has no config: section`]);
        return true;
      });
    });

    it("says in words that a --config file or Pulumi.yaml is missing, never a raw ENOENT", async () => {
      assert.throws(() => loadStack(ROOT, { configFile: join(dir, "nope.yaml") }), { message: `the stack file ${join(dir, "nope.yaml")} does not exist` });
      assert.throws(() => loadStack(dir, { stack: "dev" }), { message: `the project file ${join(dir, "Pulumi.yaml")} does not exist` });
      const { code, err } = await runMain(["--config", join(dir, "nope.yaml")]);
      assert.equal(code, 2);
      assert.equal(err, `the stack file ${join(dir, "nope.yaml")} does not exist\n`);
      assert.doesNotMatch(err, /ENOENT/);
    });

    it("names an encrypted value without showing it, and never its ciphertext", () => {
      stackIn("s", "config:\n  drs-secured-network:drRegion: eu-west-2\n  drs-secured-network:sourceRegion: eu-west-1\n  drs-secured-network:tags:\n    Owner:\n      secure: v1:c2VjcmV0LW93bmVy\n");
      assert.throws(
        () => loadStack(dir, { stack: "s" }),
        (e: Error) => e.message.includes("drs-secured-network:tags: [secret] is a secret") && !e.message.includes("v1:c2VjcmV0") && !e.message.includes("Owner"),
      );
    });

    it("names the file, line and column of a YAML syntax error", () => {
      stackIn("broken", "config:\n  drs-secured-network:drRegion: eu-west-2\n  drs-secured-network:tags: {A: b\n");
      assert.throws(() => loadStack(dir, { stack: "broken" }), (e: Error) => new RegExp(`Pulumi\\.broken\\.yaml:4:1: not valid YAML: .*[^:]$`).test(e.message));
    });

    it("refuses an anchor that holds itself with the CLI's reason, never a JSON cycle", () => {
      stackIn("loop", "config:\n  drs-secured-network:drRegion: eu-west-2\n  drs-secured-network:sources: &s [{name: app, region: eu-west-1, vpcCidr: 10.1.0.0/16, more: *s}]\n");
      assert.throws(() => loadStack(dir, { stack: "loop" }), (e: Error) => /not valid YAML: anchor 's' value contains itself$/.test(e.message) && !/circular/i.test(e.message));
    });

    it("lists the stacks that exist when asked for one that does not", () => {
      stackIn("alpha", "config: {}\n");
      stackIn("beta", "config: {}\n");
      assert.throws(() => loadStack(dir, { stack: "gamma" }), { message: 'there is no stack "gamma" here (no Pulumi.gamma.yaml); the stacks are: alpha, beta' });
    });
  });

  it("confirms an adopted VPC offline exactly as configured", () => {
    const settings = parseSettings({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", sourceVpc: { vpcId: "vpc-01234567", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-01234567"], subnetIds: ["subnet-01234567"] } });
    const account = offlineAccount(settings);
    assert.deepEqual(account.vpcs, { "vpc-01234567": { region: "eu-west-1", cidrBlocks: ["172.20.0.0/16"] } });
    assert.deepEqual(account.routeTables, { "rtb-01234567": { region: "eu-west-1", vpcId: "vpc-01234567" } });
    assert.deepEqual(account.subnets, { "subnet-01234567": { region: "eu-west-1", vpcId: "vpc-01234567" } });
  });

  it("prints the dev stack's Markdown report and exits 0", async () => {
    const { code, out, err } = await runMain([]);
    assert.equal(code, 0, err);
    assert.match(out, /^# drs-secured-network synth: dev\n/);
    assert.match(out, /27 verdicts, \*\*all passed\*\*/);
  });

  it("writes the JSON and Markdown files and prints a summary", async () => {
    const json = join(dir, "report.json");
    const markdown = join(dir, "report.md");
    const { code, out } = await runMain(["--json", json, "--markdown", markdown]);
    assert.equal(code, 0);
    // The dev stack with the default DNS mode: the private hosted zone and its alias add $0.50 a month.
    assert.equal(out, "dev: 39 resources, all 27 verdicts passed, fixed cost about $48.68 a month\n");
    const report = JSON.parse(readFileSync(json, "utf8"));
    assert.equal(report.stack, "dev");
    assert.equal(report.passed, true);
    assert.equal(report.outputs.drRegion, "eu-west-2");
    assert.match(readFileSync(markdown, "utf8"), /^# drs-secured-network synth: dev/);
  });

  it("prints a partial total as the report does: at least $X, N lines unpriced (the README's prod walkthrough, eu-west-3 has no endpoint price)", async () => {
    const file = join(dir, "prod.yaml");
    writeFileSync(file, "config:\n  drs-secured-network:sourceRegion: eu-central-1\n  drs-secured-network:drRegion: eu-west-3\n  drs-secured-network:stagingVpcCidr: 10.40.0.0/16\n");
    const json = join(dir, "prod.json");
    const { code, out, err } = await runMain(["--config", file, "--json", json]);
    assert.equal(code, 0, err);
    const report = JSON.parse(readFileSync(json, "utf8")) as { resources: unknown[]; verdicts: unknown[]; cost: { complete: boolean; monthlyTotal: number; unpriced: string[] } };
    assert.equal(report.cost.complete, false);
    assert.ok(report.cost.unpriced.length > 1);
    assert.equal(
      out,
      `${file}: ${report.resources.length} resources, all ${report.verdicts.length} verdicts passed, fixed cost at least $${report.cost.monthlyTotal.toFixed(2)} a month, ${report.cost.unpriced.length} lines unpriced (see the report's cost table)\n`,
    );
    assert.doesNotMatch(out, /about/);
  });

  it("says 'about' only for a complete total, and counts one unpriced line in the singular", () => {
    const report = { stack: "s", resources: [1, 2], verdicts: [1], cost: { monthlyTotal: 1, complete: false, unpriced: ["x"] } } as unknown as Parameters<typeof summaryLine>[0];
    assert.equal(summaryLine(report), "s: 2 resources, all 1 verdicts passed, fixed cost at least $1.00 a month, 1 line unpriced (see the report's cost table)\n");
    assert.equal(summaryLine({ ...report, cost: { ...report.cost, complete: true, unpriced: [] } }), "s: 2 resources, all 1 verdicts passed, fixed cost about $1.00 a month\n");
  });

  it("--help prints the usage, every flag and the exit codes, exits 0 and runs nothing", async () => {
    assert.deepEqual(parseArgs(["--stack", "dev", "--help"]).help, true);
    const { code, out, err } = await runMain(["--help"]);
    assert.equal(code, 0);
    assert.equal(err, "");
    assert.equal(out, HELP);
    for (const flag of ["--stack", "--config", "--json", "--markdown", "--quota", "--help"]) assert.ok(HELP.includes(`  ${flag}`), flag);
    assert.match(HELP, /^usage: npm run synth -- /);
    assert.match(HELP, /Exit status: 0 every verdict passed, 1 a verdict failed, 2 bad arguments/);
  });

  it("synthesizes an adopted VPC from a config file, saying what it took on trust", async () => {
    const file = join(dir, "adopt.yaml");
    writeFileSync(file, "config:\n  drs-secured-network:sourceRegion: eu-west-1\n  drs-secured-network:drRegion: eu-west-2\n  drs-secured-network:sourceVpc:\n    vpcId: vpc-0123456789abcdef0\n    cidrBlock: 172.20.0.0/16\n    routeTableIds: [rtb-0123456789abcdef0]\n");
    const json = join(dir, "r.json");
    const { code, err } = await runMain(["--config", file, "--json", json]);
    assert.equal(code, 0, err);
    const report = JSON.parse(readFileSync(json, "utf8"));
    assert.equal(report.passed, true);
    assert.ok(report.notes.some((n: string) => n.includes("vpc-0123456789abcdef0 (172.20.0.0/16) is taken as configured")));
  });

  it("exits 2 with every problem on invalid config, and on a bad argument", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "config:\n  drs-secured-network:sourceRegion: eu-west-1\n  drs-secured-network:drRegion: eu-west-9\n  drs-secured-network:stagingVpcCidr: 10.1.0.0/16\n");
    const bad = await runMain(["--config", file]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^Invalid drs-secured-network configuration \(2 problems\):\n {2}- drRegion: "eu-west-9"/);
    assert.equal(bad.out, "");
    const missing = await runMain(["--stack", "nope"]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no Pulumi\.nope\.yaml\); the stacks are: dev, dev-drs, estate, failback, onprem, rollout/);
    const usage = await runMain(["--stak", "dev"]);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /usage: npm run synth/);
  });

  it("labels the estate's adopted VPC by its source's name in the diagram", async () => {
    const json = join(dir, "estate.json");
    const { code, err } = await runMain(["--stack", "estate", "--json", json]);
    assert.equal(code, 0, err);
    const report = JSON.parse(readFileSync(json, "utf8")) as { diagram: string };
    assert.ok(report.diagram.includes('vpc_0123456789abcdef0[("ops: adopted source VPC<br/>vpc-0123456789abcdef0")]'), report.diagram);
    // Grouped: a handful of edges per source VPC, not one per flow.
    assert.ok(report.diagram.split("\n").filter((l) => / -->\|/.test(l)).length <= 14);
  });

  it("exits 2 naming the offline account when the account checks fail", async () => {
    const file = join(dir, "zones.yaml");
    writeFileSync(file, "config:\n  drs-secured-network:sourceRegion: us-east-1\n  drs-secured-network:drRegion: us-west-2\n  drs-secured-network:availabilityZoneCount: 4\n");
    const { code, err } = await runMain(["--config", file]);
    assert.equal(code, 2);
    assert.match(err, /availabilityZoneCount: 4 is more than the 3 availability zones this account offers in sourceRegion "us-east-1"/);
    assert.match(err, /ran against the offline synth's mock account, not yours/);
  });

  it("exits 3, not 1, when it cannot write the report", async () => {
    const { code, err } = await runMain(["--json", join(dir, "no", "such", "dir", "r.json")]);
    assert.equal(code, 3);
    assert.match(err, /^could not write the report to .*r\.json: ENOENT/);
  });

  it("states why it fails when a verdict fails", async () => {
    const result = await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2" });
    const report = buildReport({
      stack: "dev",
      sourceRegion: "eu-west-1",
      drRegion: "eu-west-2",
      drsDnsMode: "endpoint-flag",
      replication: false,
      resources: declaredResources(result.resources).map((r) => (r.name === "link-endpoints-sg" ? { ...r, props: { ...r.props, ingress: [] } } : r)),
      outputs: result.outputs,
    });
    const summary = failureSummary(report) ?? "";
    assert.match(summary, /^10 of 27 verdicts failed:\n/);
    assert.ok(summary.includes("  - source-subnet-0 (10.1.0.0/24) reaches the DRS interface endpoint on TCP 443, and the replies come back: link-endpoints-sg admits no TCP 443 from 10.1.0.0/24\n"));
    assert.equal(failureSummary({ ...report, verdicts: report.verdicts.filter((v) => v.passed) }), undefined);
  });

  it("runs as npm run synth does, in its own process", function () {
    this.timeout(60000);
    const run = spawnSync(process.execPath, [join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", "synth/cli.ts", "--stack", "dev"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /all passed/);
  });
});
