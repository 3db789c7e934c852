import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LiveReport } from "../live/cli";
import { ACCESS_HINTS, CREDENTIALS_HINT, DEFAULT_ENVIRONMENT, HELP, main, parseArgs, USAGE, VerifyLiveEnvironment } from "../live/cli";
import { PULUMI_CLI_MISSING } from "../automation/output";
import type { LiveClients } from "../live/read";
import { fakeAws, FakeAws, offlineLiveEnvironment } from "./support/fakeAws";
import { DeployedStack, deployedOnce } from "./support/liveFixture";
import { SAMPLE_CAPTURE, SAMPLE_OUTPUTS, sampleTexts } from "./support/writeLiveSample";

const ROOT = join(__dirname, "..");

/** Run the command; returns its exit status and what it printed. */
async function run(argv: string[], env: Partial<VerifyLiveEnvironment>): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const full: VerifyLiveEnvironment = { ...offlineLiveEnvironment(), ...env };
  const code = await main(argv, (t) => (out += t), (t) => (err += t), ROOT, full);
  return { code, out, err };
}

describe("live/cli (npm run verify-live)", () => {
  let dev: DeployedStack;
  let dir: string;
  let outputsFile: string;
  before(async () => {
    dev = await deployedOnce("dev");
    dir = mkdtempSync(join(tmpdir(), "verify-live-"));
    outputsFile = join(dir, "outputs.json");
    writeFileSync(outputsFile, JSON.stringify(dev.outputs));
  });
  const awsFor = (aws: FakeAws) => ({ clients: (region: string, auth: object): LiveClients => aws.clientsFor(region, auth) });

  describe("arguments", () => {
    for (const [argv, message] of [
      [[], "give --stack <name> (or --config <file> with --outputs <file>)"],
      [["--stack", "dev", "--capture", "a.json", "--snapshot", "b.json"], "give --capture (read AWS and save) or --snapshot (judge a saved capture), not both"],
      [["--config", "x.yaml"], "--config needs --outputs <file>: without a stack there are no outputs to ask Pulumi for"],
      [["--stack", "dev", "--stack", "prod"], "--stack is given twice"],
      [["--stack", "dev", "--region", "eu-west-1"], "unknown argument --region"],
      [["--stack", "dev", "--outputs"], "--outputs needs a value"],
    ] as const) {
      it(`refuses ${argv.join(" ") || "no arguments"}`, async () => {
        assert.throws(() => parseArgs(argv), new Error(message));
        const { code, err } = await run([...argv], {});
        assert.equal(code, 2);
        assert.equal(err, `${message}\n${USAGE}\n`);
      });
    }
  });

  it("reads AWS, passes a healthy deployment (exit 0), and a capture judged again with --snapshot gives the same report", async () => {
    const captureFile = join(dir, "capture.json");
    const firstJson = join(dir, "first.json");
    const aws = fakeAws(dev.capture, 3);
    const first = await run(["--stack", "dev", "--outputs", outputsFile, "--capture", captureFile, "--json", firstJson], awsFor(aws));
    assert.equal(first.err, "");
    assert.equal(first.code, 0);
    assert.match(first.out, /^# drs-secured-network verify-live: dev\n\nRead 2026-11-26T12:00:00.000Z from eu-west-2 \(the DR side\), eu-west-1 \(the source side\): 27 verdicts, \*\*all passed\*\*; \*\*no drift\*\*\./);
    assert.ok(aws.calls.length > 20);

    // The auditor's run: no AWS, no Pulumi; the same verdicts and drift.
    const secondJson = join(dir, "second.json");
    const second = await run(["--stack", "dev", "--outputs", outputsFile, "--snapshot", captureFile, "--json", secondJson], {});
    assert.equal(second.code, 0, second.err);
    const [a, b] = [firstJson, secondJson].map((f) => JSON.parse(readFileSync(f, "utf8")) as LiveReport);
    assert.deepEqual(b.verdicts, a.verdicts);
    assert.deepEqual(b.drift, a.drift);
    assert.equal(b.capturedAt, "2026-11-26T12:00:00.000Z");
    assert.match(b.readFrom, /^the snapshot .*capture\.json \(regions eu-west-2, eu-west-1\)$/);
    const capture = JSON.parse(readFileSync(captureFile, "utf8")) as { regions: Record<string, Record<string, unknown>> };
    assert.ok(Array.isArray((capture.regions["eu-west-1"].DescribeVpcs as { Vpcs: unknown[] }).Vpcs));
  });

  it("--reachability-analyzer: AWS's own answer on each leg beside the verdicts, in the DR region as the DR side, paths deleted", async () => {
    const aws = fakeAws(dev.capture);
    const { code, out } = await run(["--stack", "dev", "--outputs", outputsFile, "--reachability-analyzer"], awsFor(aws));
    assert.equal(code, 0, out);
    const section = out.slice(out.indexOf("## AWS Reachability Analyzer (AWS's own results)"));
    assert.deepEqual(
      section.split("\n").filter((l) => l.startsWith("- ")),
      ["drs", "ec2", "s3"].map((e) => `- REACHABLE source-vpc (10.1.0.0/16) across link-peering to link-${e}-endpoint, TCP 443 (verifier: PASS)`),
    );
    const analyzerCalls = aws.calls.filter((c) => /NetworkInsights/.test(c.operation));
    assert.deepEqual([...new Set(analyzerCalls.map((c) => c.region))], ["eu-west-2"]);
    assert.equal(analyzerCalls.filter((c) => c.operation === "CreateNetworkInsightsPath").length, 3);
    assert.equal(analyzerCalls.filter((c) => c.operation === "DeleteNetworkInsightsPath").length, 3);
    assert.throws(() => parseArgs(["--stack", "dev", "--snapshot", "c.json", "--reachability-analyzer"]), /--reachability-analyzer asks AWS, so it cannot judge a --snapshot/);
  });

  it("--reachability-analyzer on the estate: the legs from other accounts' peerings are reported as AWS cannot analyze them, and the run passes", async () => {
    const estate = await deployedOnce("estate");
    const estateOutputs = join(dir, "estate-outputs.json");
    writeFileSync(estateOutputs, JSON.stringify(estate.outputs));
    const { code, out, err } = await run(["--stack", "estate", "--outputs", estateOutputs, "--reachability-analyzer"], awsFor(fakeAws(estate.capture)));
    assert.equal(err, "");
    assert.equal(code, 0, out);
    const lines = out.slice(out.indexOf("## AWS Reachability Analyzer")).split("\n").filter((l) => l.startsWith("- "));
    assert.deepEqual([...new Set(lines.map((l) => l.replace(/ source-(app|db|ops|vpc-0123456789abcdef0).*| vpc-0123456789abcdef0.*/, " <leg>")))].sort(), ["- NOT ANALYZABLE <leg>", "- REACHABLE <leg>"]);
    assert.equal(lines.filter((l) => l.startsWith("- NOT ANALYZABLE") && / TCP 443 /.test(l)).length, 6, "app and db, three endpoints each");
    assert.ok(lines.some((l) => /^- NOT ANALYZABLE .* to the replication servers, TCP 1500/.test(l)), "no replication server runs");
  });

  it("a broken network: exit 1, the blocker with its live id, and the drift", async () => {
    const pcx = String(dev.outputs.peeringConnectionId);
    const broken = structuredClone(dev.capture);
    for (const ops of Object.values(broken.regions)) for (const p of ops.DescribeVpcPeeringConnections?.VpcPeeringConnections ?? []) p.Status = { Code: "pending-acceptance", Message: "Pending Acceptance" };
    const { code, out, err } = await run(["--stack", "dev", "--outputs", outputsFile], awsFor(fakeAws(broken)));
    assert.equal(code, 1);
    assert.ok(out.includes(`  - blocked by **link-peering** (${pcx}): is pending-acceptance, not active`), out);
    assert.ok(out.includes(`- CHANGED **peeringConnectionId** (${pcx}): the peering ${pcx} is pending-acceptance, not active`), out);
    assert.equal(err, "6 of 27 verdicts failed, 1 drift item\n");
  });

  it("a refused call: exit 2, naming the IAM action, the region and the side", async () => {
    const aws = fakeAws(dev.capture);
    aws.refuse("DescribeVpcs", Object.assign(new Error("You are not authorized to perform this operation."), { name: "UnauthorizedOperation" }));
    const { code, err } = await run(["--stack", "dev", "--outputs", outputsFile], awsFor(aws));
    assert.equal(code, 2);
    assert.match(err, /^ec2:DescribeVpcs in eu-west-[12] as the (DR|source) side was refused: UnauthorizedOperation: You are not authorized to perform this operation\.\nverify-live needs read access/);
  });

  it("takes the outputs from the Automation API when no --outputs is given", async () => {
    const asked: string[] = [];
    const { code } = await run(["--stack", "dev"], {
      stackOutputs: async (stack, root) => {
        asked.push(`${stack} ${root}`);
        return dev.outputs;
      },
      ...awsFor(fakeAws(dev.capture)),
    });
    assert.equal(code, 0);
    assert.deepEqual(asked, [`dev ${ROOT}`]);
  });

  it("exit 2 for outputs of another stack shape, a missing file, or a file that is not a capture", async () => {
    const missing = join(dir, "missing-outputs.json");
    writeFileSync(missing, JSON.stringify({ sourceVpcId: "vpc-0000000000000000b" }));
    assert.deepEqual(await run(["--stack", "dev", "--outputs", missing], {}), { code: 2, out: "", err: "the stack output sourceRouteTableIds is not a list of ids (undefined)\n" });
    const notCapture = join(dir, "not-capture.json");
    writeFileSync(notCapture, JSON.stringify({ regions: [] }));
    const bad = await run(["--stack", "dev", "--outputs", outputsFile, "--snapshot", notCapture], {});
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not-capture\.json is not a verify-live capture: it needs "capturedAt"/);
    const none = await run(["--stack", "dev", "--outputs", outputsFile, "--snapshot", join(dir, "nowhere.json")], {});
    assert.equal(none.code, 2);
    assert.match(none.err, /there is no file .*nowhere\.json/);
  });

  it("--help (or -h): the usage, every flag and the exit statuses, on stdout, exit 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const { code, out, err } = await run(["--stack", "dev", flag], {});
      assert.deepEqual([code, err, out], [0, "", HELP]);
    }
    assert.ok(HELP.startsWith(`${USAGE}\n`));
    const flags = [...USAGE.matchAll(/--[a-z-]+/g)].map((m) => m[0]);
    for (const flag of flags) assert.match(HELP, new RegExp(`^  ${flag}\\b`, "m"), `${flag} is described`);
    for (const status of ["0", "1", "2", "3"]) assert.match(HELP, new RegExp(`^  ${status}  \\S`, "m"), `exit status ${status}`);
  });

  it("the sample capture in examples/ is what the fixture makes of the dev stack, and judges offline: exit 0, no AWS, no Pulumi", async () => {
    const { capture, outputs } = await sampleTexts();
    const stale = "examples/verify-live is stale: regenerate it with npx ts-node --transpile-only tests/support/writeLiveSample.ts";
    assert.equal(readFileSync(SAMPLE_CAPTURE, "utf8"), capture, stale);
    assert.equal(readFileSync(SAMPLE_OUTPUTS, "utf8"), outputs, stale);
    // The command exactly as the README and --help give it, from the repository root.
    const { code, out, err } = await run(["--stack", "dev", "--outputs", "examples/verify-live/dev-outputs.json", "--snapshot", "examples/verify-live/dev-capture.json"], {});
    assert.equal(err, "");
    assert.equal(code, 0);
    assert.match(out, /^Read 2026-11-26T12:00:00\.000Z from the snapshot examples\/verify-live\/dev-capture\.json \(regions eu-west-1, eu-west-2\): 27 verdicts, \*\*all passed\*\*; \*\*no drift\*\*\.$/m);
    assert.ok(HELP.includes("npm run verify-live -- --stack dev --outputs examples/verify-live/dev-outputs.json --snapshot examples/verify-live/dev-capture.json"));
    assert.ok(readFileSync(join(ROOT, "docs", "verify-live.md"), "utf8").includes("npm run verify-live -- --stack dev --outputs examples/verify-live/dev-outputs.json --snapshot examples/verify-live/dev-capture.json"));
  });

  it("--snapshot without --outputs says it needs the outputs as a file (exit 2), rather than asking the Pulumi CLI", async () => {
    let asked = false;
    const { code, err } = await run(["--stack", "dev", "--snapshot", SAMPLE_CAPTURE], { stackOutputs: async () => ((asked = true), {}) });
    assert.deepEqual([code, asked], [2, false]);
    assert.equal(err, `--snapshot judges a capture offline, so it needs the stack's outputs as a file too: --outputs <file> (pulumi stack output --json > <file>)\n${USAGE}\n`);
  });

  it("without the Pulumi CLI: the clear message and the way out, without the Automation API's dump (exit 2)", async () => {
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), "no-pulumi-"));
    try {
      const { code, err } = await run(["--stack", "dev"], { stackOutputs: DEFAULT_ENVIRONMENT.stackOutputs });
      assert.equal(code, 2);
      assert.equal(err, `${PULUMI_CLI_MISSING}; or give the stack's outputs as a file: --outputs <file>, written where the CLI runs by pulumi stack output --json --stack dev > <file>\n`);
    } finally {
      process.env.PATH = path;
    }
  });

  it("no credentials is said as such, with the way out, not as a missing IAM permission (exit 2)", async () => {
    const aws = fakeAws(dev.capture);
    aws.refuse("DescribeVpcs", Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
    const { code, err } = await run(["--stack", "dev", "--outputs", outputsFile], awsFor(aws));
    assert.equal(code, 2);
    assert.match(err, /^no usable AWS credentials for the (DR|source) side in eu-west-[12] \(CredentialsProviderError: Could not load credentials from any providers\)\n/);
    assert.ok(err.endsWith(`${CREDENTIALS_HINT}\n`), err);
    assert.doesNotMatch(err, /IAM policy/);
  });

  it("an endpoint that does not answer is said as such, with the way out (exit 2), not as a crash with a stack trace", async () => {
    const aws = fakeAws(dev.capture);
    aws.refuse("DescribeVpcs", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }));
    const { code, err } = await run(["--stack", "dev", "--outputs", outputsFile], awsFor(aws));
    assert.equal(code, 2);
    assert.match(err, /^ec2:DescribeVpcs in eu-west-[12] as the (DR|source) side could not reach AWS: ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:9\n/);
    assert.ok(err.endsWith(`${ACCESS_HINTS.unreachable}\n`), err);
  });

  it("exit 3 when the capture cannot be written", async () => {
    const { code, err } = await run(["--stack", "dev", "--outputs", outputsFile, "--capture", join(dir, "no-such-dir", "c.json")], awsFor(fakeAws(dev.capture)));
    assert.equal(code, 3);
    assert.match(err, /^could not write .*no-such-dir/);
  });
});
