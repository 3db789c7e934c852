/** The pure parts of the drill: limits and batches, the snapshot a point in time picks, RPO/RTO, verdicts, exit codes, arguments, the report. */
import * as assert from "node:assert/strict";
import {
  backoffMs,
  batches,
  chooseSnapshot,
  CleanupResult,
  drillExitCode,
  fitsLimits,
  formatDuration,
  judgeServer,
  launchTime,
  parsePointInTime,
  readinessThresholds,
  readJobLog,
  refusedAction,
  ServerRecord,
} from "../lib/drill";
import { parseDrillArgs, wantsHelp } from "../lib/drillArgs";
import { drillMarkdown, DrillReport } from "../lib/drillReport";

const NOW = new Date("2026-11-26T12:00:00.000Z");
const CLEANED: CleanupResult = { status: "terminated", terminated: ["i-1"], kept: [], failed: [], jobIDs: ["drsjob-t"] };

function launched(overrides: Partial<ServerRecord> = {}): ServerRecord {
  return {
    sourceServerID: "s-1",
    hostname: "web-1",
    replicationState: "CONTINUOUS",
    startedAt: "2026-11-26T12:00:00.000Z",
    launchedAt: "2026-11-26T12:09:00.000Z",
    launchStatus: "LAUNCHED",
    launch: "launched",
    pointInTime: "2026-11-26T11:59:30.000Z",
    recoveryInstanceID: "i-1",
    ec2InstanceID: "i-1",
    checks: { instance: "ok", system: "ok" },
    ssm: "Online",
    ...overrides,
  };
}

describe("drill: DRS's limits and the batches they make", () => {
  it("cuts 150 servers into jobs of 100 and 50, in order", () => {
    const ids = Array.from({ length: 150 }, (_, i) => `s-${i}`);
    const jobs = batches(ids);
    assert.deepEqual(
      jobs.map((j) => j.length),
      [100, 50],
    );
    assert.deepEqual(jobs.flat(), ids);
  });

  it("starts a job only within 20 concurrent jobs and 500 servers in all active jobs", () => {
    assert.equal(fitsLimits({ jobs: 0, servers: 0 }, 100), true);
    assert.equal(fitsLimits({ jobs: 19, servers: 400 }, 100), true);
    assert.equal(fitsLimits({ jobs: 20, servers: 20 }, 1), false);
    assert.equal(fitsLimits({ jobs: 4, servers: 450 }, 100), false);
    assert.equal(fitsLimits({ jobs: 0, servers: 0 }, 101), false);
  });

  it("backs off exponentially from 10 s to at most 60 s", () => {
    assert.deepEqual(
      [0, 1, 2, 3, 10, 100].map((a) => backoffMs(a)),
      [10_000, 20_000, 40_000, 60_000, 60_000, 60_000],
    );
  });
});

describe("drill: the point in time", () => {
  const snapshots = [
    { snapshotID: "pit-3", sourceServerID: "s-1", expectedTimestamp: "2026-11-26T11:50:00Z", timestamp: "2026-11-26T11:50:04Z" },
    { snapshotID: "pit-2", sourceServerID: "s-1", expectedTimestamp: "2026-11-26T11:40:00Z", timestamp: "2026-11-26T11:40:03Z" },
    { snapshotID: "pit-1", sourceServerID: "s-1", expectedTimestamp: "2026-11-26T11:30:00Z" },
  ];

  it("picks the newest snapshot taken at or before the time, whatever the order", () => {
    assert.deepEqual(chooseSnapshot(snapshots, "2026-11-26T11:45:00Z"), { snapshotID: "pit-2", timestamp: "2026-11-26T11:40:03.000Z" });
    assert.deepEqual(chooseSnapshot([...snapshots].reverse(), "2026-11-26T11:50:04Z")?.snapshotID, "pit-3");
    assert.deepEqual(chooseSnapshot(snapshots, "2026-11-26T11:35:00Z"), { snapshotID: "pit-1", timestamp: "2026-11-26T11:30:00.000Z" });
    assert.equal(chooseSnapshot(snapshots, "2026-11-26T11:00:00Z"), undefined);
  });

  it("takes latest or an ISO time with its zone, never one in the future", () => {
    assert.deepEqual(parsePointInTime("latest", NOW), { kind: "latest" });
    assert.deepEqual(parsePointInTime("2026-11-26T13:00:00+02:00", NOW), { kind: "at", at: "2026-11-26T11:00:00.000Z" });
    assert.throws(() => parsePointInTime("2026-11-26T11:00:00", NOW), /ISO time with its zone/);
    assert.throws(() => parsePointInTime("yesterday", NOW), /ISO time/);
    assert.throws(() => parsePointInTime("2026-11-27T00:00:00Z", NOW), /in the future/);
  });
});

