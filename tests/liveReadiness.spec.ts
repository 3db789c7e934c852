import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SourceServer } from "@aws-sdk/client-drs";
import type { Reservation } from "@aws-sdk/client-ec2";
import { LiveReport, main, parseArgs } from "../live/cli";
import type { LaunchRegionCapture } from "../live/launch";
import { defaultsNote, liveReadinessVerdicts, NO_SERVER_NOTE } from "../live/readiness";
import { livePlan, READINESS_DEFAULTS, readinessScope } from "../live/scope";
import type { Verdict } from "../lib/verifier";
import { verdictMarkdown } from "../lib/verifier";
import type { LiveCapture } from "../lib/verifier/aws";
import type { Settings } from "../settings";
import { fakeAws, FakeAws, offlineLiveEnvironment } from "./support/fakeAws";
import { FAKE_ACCOUNT } from "../synth/awsMocks";
import { DeployedStack, deployedConfigOnce, deployedOnce, editedCapture, launchServers, withLaunch } from "./support/liveFixture";

const ROOT = join(__dirname, "..");
const DR = "eu-west-2";
const SOURCE = "eu-west-1";
/** When the fake account is read: the capture's time, which the verdicts judge at. */
const NOW = "2026-11-26T12:00:00Z";

/** The dev stack with DRS replication and the agent rollout (its default tag), and no recovery side. */
const ROLLOUT_STACK = `config:
  drs-secured-network:sourceRegion: ${SOURCE}
  drs-secured-network:drRegion: ${DR}
  drs-secured-network:sourceVpcCidr: 10.1.0.0/16
  drs-secured-network:stagingVpcCidr: 10.0.0.0/16
  drs-secured-network:replication:
    enabled: true
  drs-secured-network:agentRollout:
    enabled: true
`;

/** A source server as DescribeSourceServers gives it: replicating, 1 minute behind, drilled 10 days before NOW. */
function server(id: string, hostname: string, instanceId: string, more: Partial<SourceServer> = {}): SourceServer {
  return {
    sourceServerID: id,
    arn: `arn:aws:drs:${DR}:${FAKE_ACCOUNT}:source-server/${id}`,
    tags: {},
    sourceProperties: { identificationHints: { hostname, awsInstanceID: instanceId } },
    dataReplicationInfo: { dataReplicationState: "CONTINUOUS", lagDuration: "PT1M" },
    lifeCycle: { lastLaunch: { initiated: { apiCallDateTime: "2026-11-16T09:00:00Z", type: "DRILL", jobID: "drsjob-0a1b2c3d4e5f60001" }, status: "TERMINATED" } },
    ...more,
  };
}

const HEALTHY = server("s-0a1b2c3d4e5f60011", "web-01", "i-0a1b2c3d4e5f60011");
const STALLED = server("s-0a1b2c3d4e5f60012", "db-01", "i-0a1b2c3d4e5f60012", {
  dataReplicationInfo: { dataReplicationState: "STALLED", lagDuration: "PT3H", dataReplicationError: { error: "AGENT_NOT_SEEN" } },
});
const LAGGING = server("s-0a1b2c3d4e5f60013", "app-01", "i-0a1b2c3d4e5f60013", { dataReplicationInfo: { dataReplicationState: "CONTINUOUS", lagDuration: "PT40M" } });
const NEVER_DRILLED = server("s-0a1b2c3d4e5f60014", "app-02", "i-0a1b2c3d4e5f60014", { lifeCycle: {} });
const SYNCING = server("s-0a1b2c3d4e5f60015", "app-03", "i-0a1b2c3d4e5f60015", { dataReplicationInfo: { dataReplicationState: "INITIAL_SYNC" }, lifeCycle: {} });
const HEALTHY_TOO = server("s-0a1b2c3d4e5f60016", "web-02", "i-0a1b2c3d4e5f60016");
/** Six servers, over two pages of three. */
const SERVERS = [HEALTHY, STALLED, LAGGING, NEVER_DRILLED, SYNCING, HEALTHY_TOO];

