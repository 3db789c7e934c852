/**
 * The drill against a DRS, EC2, Systems Manager and STS that aws-sdk-client-mock plays from a scripted world whose
 * time is a fake clock: a job launches each server some minutes after StartRecovery (or fails it), status checks
 * pass and Systems Manager answers some minutes after the launch, and a terminate job completes a minute after it
 * starts. Every sleep advances the clock, so a 20-minute drill runs in milliseconds.
 */
import * as assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mockClient } from "aws-sdk-client-mock";
import {
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DescribeSourceServersCommand,
  DrsClient,
  Job,
  JobLog,
  StartRecoveryCommand,
  TerminateRecoveryInstancesCommand,
} from "@aws-sdk/client-drs";
import { DescribeInstanceStatusCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeInstanceInformationCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { DrillEnvironment, main, processInterrupts, REAL_CLOCK } from "../drill/cli";
import type { DrillClients } from "../drill/aws";
import { DrillClock, DrillOptions, runDrill } from "../drill/run";
import { DRILL_PERMISSIONS } from "../lib/drill";
import { drillMarkdown, DrillReport } from "../lib/drillReport";

const T0 = Date.parse("2026-11-26T12:00:00.000Z");
const MIN = 60_000;
const ARN = "arn:aws:sts::111122223333:assumed-role/dr-drill/ci";

/** A source server and how its drill goes. */
interface Scenario {
  readonly id: string;
  readonly hostname?: string;
  readonly state?: string;
  readonly tags?: Record<string, string>;
  /** Minutes from StartRecovery to LAUNCHED (or FAILED). */
  readonly launchAfter?: number;
  readonly fail?: string;
  /** Minutes from the launch to both status checks ok. */
  readonly okAfter?: number;
  readonly ssm?: boolean;
  readonly snapshots?: readonly { id: string; at: string }[];
}

interface FakeJob {
  readonly jobID: string;
  readonly type: "LAUNCH" | "TERMINATE";
  readonly start: number;
  readonly servers: readonly { sourceServerID: string; snapshotID?: string; recoveryInstanceID?: string }[];
}

interface Instance {
  readonly sourceServerID: string;
  readonly jobID: string;
  readonly launchedAt: number;
  readonly pit: string;
}

/** The scripted world, and every call made into it. */
class World {
  t = T0;
  readonly jobs: FakeJob[] = [];
  readonly instances = new Map<string, Instance>();
  readonly calls: { op: string; input: Record<string, unknown> }[] = [];
  startRecoveryError?: Error;
  onSleep?: (world: World) => void;
  constructor(readonly servers: readonly Scenario[]) {}

  scenario(id: string): Scenario {
    return this.servers.find((s) => s.id === id) as Scenario;
  }
  landAt(job: FakeJob, id: string): number {
    return job.start + (this.scenario(id).launchAfter ?? 8) * MIN;
  }
  /** Make time's consequences real: instances launched, terminations done. */
  advance(): void {
    for (const job of this.jobs) {
      for (const s of job.servers) {
        const at = job.type === "LAUNCH" ? this.landAt(job, s.sourceServerID) : job.start + MIN;
        if (this.t < at) continue;
        const riId = `i-0${s.sourceServerID.slice(2)}`;
        if (job.type === "LAUNCH" && this.scenario(s.sourceServerID).fail === undefined && !this.instances.has(riId) && !this.terminated.has(riId)) {
          const snap = this.scenario(s.sourceServerID).snapshots?.find((x) => x.id === s.snapshotID);
          this.instances.set(riId, { sourceServerID: s.sourceServerID, jobID: job.jobID, launchedAt: at, pit: snap?.at ?? new Date(job.start - 20_000).toISOString() });
        }
        if (job.type === "TERMINATE" && s.recoveryInstanceID !== undefined && this.instances.delete(s.recoveryInstanceID)) this.terminated.add(s.recoveryInstanceID);
      }
    }
  }
  readonly terminated = new Set<string>();
  record(op: string, input: object): void {
    this.calls.push({ op, input: input as Record<string, unknown> });
    this.advance();
  }
  ops(op: string) {
    return this.calls.filter((c) => c.op === op).map((c) => c.input);
  }
  /** A job as DescribeJobs shows it now. */
  view(job: FakeJob): Job {
    const statuses = job.servers.map((s) => {
      if (job.type === "TERMINATE") return this.t >= job.start + MIN ? "TERMINATED" : "PENDING";
      if (this.t < this.landAt(job, s.sourceServerID)) return "IN_PROGRESS";
      return this.scenario(s.sourceServerID).fail !== undefined ? "FAILED" : "LAUNCHED";
    });
    const done = statuses.every((s) => s !== "IN_PROGRESS" && s !== "PENDING");
    return {
      jobID: job.jobID,
      type: job.type,
      status: done ? "COMPLETED" : "STARTED",
      participatingServers: job.servers.map((s, i) => ({
        sourceServerID: s.sourceServerID,
        launchStatus: statuses[i] as never,
        ...(job.type === "TERMINATE" ? { recoveryInstanceID: s.recoveryInstanceID } : statuses[i] === "LAUNCHED" ? { recoveryInstanceID: `i-0${s.sourceServerID.slice(2)}` } : {}),
      })),
    };
  }
  log(job: FakeJob): JobLog[] {
    const items: JobLog[] = [{ event: "JOB_START", logDateTime: new Date(job.start).toISOString() }];
    let end = job.start + MIN;
    for (const s of job.type === "LAUNCH" ? job.servers : []) {
      const at = this.landAt(job, s.sourceServerID);
      end = Math.max(end, at);
      const fail = this.scenario(s.sourceServerID).fail;
      if (this.t >= at - MIN) items.push({ event: "LAUNCH_START", logDateTime: new Date(at - MIN).toISOString(), eventData: { sourceServerID: s.sourceServerID } });
      if (this.t >= at && fail !== undefined) items.push({ event: "LAUNCH_FAILED", logDateTime: new Date(at).toISOString(), eventData: { sourceServerID: s.sourceServerID, rawError: fail } });
    }
    if (this.view(job).status === "COMPLETED") items.push({ event: "JOB_END", logDateTime: new Date(end).toISOString() });
    return items;
  }
}

/** Pages of `size` from `items`, `nextToken` an index. */
function page<T>(items: readonly T[], token: unknown, size: number): { items: T[]; nextToken?: string } {
  const start = typeof token === "string" ? Number(token) : 0;
  return { items: items.slice(start, start + size), ...(start + size < items.length ? { nextToken: String(start + size) } : {}) };
}

function mockDrs(w: World): DrsClient {
  const drs = new DrsClient({ region: "eu-west-2" });
  const m = mockClient(drs);
  m.on(DescribeSourceServersCommand).callsFake((input) => {
    w.record("DescribeSourceServers", input);
    const items = w.servers.map((s) => ({
      sourceServerID: s.id,
      tags: s.tags ?? {},
      dataReplicationInfo: { dataReplicationState: (s.state ?? "CONTINUOUS") as never, lagDuration: "PT1S" },
      sourceProperties: { identificationHints: { hostname: s.hostname ?? `host-${s.id}` } },
    }));
    return page(items, input.nextToken, 1);
  });
  m.on(DescribeRecoverySnapshotsCommand).callsFake((input) => {
    w.record("DescribeRecoverySnapshots", input);
    const to = Date.parse(input.filters?.toDateTime ?? "9999-01-01T00:00:00Z");
    const snaps = (w.scenario(input.sourceServerID as string).snapshots ?? []).filter((s) => Date.parse(s.at) <= to).sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    return page(
      snaps.map((s) => ({ snapshotID: s.id, sourceServerID: input.sourceServerID, expectedTimestamp: s.at, timestamp: s.at })),
      input.nextToken,
      2,
    );
  });
  m.on(StartRecoveryCommand).callsFake((input) => {
    w.record("StartRecovery", input);
    if (w.startRecoveryError !== undefined) throw w.startRecoveryError;
    const job: FakeJob = { jobID: `drsjob-${w.jobs.length + 1}`, type: "LAUNCH", start: w.t, servers: (input.sourceServers ?? []).map((s: { sourceServerID?: string; recoverySnapshotID?: string }) => ({ sourceServerID: s.sourceServerID as string, ...(s.recoverySnapshotID !== undefined ? { snapshotID: s.recoverySnapshotID } : {}) })) };
    w.jobs.push(job);
    return { job: { jobID: job.jobID, status: "PENDING" } };
  });
  m.on(DescribeJobsCommand).callsFake((input) => {
    w.record("DescribeJobs", input);
    return { items: w.jobs.filter((j) => (input.filters?.jobIDs ?? []).includes(j.jobID)).map((j) => w.view(j)) };
  });
  m.on(DescribeJobLogItemsCommand).callsFake((input) => {
    w.record("DescribeJobLogItems", input);
    return page(w.log(w.jobs.find((j) => j.jobID === input.jobID) as FakeJob), input.nextToken, 2);
  });
  m.on(DescribeRecoveryInstancesCommand).callsFake((input) => {
    w.record("DescribeRecoveryInstances", input);
    const ids = input.filters?.sourceServerIDs;
    const items = [...w.instances]
      .filter(([, i]) => ids === undefined || ids.includes(i.sourceServerID))
      .map(([id, i]) => ({ recoveryInstanceID: id, ec2InstanceID: id, sourceServerID: i.sourceServerID, jobID: i.jobID, isDrill: true, pointInTimeSnapshotDateTime: i.pit }));
    return page(items, input.nextToken, 1);
  });
  m.on(TerminateRecoveryInstancesCommand).callsFake((input) => {
    w.record("TerminateRecoveryInstances", input);
    const job: FakeJob = {
      jobID: `drsjob-${w.jobs.length + 1}`,
      type: "TERMINATE",
      start: w.t,
      servers: (input.recoveryInstanceIDs ?? []).map((id: string) => ({ sourceServerID: w.instances.get(id)?.sourceServerID ?? "s-unknown", recoveryInstanceID: id })),
    };
    w.jobs.push(job);
    return { job: { jobID: job.jobID, status: "PENDING" } };
  });
  return drs;
}

function clientsOf(w: World): DrillClients {
  const ec2 = new EC2Client({ region: "eu-west-2" });
  mockClient(ec2 as unknown as Parameters<typeof mockClient>[0])
    .on(DescribeInstanceStatusCommand as never)
    .callsFake((input: { InstanceIds: string[] }) => {
      w.record("DescribeInstanceStatus", input);
      const InstanceStatuses = input.InstanceIds.flatMap((id) => {
        const i = w.instances.get(id);
        if (i === undefined) return [];
        const status = w.t >= i.launchedAt + (w.scenario(i.sourceServerID).okAfter ?? 3) * MIN ? "ok" : "initializing";
        return [{ InstanceId: id, InstanceStatus: { Status: status }, SystemStatus: { Status: status } }];
      });
      return { InstanceStatuses };
    });
  const ssm = new SSMClient({ region: "eu-west-2" });
  mockClient(ssm as unknown as Parameters<typeof mockClient>[0])
    .on(DescribeInstanceInformationCommand as never)
    .callsFake((input: { Filters: { Values: string[] }[] }) => {
      w.record("DescribeInstanceInformation", input);
      const ids = input.Filters[0].Values.filter((id) => {
        const i = w.instances.get(id);
        return i !== undefined && w.scenario(i.sourceServerID).ssm !== false && w.t >= i.launchedAt + MIN;
      });
      return { InstanceInformationList: ids.map((InstanceId) => ({ InstanceId, PingStatus: "Online" })) };
    });
  const sts = new STSClient({ region: "eu-west-2" });
  mockClient(sts)
    .on(GetCallerIdentityCommand)
    .callsFake(() => ({ Arn: ARN, Account: "111122223333" }));
  return { drs: mockDrs(w), ec2, ssm, sts };
}

function clockOf(w: World): DrillClock {
  return {
    now: () => new Date(w.t),
    // Time passes even when Ctrl-C cuts a sleep short: a loop that ignored it would still reach its timeout.
    sleep: async (ms) => {
      w.t += ms;
      w.onSleep?.(w);
    },
  };
}

function options(overrides: Partial<DrillOptions> = {}): DrillOptions {
  return {
    stack: "dev-drs",
    region: "eu-west-2",
    selection: { kind: "all" },
    pointInTime: { kind: "latest" },
    keep: false,
    timeoutMinutes: 60,
    thresholds: {},
    signal: new AbortController().signal,
    progress: () => undefined,
    ...overrides,
  };
}

const drill = (w: World, o: Partial<DrillOptions> = {}): Promise<DrillReport> => runDrill(clientsOf(w), clockOf(w), options(o));

describe("drill: a whole run against a scripted DRS", () => {
  it("two servers: launches both in one drill job, checks them, terminates them, and reports the evidence", async () => {
    const w = new World([
      { id: "s-1a", hostname: "web-1", launchAfter: 7 },
      { id: "s-2b", hostname: "db-1", launchAfter: 9, okAfter: 4 },
    ]);
    const r = await drill(w, { thresholds: { rpoMinutes: 15 } });
    assert.equal(r.exitCode, 0);
    assert.deepEqual(w.ops("StartRecovery"), [{ sourceServers: [{ sourceServerID: "s-1a" }, { sourceServerID: "s-2b" }], isDrill: true }]);
    assert.equal(r.runBy, ARN);
    const [a, b] = r.servers;
    assert.deepEqual([a.hostname, a.recoveryInstanceID, a.ec2InstanceID, a.pointInTime, a.rpoMs, a.ssm], ["web-1", "i-01a", "i-01a", "2026-11-26T11:59:40.000Z", 20_000, "Online"]);
    assert.deepEqual(a.checks, { instance: "ok", system: "ok" });
    // Polls at 10, 30, 70, 130, 190, 250, 310, 370, 430, 490, 550 s: s-1a (7 min) is seen at 430 s, s-2b (9 min) at the job's end.
    assert.equal(a.rtoMs, 430_000);
    assert.equal(b.rtoMs, 9 * MIN);
    assert.deepEqual(r.cleanup, { status: "terminated", terminated: ["i-01a", "i-02b"], kept: [], failed: [], jobIDs: ["drsjob-2"] });
    assert.deepEqual(w.ops("TerminateRecoveryInstances"), [{ recoveryInstanceIDs: ["i-01a", "i-02b"] }]);
    assert.equal(w.instances.size, 0);
    // Every call is one the policy of docs/drill.md grants, and that policy's first statement is exactly DRILL_PERMISSIONS.
    const service: Record<string, string> = { DescribeInstanceStatus: "ec2", DescribeInstanceInformation: "ssm", GetCallerIdentity: "sts" };
    for (const { op } of w.calls) assert.ok((DRILL_PERMISSIONS as readonly string[]).includes(`${service[op] ?? "drs"}:${op}`), op);
    const policy = JSON.parse(readFileSync(join(__dirname, "..", "docs", "drill.md"), "utf8").split("```json\n")[1].split("\n```")[0]) as { Statement: { Action: string[] }[] };
    assert.deepEqual(policy.Statement[0].Action, [...DRILL_PERMISSIONS]);
    const md = drillMarkdown(r);
    assert.match(md, /^# DRS drill: dev-drs\n\n\*\*PASSED\*\* \(exit 0\): all 2 servers recovered and passed their checks; every job finished; cleanup: 2 recovery instances terminated\./);
    assert.match(md, new RegExp(`\\| Run by \\| ${ARN} \\|`));
    assert.match(md, /\| Objectives \| RPO 15 min \(readiness.rpoMinutes\); RTO: measured, the config has no RTO objective \|/);
    assert.match(md, /\| s-1a \| web-1 \| 2026-11-26T11:59:40.000Z \| 20s \| 7m 10s \| i-01a \| i-01a \| instance ok, system ok \| Online \| PASS \|/);
    assert.match(md, /\| s-2b \| db-1 \| 2026-11-26T11:59:40.000Z \| 20s \| 9m 00s \| i-02b \| i-02b \| instance ok, system ok \| Online \| PASS \|/);
    assert.match(md, /- drsjob-1: 2 servers, started 2026-11-26T12:00:00.000Z, COMPLETED at 2026-11-26T12:09:00.000Z/);
    assert.match(md, /- Terminated: i-01a, i-02b \(TerminateRecoveryInstances job drsjob-2\)\./);
  });

  it("a server whose launch fails: exit 1, the report gives DRS's reason, the other is still cleaned up", async () => {
    const w = new World([{ id: "s-1a" }, { id: "s-2b", fail: "InsufficientInstanceCapacity: no m5.large in eu-west-2a" }]);
    const r = await drill(w);
    assert.equal(r.exitCode, 1);
    assert.deepEqual(r.servers[1].failures, ["launch failed (LAUNCH_FAILED: InsufficientInstanceCapacity: no m5.large in eu-west-2a)"]);
    assert.deepEqual(r.servers[0].failures, []);
    assert.deepEqual(r.cleanup.terminated, ["i-01a"]);
  });

  it("a job that outlasts the timeout: exit 1, and cleanup waits for it to launch, then terminates what it launched", async () => {
    const w = new World([{ id: "s-1a", launchAfter: 75 }]);
    const r = await drill(w, { timeoutMinutes: 60 });
    assert.equal(r.ended, "timed-out");
    assert.equal(r.exitCode, 1);
    assert.deepEqual(r.servers[0].failures, ["not launched before the timeout"]);
    assert.deepEqual(w.ops("TerminateRecoveryInstances"), [{ recoveryInstanceIDs: ["i-01a"] }]);
    assert.equal(r.cleanup.status, "terminated");
    assert.equal(w.instances.size, 0);
  });

  it("Ctrl-C mid-run: stops waiting, terminates what launched and what its job still launches, and waits for it", async () => {
    const w = new World([
      { id: "s-1a", launchAfter: 2 },
      { id: "s-2b", launchAfter: 8 },
    ]);
    const ctrlC = new AbortController();
    w.onSleep = (world) => {
      if (world.t >= T0 + 4 * MIN) ctrlC.abort();
    };
    const r = await drill(w, { signal: ctrlC.signal });
    assert.equal(r.ended, "interrupted");
    assert.equal(r.exitCode, 1);
    assert.equal(r.servers[0].launch, "launched");
    assert.equal(r.servers[1].launch, "interrupted");
    assert.deepEqual(w.ops("DescribeInstanceStatus"), [], "no checks after Ctrl-C");
    assert.deepEqual(
      w.ops("TerminateRecoveryInstances").flatMap((i) => i.recoveryInstanceIDs as string[]),
      ["i-01a", "i-02b"],
    );
    assert.deepEqual(r.cleanup.terminated, ["i-01a", "i-02b"]);
    assert.equal(w.instances.size, 0);
  });

  it("--keep: no TerminateRecoveryInstances; the report names what is left running", async () => {
    const w = new World([{ id: "s-1a" }]);
    const r = await drill(w, { keep: true });
    assert.equal(r.exitCode, 0);
    assert.deepEqual(w.ops("TerminateRecoveryInstances"), []);
    assert.deepEqual(r.cleanup, { status: "kept", terminated: [], kept: ["i-01a"], failed: [], jobIDs: [] });
  });

  it("150 servers: two drill jobs of 100 and 50", async () => {
    const w = new World(Array.from({ length: 150 }, (_, i) => ({ id: `s-${String(i).padStart(3, "0")}`, ssm: false })));
    const r = await drill(w);
    assert.deepEqual(
      w.ops("StartRecovery").map((i) => (i.sourceServers as unknown[]).length),
      [100, 50],
    );
    assert.deepEqual(
      r.jobs.map((j) => j.servers.length),
      [100, 50],
    );
    assert.equal(r.servers.filter((s) => s.launch === "launched").length, 150);
    assert.equal(r.cleanup.terminated.length, 150);
  });

  it("--point-in-time: each server launches from its newest snapshot at or before the time; one without any fails alone", async () => {
    const w = new World([
      {
        id: "s-1a",
        snapshots: [
          { id: "pit-1", at: "2026-11-26T10:00:00.000Z" },
          { id: "pit-2", at: "2026-11-26T10:50:00.000Z" },
          { id: "pit-3", at: "2026-11-26T11:10:00.000Z" },
        ],
      },
      { id: "s-2b", snapshots: [{ id: "pit-9", at: "2026-11-26T11:30:00.000Z" }] },
    ]);
    const r = await drill(w, { pointInTime: { kind: "at", at: "2026-11-26T11:00:00.000Z" }, thresholds: { rpoMinutes: 5 } });
    assert.deepEqual(w.ops("DescribeRecoverySnapshots")[0], { sourceServerID: "s-1a", filters: { toDateTime: "2026-11-26T11:00:00.000Z" }, order: "DESC", nextToken: undefined });
    assert.deepEqual(w.ops("StartRecovery"), [{ sourceServers: [{ sourceServerID: "s-1a", recoverySnapshotID: "pit-2" }], isDrill: true }]);
    assert.equal(r.servers[0].pointInTime, "2026-11-26T10:50:00.000Z");
    assert.equal(r.servers[0].rpoMs, 10 * MIN);
    assert.deepEqual(r.servers[0].failures, ["RPO 10m 00s exceeds readiness.rpoMinutes (5 min)"]);
    assert.deepEqual(r.servers[1].failures, ["launch failed (DRS has no recovery snapshot of it at or before 2026-11-26T11:00:00.000Z)"]);
    assert.equal(r.exitCode, 1);
  });

  it("drills a server that is not replicating CONTINUOUS and flags it; selects by tag", async () => {
    const w = new World([
      { id: "s-1a", state: "STALLED", tags: { Tier: "web" } },
      { id: "s-2b", tags: { Tier: "db" } },
    ]);
    const r = await drill(w, { selection: { kind: "tag", key: "Tier", value: "web" } });
    assert.deepEqual(
      r.servers.map((s) => s.sourceServerID),
      ["s-1a"],
    );
    assert.deepEqual(r.servers[0].warnings, ["replication was STALLED (lag PT1S) when the drill started: drilled anyway"]);
    assert.equal(r.exitCode, 0);
  });

  it("StartRecovery refused: no instance, exit 2 naming the IAM action AWS names", async () => {
    const w = new World([{ id: "s-1a" }]);
    w.startRecoveryError = Object.assign(new Error(`User: ${ARN} is not authorized to perform: drs:StartRecovery on resource: arn:aws:drs:eu-west-2:111122223333:source-server/s-1a`), { name: "AccessDeniedException" });
    const r = await drill(w);
    assert.equal(r.exitCode, 2);
    assert.match(r.error ?? "", /^drs:StartRecovery in eu-west-2 as the DR side was refused: AccessDeniedException/);
    assert.equal(r.cleanup.status, "nothing");
  });
});

function stackRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "drill-"));
  copyFileSync(join(__dirname, "..", "Pulumi.yaml"), join(root, "Pulumi.yaml"));
  writeFileSync(
    join(root, "Pulumi.drill.yaml"),
    ["config:", "  drs-secured-network:sourceRegion: eu-west-1", "  drs-secured-network:drRegion: eu-west-2", "  drs-secured-network:drProvider:", "    profile: dr-drill", ""].join("\n"),
  );
  return root;
}