describe("drill: RPO, RTO and what a server's result means", () => {
  it("RPO is StartRecovery's time minus the snapshot's with latest, the requested time minus it with an ISO time; RTO runs to the launch", () => {
    const latest = judgeServer(launched(), {}, { kind: "latest" });
    assert.equal(latest.rpoMs, 30_000);
    assert.equal(latest.rtoMs, 9 * 60_000);
    assert.deepEqual(latest.failures, []);
    const at = judgeServer(launched({ pointInTime: "2026-11-26T11:40:03.000Z" }), {}, { kind: "at", at: "2026-11-26T11:45:00.000Z" });
    assert.equal(at.rpoMs, 4 * 60_000 + 57_000);
  });

  it("fails a server over the stack's objectives, and says by how much", () => {
    const r = judgeServer(launched(), { rpoMinutes: 0.25 }, { kind: "latest" });
    assert.deepEqual(r.failures, ["RPO 30s exceeds readiness.rpoMinutes (0.25 min)"]);
    assert.deepEqual(judgeServer(launched(), { rpoMinutes: 15 }, { kind: "latest" }).failures, []);
  });

  it("fails a failed launch with DRS's reason, and status checks that are not both ok", () => {
    const failed = judgeServer({ sourceServerID: "s-2", launch: "failed", launchError: "LAUNCH_FAILED: no capacity" }, {}, { kind: "latest" });
    assert.deepEqual(failed.failures, ["launch failed (LAUNCH_FAILED: no capacity)"]);
    assert.deepEqual(judgeServer(launched({ checks: { instance: "ok", system: "impaired" } }), {}, { kind: "latest" }).failures, ["EC2 status checks not ok: instance ok, system impaired"]);
    assert.deepEqual(judgeServer({ sourceServerID: "s-3", launch: "timed-out", jobID: "drsjob-1" }, {}, { kind: "latest" }).failures, ["not launched before the timeout"]);
  });

  it("drills a server that is not replicating CONTINUOUS, and flags it; Systems Manager only warns", () => {
    const r = judgeServer(launched({ replicationState: "STALLED", lagDuration: "PT2H", ssm: "not registered with Systems Manager" }), {}, { kind: "latest" });
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.warnings, ["replication was STALLED (lag PT2H) when the drill started: drilled anyway", "Systems Manager: not registered with Systems Manager"]);
  });

  it("takes the launch time from the first poll that saw it, or the job's end when that is earlier", () => {
    assert.equal(launchTime("2026-11-26T12:10:00Z", "2026-11-26T12:09:30Z"), "2026-11-26T12:09:30Z");
    assert.equal(launchTime("2026-11-26T12:10:00Z", "2026-11-26T12:20:00Z"), "2026-11-26T12:10:00Z");
    assert.equal(launchTime(undefined, "2026-11-26T12:20:00Z"), "2026-11-26T12:20:00Z");
  });

  it("reads a job log's end and each server's errors", () => {
    const facts = readJobLog([
      { event: "JOB_START", logDateTime: "2026-11-26T12:00:01Z" },
      { event: "LAUNCH_START", logDateTime: "2026-11-26T12:05:00Z", eventData: { sourceServerID: "s-1" } },
      { event: "LAUNCH_FAILED", logDateTime: "2026-11-26T12:06:00Z", eventData: { sourceServerID: "s-2", rawError: "InsufficientInstanceCapacity" } },
      { event: "JOB_END", logDateTime: "2026-11-26T12:09:00Z" },
    ]);
    assert.equal(facts.jobEndAt, "2026-11-26T12:09:00Z");
    assert.deepEqual([...facts.errors], [["s-2", "LAUNCH_FAILED: InsufficientInstanceCapacity"]]);
  });

  it("formats durations", () => {
    assert.deepEqual([0, 45_000, 545_000, 3_720_000].map(formatDuration), ["0s", "45s", "9m 05s", "1h 02m"]);
  });
});