/** An EC2 instance as DescribeInstances gives it, in a reservation of its own. */
function reservation(instanceId: string, name: string, state: "running" | "stopped" | "terminated", tags: Record<string, string>): Reservation {
  return {
    ReservationId: `r-${instanceId.slice(2)}`,
    OwnerId: FAKE_ACCOUNT,
    Instances: [{ InstanceId: instanceId, InstanceType: "t3.medium", State: { Name: state, Code: state === "running" ? 16 : state === "stopped" ? 80 : 48 }, Tags: [{ Key: "Name", Value: name }, ...Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))] }],
  };
}

/** The source region's instances: two servers DRS knows, one tagged but unknown (web-09), one stopped and known, and two the rollout does not target (terminated, untagged). */
function instances(tag: { key: string; value: string }): Reservation[] {
  const tagged = { [tag.key]: tag.value };
  return [
    reservation("i-0a1b2c3d4e5f60011", "web-01", "running", tagged),
    reservation("i-0a1b2c3d4e5f60019", "web-09", "running", tagged),
    reservation("i-0a1b2c3d4e5f60016", "web-02", "stopped", tagged),
    reservation("i-0a1b2c3d4e5f6001a", "old-01", "terminated", tagged),
    reservation("i-0a1b2c3d4e5f6001b", "bastion", "running", {}),
  ];
}

/** A capture read at NOW with these servers in the DR region and these instances in the source region. */
function withReadiness(capture: LiveCapture, servers: readonly SourceServer[], reservations?: readonly Reservation[]): LiveCapture {
  return editedCapture({ ...capture, capturedAt: new Date(NOW).toISOString() }, (regions) => {
    (regions[DR] as LaunchRegionCapture).DescribeSourceServers = { items: structuredClone([...servers]) };
    if (reservations !== undefined) regions[SOURCE].DescribeInstances = { Reservations: structuredClone([...reservations]) };
  });
}

const readinessOf = (report: LiveReport): Verdict[] => report.verdicts.filter((v) => v.id.startsWith("readiness:"));

