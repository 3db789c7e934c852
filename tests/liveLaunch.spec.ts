import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LiveReport, main } from "../live/cli";
import { launchVerdicts } from "../live/launch";
import { readLive } from "../live/read";
import { livePlan, OutputsError } from "../live/scope";
import { verdictMarkdown } from "../lib/verifier";
import { parseSettings } from "../settings";
import { fakeAws, FakeAws, offlineLiveEnvironment } from "./support/fakeAws";
import { DeployedStack, deployedOnce, LAUNCH_SERVERS, launchServers, withLaunch } from "./support/liveFixture";

const ROOT = join(__dirname, "..");
const DR = "eu-west-2";

describe("verify-live: where each source server launches (launch:<sourceServerID>)", () => {
  let d: DeployedStack;
  let dir: string;
  let outputsFile: string;
  let subnets: string[];
  let group: string;
  let staging: string[];
  before(async () => {
    d = await deployedOnce("dev-drs");
    dir = mkdtempSync(join(tmpdir(), "verify-live-launch-"));
    outputsFile = join(dir, "outputs.json");
    writeFileSync(outputsFile, JSON.stringify(d.outputs));
    subnets = d.outputs.recoverySubnetIds as string[];
    group = String(d.outputs.recoverySecurityGroupId);
    staging = d.outputs.stagingSubnetIds as string[];
  });
  const { right, drifted, public: exposed } = LAUNCH_SERVERS;

  async function verifyLive(argv: string[], aws?: FakeAws): Promise<{ code: number; out: string; report: LiveReport }> {
    const json = join(dir, `report-${Math.random().toString(16).slice(2)}.json`);
    let out = "";
    const code = await main([...argv, "--json", json], (t) => (out += t), () => undefined, ROOT, offlineLiveEnvironment(aws));
    return { code, out, report: JSON.parse(readFileSync(json, "utf8")) as LiveReport };
  }

  it("the three servers (over two pages): the right one passes, the drifted one and the public one fail naming the server, its hostname and what differs", async () => {
    const aws = fakeAws(withLaunch(d.capture, DR, launchServers(d)), 2);
    const captureFile = join(dir, "capture.json");
    const { out, report } = await verifyLive(["--stack", "dev-drs", "--outputs", outputsFile, "--capture", captureFile], aws);
    const launch = report.verdicts.filter((v) => v.id.startsWith("launch:"));
    assert.deepEqual(launch.map((v) => [v.id, v.passed]), [
      [`launch:${right.id}`, true],
      [`launch:${drifted.id}`, false],
      [`launch:${exposed.id}`, false],
    ]);
    const fix = "npm run launch-settings -- --stack dev-drs --apply makes it right";
    assert.deepEqual(launch.map(verdictMarkdown), [
      [`- PASS source server web-01 (${right.id}) launches into a recovery subnet with the recovery group, no public IP and IMDSv2 required`],
      [
        `- FAIL source server db-01 (${drifted.id}) launches into a recovery subnet with the recovery group, no public IP and IMDSv2 required`,
        `  - **db-01** (${drifted.id}) launches into ${staging[0]}, not a recovery subnet (${subnets.join(", ")})`,
        `  - **db-01** (${drifted.id}) has the security groups sg-0000000000000000e, not the recovery group ${group} alone`,
        `  - **db-01** (${drifted.id}) does not require IMDSv2 (HttpTokens optional)`,
        "  - note: its DRS launch settings differ from the stack's (not judged here): launchDisposition is STOPPED, the stack's is STARTED",
        `  - note: ${fix}`,
      ],
      [
        `- FAIL source server ${exposed.id} launches into a recovery subnet with the recovery group, no public IP and IMDSv2 required`,
        `  - **${exposed.id}** gets a public IP (AssociatePublicIpAddress true)`,
        `  - note: ${fix}`,
      ],
    ]);
    for (const lines of launch.map(verdictMarkdown)) assert.ok(out.includes(lines.join("\n")), "the report prints each verdict");
    // Read as the DR side in the DR region only, every page, each template's default version.
    const drsCalls = aws.calls.filter((c) => ["DescribeSourceServers", "GetLaunchConfiguration", "DescribeLaunchTemplateVersions"].includes(c.operation));
    assert.deepEqual([...new Set(drsCalls.map((c) => c.region))], [DR]);
    assert.deepEqual(drsCalls.filter((c) => c.operation === "DescribeSourceServers").map((c) => c.input.nextToken), [undefined, "2"]);
    assert.equal(drsCalls.filter((c) => c.operation === "GetLaunchConfiguration").length, 3);
    assert.ok(!aws.calls.some((c) => /^(Update|Create|Modify)/.test(c.operation)), "verify-live changes nothing");

    // The capture keeps what was read; judged again offline it gives the same launch verdicts.
    const capture = JSON.parse(readFileSync(captureFile, "utf8")) as { regions: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(capture.regions[DR].GetLaunchConfiguration as object).sort(), [right.id, drifted.id, exposed.id]);
    assert.equal(capture.regions["eu-west-1"].DescribeSourceServers, undefined, "the source side reads no server");
    // Beside the servers' templates, the account's default one (lib/verifier/aws judges it), by template id.
    assert.deepEqual(Object.keys(capture.regions[DR].DescribeLaunchTemplateVersions as object).sort(), [right.template, drifted.template, exposed.template, String(d.outputs.defaultLaunchTemplateId)].sort());
    const again = await verifyLive(["--stack", "dev-drs", "--outputs", outputsFile, "--snapshot", captureFile]);
    assert.deepEqual(again.report.verdicts.filter((v) => v.id.startsWith("launch:")), launch);
  });

  it("after launch-settings --apply, every launch verdict passes", async () => {
    const aws = fakeAws(withLaunch(d.capture, DR, launchServers(d)), 2);
    const { main: launchSettings } = await import("../launch/cli");
    assert.equal(await launchSettings(["--stack", "dev-drs", "--outputs", outputsFile, "--apply"], () => undefined, () => undefined, ROOT, { stackOutputs: () => Promise.reject(new Error("no CLI")), clients: (r, a) => aws.clientsFor(r, a) }), 0);
    const { report } = await verifyLive(["--stack", "dev-drs", "--outputs", outputsFile], aws);
    const launch = report.verdicts.filter((v) => v.id.startsWith("launch:"));
    assert.equal(launch.length, 3);
    assert.ok(launch.every((v) => v.passed && v.notes === undefined), JSON.stringify(launch));
  });

  it("no source server registered: no launch verdict; a stack without recovery reads no server", async () => {
    const aws = fakeAws(d.capture);
    const { report } = await verifyLive(["--stack", "dev-drs", "--outputs", outputsFile], aws);
    assert.deepEqual(report.verdicts.filter((v) => v.id.startsWith("launch:")), []);
    assert.ok(aws.calls.some((c) => c.operation === "DescribeSourceServers"));
    const dev = await deployedOnce("dev");
    const devAws = fakeAws(dev.capture);
    await readLive(dev.plan, (r, a) => devAws.clientsFor(r, a));
    assert.ok(!devAws.calls.some((c) => /SourceServers|LaunchConfiguration|LaunchTemplate/.test(c.operation)));
    assert.equal(dev.plan.launch, undefined);
  });

  it("recovery enabled but not deployed (no recovery outputs): one failing verdict saying so; malformed outputs are an error", async () => {
    const dev = await deployedOnce("dev");
    const plan = livePlan(dev.outputs, d.settings);
    assert.equal(plan.launch, undefined);
    assert.equal(plan.reads.find((r) => r.drSide)?.launch, undefined, "nothing to read the servers against");
    assert.deepEqual(launchVerdicts(plan, dev.capture, "dev-drs"), [
      {
        id: "launch:source-servers",
        kind: "forbidden",
        description: "every source server launches into a recovery subnet with the recovery group, no public IP and IMDSv2 required",
        passed: false,
        offenders: [{ component: "recoverySubnetIds", reason: "the stack outputs have no recoverySubnetIds or recoverySecurityGroupId, though the config enables recovery: is the recovery side deployed (pulumi up)?" }],
      },
    ]);
    assert.throws(() => livePlan({ ...d.outputs, recoverySubnetIds: "subnet-1" }, d.settings), new OutputsError('the stack output recoverySubnetIds is not a list of ids ("subnet-1")'));
    assert.throws(() => livePlan({ ...d.outputs, recoverySubnetIds: [] }, d.settings), new OutputsError("the stack output recoverySubnetIds lists no subnet; is the recovery side deployed?"));
  });

  it("the plan: the DR side reads the servers, the recovery subnets too with copyPrivateIp", () => {
    assert.deepEqual(d.plan.launch, { region: DR, auth: {}, as: "the DR side", subnetIds: subnets, groupId: group, launch: d.settings.recovery?.launch });
    // The DR side reads the recovery VPC too (after the staging VPC), and the account's default launch template.
    assert.deepEqual(d.plan.reads.map((r) => r.launch), [{ defaultLaunchTemplateId: d.outputs.defaultLaunchTemplateId }, undefined]);
    assert.deepEqual(d.plan.reads[0].vpcIds, [d.outputs.stagingVpcId, d.outputs.recoveryVpcId]);
    assert.deepEqual(d.plan.scope.recovery, {
      vpcId: d.outputs.recoveryVpcId,
      adopted: false,
      routeTableIds: [],
      groupIds: [group],
      subnetIds: subnets,
      ingressBlocks: ["10.20.0.0/16"],
      defaultLaunchTemplateId: d.outputs.defaultLaunchTemplateId,
    });
    const settings = parseSettings({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", sourceVpcCidr: "10.1.0.0/16", recovery: { enabled: true, vpcCidr: "10.1.0.0/16", launch: { copyPrivateIp: true } } });
    const plan = livePlan({ ...d.outputs }, settings);
    assert.deepEqual(plan.reads.find((r) => r.drSide)?.launch, { recoverySubnetIds: subnets, defaultLaunchTemplateId: d.outputs.defaultLaunchTemplateId });
  });
});