describe("drill: the command", () => {
  function env(w: World, interrupts: DrillEnvironment["interrupts"] = () => () => undefined) {
    const asked: unknown[] = [];
    const e: DrillEnvironment = {
      clients: (region, auth) => {
        asked.push({ region, auth });
        return clientsOf(w);
      },
      clock: clockOf(w),
      interrupts,
    };
    return { e, asked };
  }
  async function run(argv: string[], w: World, interrupts?: DrillEnvironment["interrupts"]) {
    const out: string[] = [];
    const err: string[] = [];
    const { e, asked } = env(w, interrupts);
    const code = await main(argv, (t) => out.push(t), (t) => err.push(t), stackRoot(), e);
    return { code, out: out.join(""), err: err.join(""), asked };
  }

  it("reads the DR region and its credentials from the stack file, writes the report and its JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "drill-out-"));
    const w = new World([{ id: "s-1a", hostname: "web-1" }]);
    const { code, out, asked } = await run(["--stack", "drill", "--report", join(dir, "r.md"), "--json", join(dir, "r.json")], w);
    assert.equal(code, 0);
    assert.deepEqual(asked, [{ region: "eu-west-2", auth: { profile: "dr-drill" } }]);
    assert.match(out, /\*\*PASSED\*\* \(exit 0\)/);
    assert.equal(readFileSync(join(dir, "r.md"), "utf8"), out);
    const json = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as DrillReport;
    assert.deepEqual([json.stack, json.region, json.runBy, json.servers[0].hostname], ["drill", "eu-west-2", ARN, "web-1"]);
  });

  it("Ctrl-C through the process's SIGINT: cleanup runs for what launched, exit 1", async () => {
    const proc = new EventEmitter();
    const w = new World([{ id: "s-1a", launchAfter: 2 }]);
    w.onSleep = (world) => {
      if (world.t >= T0 + 3 * MIN && proc.listenerCount("SIGINT") > 0 && world.ops("TerminateRecoveryInstances").length === 0) proc.emit("SIGINT");
    };
    const { code, err, out } = await run(["--stack", "drill"], w, processInterrupts(proc));
    assert.equal(code, 1);
    assert.match(err, /interrupted; terminating what it launched/);
    assert.match(out, /interrupted \(Ctrl-C\)/);
    assert.deepEqual(w.ops("TerminateRecoveryInstances"), [{ recoveryInstanceIDs: ["i-01a"] }]);
    assert.equal(proc.listenerCount("SIGINT"), 0, "the handler is removed after the run");
  });

  it("exit 2: bad arguments, an unknown stack, an unknown server, a refusal", async () => {
    const w = new World([{ id: "s-1a" }]);
    assert.equal((await run(["--stack", "drill", "--point-in-time", "soon"], w)).code, 2);
    const unknown = await run(["--stack", "nope"], w);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /there is no stack "nope"/);
    const missing = await run(["--stack", "drill", "--servers", "s-9z"], w);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /DRS in eu-west-2 has no source server s-9z/);
    w.startRecoveryError = Object.assign(new Error("User: x is not authorized to perform: ec2:RunInstances on resource: y"), { name: "AccessDeniedException" });
    const refused = await run(["--stack", "drill"], w);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /ec2:RunInstances in eu-west-2 as the DR side was refused/);
    assert.match(refused.err, /docs\/drill\.md/);
  });

  it("--config: a plain stack-file-shaped copy instead of --stack, named so in the report", async () => {
    const root = stackRoot();
    copyFileSync(join(root, "Pulumi.drill.yaml"), join(root, "plain.yaml"));
    const out: string[] = [];
    const code = await main(["--config", join(root, "plain.yaml")], (t) => out.push(t), () => undefined, root, env(new World([{ id: "s-1a" }])).e);
    assert.equal(code, 0);
    assert.match(out.join(""), new RegExp(`^# DRS drill: ${join(root, "plain.yaml")}\n`));
  });

  it("the real clock's sleep ends at once on Ctrl-C", async function () {
    this.timeout(2000);
    const ctrlC = new AbortController();
    const slept = REAL_CLOCK.sleep(60_000, ctrlC.signal);
    ctrlC.abort();
    await slept;
    await REAL_CLOCK.sleep(60_000, ctrlC.signal);
  });

  it("--help: every flag and the exit statuses", async () => {
    const { code, out } = await run(["--help"], new World([]));
    assert.equal(code, 0);
    for (const flag of ["--stack", "--servers", "--tag", "--point-in-time", "--keep", "--report", "--json", "--timeout-minutes"]) assert.match(out, new RegExp(`\n {2}${flag}`));
    assert.match(out, /Exit status:\n {2}0 /);
  });
});