describe("drill: the exit status, the refused action and the objectives", () => {
  const ok = { failures: [] as string[] };
  it("0 all recovered and cleaned, 1 a failure, a timeout, an interruption or a failed cleanup, 2 refused, 3 an error", () => {
    assert.equal(drillExitCode({ ended: "completed", servers: [ok], cleanup: CLEANED }), 0);
    assert.equal(drillExitCode({ ended: "completed", servers: [ok], cleanup: { ...CLEANED, status: "kept" } }), 0);
    assert.equal(drillExitCode({ ended: "completed", servers: [ok, { failures: ["x"] }], cleanup: CLEANED }), 1);
    assert.equal(drillExitCode({ ended: "completed", servers: [ok], cleanup: { ...CLEANED, status: "failed" } }), 1);
    assert.equal(drillExitCode({ ended: "timed-out", servers: [ok], cleanup: CLEANED }), 1);
    assert.equal(drillExitCode({ ended: "interrupted", servers: [ok], cleanup: CLEANED }), 1);
    assert.equal(drillExitCode({ ended: "refused", servers: [ok], cleanup: CLEANED }), 2);
    assert.equal(drillExitCode({ ended: "error", servers: [ok], cleanup: CLEANED }), 3);
  });

  it("names the IAM action an AccessDenied message names", () => {
    assert.equal(refusedAction("User: arn:aws:sts::111122223333:assumed-role/dr/x is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:eu-west-2::image/ami-1"), "ec2:RunInstances");
    assert.equal(refusedAction("Access denied"), undefined);
  });

  it("reads readiness.rpoMinutes from the stack config, when set", () => {
    assert.deepEqual(readinessThresholds({ "drs-secured-network:readiness": JSON.stringify({ enabled: true, rpoMinutes: 15, drillMaxAgeDays: 90 }) }, "drs-secured-network"), { rpoMinutes: 15 });
    assert.deepEqual(readinessThresholds({ "drs-secured-network:readiness": JSON.stringify({ rpoMinutes: -1 }) }, "drs-secured-network"), {});
    assert.deepEqual(readinessThresholds({}, "drs-secured-network"), {});
  });
});

describe("drill: the command line", () => {
  it("takes the stack, a selection, the point in time and the files", () => {
    assert.deepEqual(parseDrillArgs(["--stack", "dev-drs"]), { source: { stack: "dev-drs" }, selection: { kind: "all" }, pointInTime: "latest", keep: false, timeoutMinutes: 60 });
    const args = parseDrillArgs(["--stack", "dev", "--servers", "s-1,s-2,s-1", "--point-in-time", "2026-11-26T11:00:00Z", "--keep", "--report", "r.md", "--json", "r.json", "--timeout-minutes", "90"]);
    assert.deepEqual(args, { source: { stack: "dev" }, selection: { kind: "ids", ids: ["s-1", "s-2"] }, pointInTime: "2026-11-26T11:00:00Z", keep: true, reportFile: "r.md", jsonFile: "r.json", timeoutMinutes: 90 });
    assert.deepEqual(parseDrillArgs(["--stack", "dev", "--tag", "Tier=web=1"]).selection, { kind: "tag", key: "Tier", value: "web=1" });
    assert.deepEqual(parseDrillArgs(["--config", "plain.yaml"]).source, { configFile: "plain.yaml" });
    assert.equal(wantsHelp(["--stack", "dev", "-h"]), true);
  });

  it("refuses what it cannot use, saying why", () => {
    assert.throws(() => parseDrillArgs([]), /give --stack/);
    assert.throws(() => parseDrillArgs(["--stack", "dev", "--config", "x.yaml"]), /--stack or --config, not both/);
    assert.throws(() => parseDrillArgs(["--stack", "dev", "--servers", "s-1", "--tag", "a=b"]), /not both/);
    assert.throws(() => parseDrillArgs(["--stack", "dev", "--servers", "i-123"]), /not i-123/);
    assert.throws(() => parseDrillArgs(["--stack", "dev", "--tag", "=b"]), /key=value/);
    assert.throws(() => parseDrillArgs(["--stack", "dev", "--timeout-minutes", "0"]), /1 to 1440/);
    assert.throws(() => parseDrillArgs(["--stack", "dev", "--bogus"]), /unknown argument --bogus/);
    assert.throws(() => parseDrillArgs(["--stack", "dev", "--json"]), /needs a value/);
  });
});