describe("verify-live: readiness (readiness:<sourceServerID>)", () => {
  let rollout: DeployedStack;
  let devDrs: DeployedStack;
  let dir: string;
  let rolloutOutputs: string;
  let devDrsOutputs: string;
  let tag: { key: string; value: string };
  before(async () => {
    rollout = await deployedConfigOnce("readiness-rollout", ROLLOUT_STACK);
    devDrs = await deployedOnce("dev-drs");
    dir = mkdtempSync(join(tmpdir(), "verify-live-readiness-"));
    rolloutOutputs = join(dir, "rollout-outputs.json");
    writeFileSync(rolloutOutputs, JSON.stringify(rollout.outputs));
    devDrsOutputs = join(dir, "dev-drs-outputs.json");
    writeFileSync(devDrsOutputs, JSON.stringify(devDrs.outputs));
    const target = rollout.settings.agentRollout?.targetTag;
    if (target === undefined) throw new Error("the stack has no agent rollout");
    tag = target;
  });

  async function verifyLive(argv: string[], aws?: FakeAws): Promise<{ code: number; out: string; err: string; report: LiveReport }> {
    const json = join(dir, `report-${Math.random().toString(16).slice(2)}.json`);
    let out = "";
    let err = "";
    const code = await main([...argv, "--json", json], (t) => (out += t), (t) => (err += t), ROOT, offlineLiveEnvironment(aws, NOW));
    return { code, out, err, report: JSON.parse(readFileSync(json, "utf8")) as LiveReport };
  }
  const rolloutArgs = () => ["--config", rolloutConfigFile(), "--outputs", rolloutOutputs];
  let configFile: string | undefined;
  function rolloutConfigFile(): string {
    if (configFile === undefined) {
      configFile = join(dir, "Pulumi.readiness-rollout.yaml");
      writeFileSync(configFile, ROLLOUT_STACK);
    }
    return configFile;
  }

  it("servers over two pages: the stalled, lagging, never drilled and initially syncing ones and the tagged instance DRS lacks each fail, saying why; exit 1; --snapshot judges the same offline", async () => {
    const aws = fakeAws(withReadiness(rollout.capture, SERVERS, instances(tag)), 3);
    const captureFile = join(dir, "capture.json");
    const { code, out, err, report } = await verifyLive([...rolloutArgs(), "--capture", captureFile], aws);
    assert.equal(code, 1, err);
    const readiness = readinessOf(report);
    const policy = "is ready to recover: replicating continuously, lag within the RPO of 15 minutes, a successful drill within 90 days";
    const note = "  - note: the RPO of 15 minutes and the drill age of 90 days are verify-live's defaults: the stack has no readiness monitoring (readiness.enabled, with rpoMinutes and drillMaxAgeDays)";
    assert.deepEqual(readiness.map(verdictMarkdown), [
      [`- PASS ${HEALTHY.sourceServerID} (web-01) ${policy}`, note],
      [`- FAIL ${STALLED.sourceServerID} (db-01) ${policy}`, `  - blocked by **${STALLED.sourceServerID} (db-01)**: replication is STALLED, not CONTINUOUS (AGENT_NOT_SEEN); its lag is 3 hours, more than the RPO of 15 minutes`, note],
      [`- FAIL ${LAGGING.sourceServerID} (app-01) ${policy}`, `  - blocked by **${LAGGING.sourceServerID} (app-01)**: its lag is 40 minutes, more than the RPO of 15 minutes`, note],
      [`- FAIL ${NEVER_DRILLED.sourceServerID} (app-02) ${policy}`, `  - blocked by **${NEVER_DRILLED.sourceServerID} (app-02)**: it has never been drilled`, note],
      [`- FAIL ${SYNCING.sourceServerID} (app-03) ${policy}`, `  - blocked by **${SYNCING.sourceServerID} (app-03)**: replication is INITIAL_SYNC, not CONTINUOUS; it has never been drilled`, note],
      [`- PASS ${HEALTHY_TOO.sourceServerID} (web-02) ${policy}`, note],
      [
        "- FAIL i-0a1b2c3d4e5f60019 (web-09), tagged for the agent rollout, is a DRS source server",
        "  - blocked by **i-0a1b2c3d4e5f60019 (web-09)**: is tagged for the agent rollout but DRS has no source server for it: the agent is not installed, or it failed (see the rollout's log group)",
        note,
      ],
    ]);
    assert.deepEqual(
      readiness.map((v) => [v.id, v.kind, v.passed]),
      [...SERVERS.map((s) => [`readiness:${s.sourceServerID}`, "required-flow", s === HEALTHY || s === HEALTHY_TOO]), ["readiness:missing:i-0a1b2c3d4e5f60019", "required-flow", false]],
    );
    // In the Markdown report, in order, and counted in the summary and the exit status.
    for (const lines of readiness.map(verdictMarkdown)) assert.ok(out.includes(lines.join("\n")), lines[0]);
    const failed = report.verdicts.filter((v) => !v.passed);
    assert.deepEqual(failed.map((v) => v.id), readiness.filter((v) => !v.passed).map((v) => v.id), "only readiness fails");
    assert.equal(err, `5 of ${report.verdicts.length} verdicts failed, 0 drift items\n`);
    assert.equal(report.passed, false);

    // Read: DRS in the DR region as the DR side, every page; the tagged instances in the source region, every page.
    const drs = aws.calls.filter((c) => c.operation === "DescribeSourceServers");
    assert.deepEqual(drs.map((c) => [c.region, c.input.nextToken]), [[DR, undefined], [DR, "3"]]);
    const ec2 = aws.calls.filter((c) => c.operation === "DescribeInstances");
    assert.deepEqual([...new Set(ec2.map((c) => c.region))], [SOURCE]);
    assert.deepEqual(ec2[0].input.Filters, [
      { Name: `tag:${tag.key}`, Values: [tag.value] },
      { Name: "instance-state-name", Values: ["running", "stopped"] },
    ]);
    assert.ok(!aws.calls.some((c) => c.operation === "GetLaunchConfiguration"), "no recovery side: only the servers are read");

    // The capture keeps both, every page merged; judged again offline (no AWS) it gives the same readiness verdicts.
    const capture = JSON.parse(readFileSync(captureFile, "utf8")) as LiveCapture;
    assert.deepEqual((capture.regions[DR] as LaunchRegionCapture).DescribeSourceServers?.items?.map((s) => s.sourceServerID), SERVERS.map((s) => s.sourceServerID));
    assert.deepEqual(capture.regions[SOURCE].DescribeInstances?.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId), ["i-0a1b2c3d4e5f60011", "i-0a1b2c3d4e5f60019", "i-0a1b2c3d4e5f60016"]);
    assert.equal(capture.regions[DR].DescribeInstances, undefined, "the DR side reads no instance");
    const again = await verifyLive(["--config", rolloutConfigFile(), "--outputs", rolloutOutputs, "--snapshot", captureFile]);
    assert.equal(again.code, 1);
    assert.deepEqual(readinessOf(again.report), readiness);
  });

  it("judges at the capture's time: a drill 184 days before it fails; a drill that failed fails", () => {
    const old = server("s-0a1b2c3d4e5f60021", "old-01", "i-0a1b2c3d4e5f60021", { lifeCycle: { lastLaunch: { initiated: { apiCallDateTime: "2026-05-26T00:00:00Z", type: "DRILL" }, status: "TERMINATED" } } });
    const failed = server("s-0a1b2c3d4e5f60022", "bad-01", "i-0a1b2c3d4e5f60022", { lifeCycle: { lastLaunch: { initiated: { apiCallDateTime: "2026-11-25T00:00:00Z", type: "RECOVERY" }, status: "FAILED" } } });
    const capture = withReadiness(rollout.capture, [old, failed], []);
    assert.deepEqual(
      liveReadinessVerdicts(rollout.plan, capture).map((v) => `${v.id}: ${v.blockedBy?.reason ?? "passed"}`),
      [`readiness:${old.sourceServerID}: its last successful drill was 184 days ago (2026-05-26T00:00:00Z), more than 90`, `readiness:${failed.sourceServerID}: its last recovery (2026-11-25T00:00:00Z) ended FAILED, not LAUNCHED`],
    );
  });

  it("a healthy set passes: every server replicating, within the RPO, drilled, and every tagged instance a server (exit 0)", async () => {
    const known = [HEALTHY, HEALTHY_TOO, server("s-0a1b2c3d4e5f60017", "web-09", "i-0a1b2c3d4e5f60019")];
    const aws = fakeAws(withReadiness(rollout.capture, known, instances(tag)), 2);
    const { code, err, report } = await verifyLive(rolloutArgs(), aws);
    assert.deepEqual([code, err], [0, ""]);
    assert.deepEqual(readinessOf(report).map((v) => [v.id, v.passed]), known.map((s) => [`readiness:${s.sourceServerID}`, true]).sort());
    assert.ok(report.passed);
  });

  it("--no-readiness: no readiness verdict, and neither the servers nor the instances are read for it (exit 0 over the same failing servers)", async () => {
    const aws = fakeAws(withReadiness(rollout.capture, SERVERS, instances(tag)), 3);
    const { code, report } = await verifyLive([...rolloutArgs(), "--no-readiness"], aws);
    assert.equal(code, 0);
    assert.deepEqual(readinessOf(report), []);
    assert.ok(!aws.calls.some((c) => c.operation === "DescribeSourceServers" || c.operation === "DescribeInstances"));
  });

  it("the flags: --readiness on a stack without replication reads and judges; the two together are refused", async () => {
    assert.equal(parseArgs(["--stack", "dev"]).readiness, undefined);
    assert.equal(parseArgs(["--stack", "dev", "--readiness"]).readiness, true);
    assert.equal(parseArgs(["--stack", "dev", "--no-readiness"]).readiness, false);
    assert.throws(() => parseArgs(["--stack", "dev", "--readiness", "--no-readiness"]), new Error("give --readiness or --no-readiness, not both"));
    const plain = await deployedOnce("rollout");
    assert.equal(plain.settings.replication, undefined);
    assert.equal(plain.plan.readiness, undefined, "off by default without replication");
    const outputs = join(dir, "plain-rollout-outputs.json");
    writeFileSync(outputs, JSON.stringify(plain.outputs));
    const aws = fakeAws(withReadiness(plain.capture, [HEALTHY], instances(tag)));
    const { code, report } = await verifyLive(["--stack", "rollout", "--outputs", outputs, "--readiness"], aws);
    assert.equal(code, 1);
    assert.deepEqual(readinessOf(report).map((v) => [v.id, v.passed]), [[`readiness:${HEALTHY.sourceServerID}`, true], ["readiness:missing:i-0a1b2c3d4e5f60016", false], ["readiness:missing:i-0a1b2c3d4e5f60019", false]]);
  });

  it("dev-drs in the fake account (no source server): one passing verdict noting there is none yet, the servers read once with the launch reads (exit 0)", async () => {
    const aws = fakeAws(devDrs.capture);
    const { code, err, report } = await verifyLive(["--stack", "dev-drs", "--outputs", devDrsOutputs], aws);
    assert.deepEqual([code, err], [0, ""]);
    assert.deepEqual(readinessOf(report), [
      {
        id: "readiness:source-servers",
        kind: "required-flow",
        description: `every source server DRS lists in ${DR} is ready to recover: replicating continuously, lag within the RPO of 15 minutes, a successful drill within 90 days`,
        passed: true,
        // Pulumi.dev-drs.yaml's readiness block sets them (15 and 90): no note of the defaults.
        notes: [NO_SERVER_NOTE],
      },
    ]);
    assert.deepEqual(devDrs.plan.readiness, { region: DR, rpoMinutes: 15, drillMaxAgeDays: 90, thresholds: "stack" });
    assert.equal(report.verdicts.length, devDrs.synthVerdicts.length + 1, "the synth's verdicts and the readiness one");
    assert.equal(aws.calls.filter((c) => c.operation === "DescribeSourceServers").length, 1);
    assert.ok(!aws.calls.some((c) => c.operation === "DescribeInstances"), "no agent rollout: no instance is read");
  });

  it("dev-drs with servers registered: the launch and readiness verdicts judge the one read of them (two pages)", async () => {
    const launch = launchServers(devDrs);
    const aws = fakeAws(withLaunch(devDrs.capture, DR, launch), 2);
    const { report } = await verifyLive(["--stack", "dev-drs", "--outputs", devDrsOutputs], aws);
    const ids = (launch.DescribeSourceServers?.items ?? []).map((s) => String(s.sourceServerID));
    assert.deepEqual(report.verdicts.filter((v) => v.id.startsWith("launch:")).map((v) => v.id), ids.map((id) => `launch:${id}`));
    // The fixture's servers report no replication at all: each fails readiness, saying so.
    assert.deepEqual(readinessOf(report).map((v) => `${v.id}: ${v.blockedBy?.reason}`), ids.sort().map((id) => `readiness:${id}: replication is not reported, not CONTINUOUS; it has never been drilled`));
    assert.deepEqual(aws.calls.filter((c) => c.operation === "DescribeSourceServers").map((c) => c.input.nextToken), [undefined, "2"], "read once, every page");
  });

  it("without readiness settings the thresholds are the defaults, each verdict noting so; with them, the stack's, without the note", () => {
    assert.equal(rollout.settings.readiness, undefined);
    const note = defaultsNote({ region: DR, ...READINESS_DEFAULTS, thresholds: "defaults" });
    const noted = liveReadinessVerdicts(rollout.plan, withReadiness(rollout.capture, [], []));
    assert.deepEqual(noted.map((v) => v.notes), [[NO_SERVER_NOTE, note]]);

    const settings = { ...rollout.settings, readiness: { rpoMinutes: 45, drillMaxAgeDays: 7, notify: { kind: "emails", emails: ["dr@example.com"] } } } as Settings;
    const plan = livePlan(rollout.outputs, settings);
    assert.deepEqual(plan.readiness, { region: DR, rpoMinutes: 45, drillMaxAgeDays: 7, thresholds: "stack", rollout: { tag, regions: [SOURCE] } });
    const verdicts = liveReadinessVerdicts(plan, withReadiness(rollout.capture, [HEALTHY, LAGGING], [instances(tag)[0]]));
    assert.deepEqual(
      verdicts.map((v) => [v.id, v.passed, v.blockedBy?.reason, v.notes]),
      [
        [`readiness:${HEALTHY.sourceServerID}`, false, "its last successful drill was 10 days ago (2026-11-16T09:00:00Z), more than 7", undefined],
        // 40 minutes behind is within an RPO of 45.
        [`readiness:${LAGGING.sourceServerID}`, false, "its last successful drill was 10 days ago (2026-11-16T09:00:00Z), more than 7", undefined],
      ],
    );
    assert.match(verdicts[0].description, /lag within the RPO of 45 minutes, a successful drill within 7 days$/);
  });

  it("the plan: the DR side reads the servers, each source read the rollout's instances; off, neither", () => {
    assert.deepEqual(readinessScope(rollout.settings), { region: DR, ...READINESS_DEFAULTS, thresholds: "defaults", rollout: { tag, regions: [SOURCE] } });
    assert.deepEqual(READINESS_DEFAULTS, { rpoMinutes: 15, drillMaxAgeDays: 90 });
    assert.deepEqual(
      rollout.plan.reads.map((r) => [r.region, r.drSide, r.sourceServers, r.rolloutTargets]),
      [
        [DR, true, true, undefined],
        [SOURCE, false, undefined, tag],
      ],
    );
    const off = livePlan(rollout.outputs, rollout.settings, { readiness: false });
    assert.equal(off.readiness, undefined);
    assert.ok(off.reads.every((r) => r.sourceServers === undefined && r.rolloutTargets === undefined));
    assert.equal(readinessScope(devDrs.settings)?.rollout, undefined, "no agent rollout: no instance to expect");
  });

  it("a capture taken without readiness, judged with it: failing verdicts naming what the capture lacks", () => {
    const capture = editedCapture(rollout.capture, (regions) => {
      delete (regions[DR] as LaunchRegionCapture).DescribeSourceServers;
      delete regions[SOURCE].DescribeInstances;
    });
    const why = (what: string, region: string) => `the capture has no ${what} of ${region}: it was taken without readiness (--no-readiness); capture again, or judge it with --no-readiness`;
    assert.deepEqual(
      liveReadinessVerdicts(rollout.plan, capture).map((v) => `${v.id} ${v.passed}: ${v.blockedBy?.reason}`),
      [`readiness:source-servers false: ${why("DescribeSourceServers", DR)}`],
    );
    const serversOnly = withReadiness(capture, [HEALTHY]);
    assert.deepEqual(
      liveReadinessVerdicts(rollout.plan, serversOnly).map((v) => `${v.id} ${v.passed}: ${v.blockedBy?.reason ?? ""}`),
      [`readiness:${HEALTHY.sourceServerID} true: `, `readiness:rollout-targets false: ${why("DescribeInstances", SOURCE)}`],
    );
  });
});