describe("drill: the report", () => {
  const report: DrillReport = {
    stack: "dev-drs",
    region: "eu-west-2",
    runBy: "arn:aws:sts::111122223333:assumed-role/dr-drill/ci",
    startedAt: "2026-11-26T12:00:00.000Z",
    finishedAt: "2026-11-26T12:15:00.000Z",
    selection: "every source server in eu-west-2",
    pointInTime: { kind: "latest" },
    thresholds: { rpoMinutes: 15 },
    timeoutMinutes: 60,
    keep: false,
    ended: "completed",
    servers: [judgeServer(launched(), { rpoMinutes: 15 }, { kind: "latest" }), judgeServer({ sourceServerID: "s-2", hostname: "db|1", launch: "failed", launchError: "LAUNCH_FAILED: x" }, {}, { kind: "latest" })],
    jobs: [{ jobID: "drsjob-1", servers: ["s-1", "s-2"], startedAt: "2026-11-26T12:00:00.000Z", status: "COMPLETED", endedAt: "2026-11-26T12:09:00Z" }],
    cleanup: CLEANED,
    notes: [],
    exitCode: 1,
  };

  it("says who, when, where, what and how it ended, one row a server, each failure with its reason", () => {
    const md = drillMarkdown(report);
    assert.match(md, /^# DRS drill: dev-drs\n\n\*\*FAILED\*\* \(exit 1\): 1 of 2 servers failed; every job finished; cleanup: 1 recovery instance terminated\./);
    assert.match(md, /\| Run by \| arn:aws:sts::111122223333:assumed-role\/dr-drill\/ci \|/);
    assert.match(md, /\| Finished \| 2026-11-26T12:15:00.000Z \(15m 00s\) \|/);
    assert.match(md, /\| Objectives \| RPO 15 min \(readiness.rpoMinutes\); RTO: measured, the config has no RTO objective \|/);
    assert.match(md, /\| s-1 \| web-1 \| 2026-11-26T11:59:30.000Z \| 30s \| 9m 00s \| i-1 \| i-1 \| instance ok, system ok \| Online \| PASS \|/);
    assert.match(md, /\| s-2 \| db\\\|1 \| - \| - \| - \| - \| - \| - \| - \| FAIL \|/);
    assert.match(md, /- FAIL s-2 \(db\|1\): launch failed \(LAUNCH_FAILED: x\)/);
    assert.match(md, /- Terminated: i-1 \(TerminateRecoveryInstances job drsjob-t\)\./);
  });

  it("with --keep, names what is left running and the command that terminates it", () => {
    const md = drillMarkdown({ ...report, keep: true, cleanup: { status: "kept", terminated: [], kept: ["i-1"], failed: [], jobIDs: [] } });
    assert.match(md, /Kept \(--keep\): i-1\. DRS does not terminate drill instances.*`aws drs terminate-recovery-instances --region eu-west-2 --recovery-instance-ids i-1`/);
  });
});
