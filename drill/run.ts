/**
 * One drill, end to end, against injected clients and an injected clock: select the source servers, pick the point
 * in time, start drill jobs within DRS's limits, follow them with exponential backoff until they end or the timeout,
 * read the recovery instances, wait for their EC2 status checks and Systems Manager, then clean up (drill/cleanup.ts)
 * whatever happened, and return the report. Ctrl-C is `options.signal`: it stops the waiting, never the cleanup.
 */
import type { SourceServer } from "@aws-sdk/client-drs";
import { backoffMs, batches, DrillEnd, drillExitCode, fitsLimits, judgeServer, launchTime, PointInTime, readJobLog, Selection, ServerRecord, SSM_GRACE_MS, Thresholds } from "../lib/drill";
import type { DrillReport, JobSummary } from "../lib/drillReport";
import { LiveAccessError } from "../live/read";
import { callerArn, describeJobs, DrillCannotRun, DrillClients, Guard, guardFor, jobLog, pingStatuses, recoveryInstancesOf, snapshotAt, sourceServers, startDrill, statusChecks } from "./aws";
import { cleanUp, keptInstances } from "./cleanup";

/** Time, as the drill sees it: tests pass a fake one. `sleep` ends early when `signal` aborts. */
export interface DrillClock {
  now(): Date;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface DrillOptions {
  readonly stack: string;
  readonly region: string;
  readonly selection: Selection;
  readonly pointInTime: PointInTime;
  readonly keep: boolean;
  readonly timeoutMinutes: number;
  readonly thresholds: Thresholds;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  /** One line of progress (stderr). */
  readonly progress: (line: string) => void;
}

interface Ctx {
  readonly clients: DrillClients;
  readonly clock: DrillClock;
  readonly o: DrillOptions;
  readonly guard: Guard;
  readonly deadline: number;
  readonly records: ServerRecord[];
  readonly byId: Map<string, ServerRecord>;
  readonly jobs: Map<string, { -readonly [K in keyof JobSummary]: JobSummary[K] }>;
  readonly notes: string[];
}

const iso = (clock: DrillClock) => clock.now().toISOString();

/** The servers the selection names: every id must exist; a tag or "all" must match one at least. */
export function selectServers(all: readonly SourceServer[], selection: Selection, region: string): SourceServer[] {
  if (selection.kind === "ids") {
    const byId = new Map(all.map((s) => [s.sourceServerID, s]));
    const missing = selection.ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw new DrillCannotRun(`DRS in ${region} has no source server ${missing.join(", ")} (it lists ${all.length})`);
    return selection.ids.map((id) => byId.get(id) as SourceServer);
  }
  // Failback source servers (reversed replication) are recovery instances' replicas, not servers to drill.
  const forward = all.filter((s) => s.replicationDirection !== "FAILBACK");
  const chosen = selection.kind === "tag" ? forward.filter((s) => s.tags?.[selection.key] === selection.value) : forward;
  if (chosen.length === 0) throw new DrillCannotRun(selection.kind === "tag" ? `no source server in ${region} has the tag ${selection.key}=${selection.value}` : `DRS lists no source server in ${region}`);
  return chosen;
}

export function selectionText(selection: Selection, region: string): string {
  if (selection.kind === "ids") return `--servers ${selection.ids.join(",")}`;
  if (selection.kind === "tag") return `the source servers tagged ${selection.key}=${selection.value} in ${region}`;
  return `every source server in ${region}`;
}

function recordOf(s: SourceServer): ServerRecord {
  const hostname = s.sourceProperties?.identificationHints?.hostname;
  const state = s.dataReplicationInfo?.dataReplicationState;
  const lag = s.dataReplicationInfo?.lagDuration;
  return {
    sourceServerID: s.sourceServerID as string,
    ...(hostname !== undefined ? { hostname } : {}),
    ...(state !== undefined ? { replicationState: state } : {}),
    ...(lag !== undefined ? { lagDuration: lag } : {}),
    launch: "not-started",
  };
}

/** With `--point-in-time <ISO>`: each server's snapshot, or the reason it cannot launch. */
async function pickSnapshots(ctx: Ctx, at: string): Promise<void> {
  for (const r of ctx.records) {
    if (ctx.o.signal.aborted) return;
    const choice = await snapshotAt(ctx.clients.drs, ctx.guard, r.sourceServerID, at);
    if (choice === undefined) {
      r.launch = "failed";
      r.launchError = `DRS has no recovery snapshot of it at or before ${at}`;
      continue;
    }
    r.snapshotID = choice.snapshotID;
    r.pointInTime = choice.timestamp;
  }
}

/** Start every batch that fits DRS's limits beside the drill's active jobs. */
async function startWhatFits(ctx: Ctx, queue: ServerRecord[][], active: Map<string, ServerRecord[]>): Promise<void> {
  while (queue.length > 0) {
    const batch = queue[0];
    const inFlight = [...active.values()].reduce((n, b) => n + b.length, 0);
    if (!fitsLimits({ jobs: active.size, servers: inFlight }, batch.length)) return;
    const startedAt = iso(ctx.clock);
    let jobID: string | undefined;
    try {
      jobID = (await startDrill(ctx.clients.drs, ctx.guard, batch.map((r) => ({ sourceServerID: r.sourceServerID, ...(r.snapshotID !== undefined ? { recoverySnapshotID: r.snapshotID } : {}) }))))?.jobID;
    } catch (err) {
      if (err instanceof LiveAccessError || err instanceof DrillCannotRun) throw err;
      const name = (err as Error).name;
      // Another job of the account's holds DRS's quota: try again at the next poll.
      if (name === "ServiceQuotaExceededException" || name === "ThrottlingException") {
        if (!ctx.notes.some((n) => n.startsWith("StartRecovery waited"))) ctx.notes.push(`StartRecovery waited for DRS's job quota (${name}: ${(err as Error).message})`);
        return;
      }
      queue.shift();
      for (const r of batch) Object.assign(r, { launch: "failed", launchError: `StartRecovery refused its batch: ${name}: ${(err as Error).message}` });
      continue;
    }
    queue.shift();
    if (jobID === undefined) {
      for (const r of batch) Object.assign(r, { launch: "failed", launchError: "StartRecovery returned no job" });
      continue;
    }
    for (const r of batch) Object.assign(r, { jobID, startedAt });
    active.set(jobID, batch);
    ctx.jobs.set(jobID, { jobID, servers: batch.map((r) => r.sourceServerID), startedAt });
    ctx.o.progress(`started drill job ${jobID} for ${batch.length} source server${batch.length === 1 ? "" : "s"}`);
  }
}

/** Read a finished (or abandoned) job's log into its servers' records. */
async function applyLog(ctx: Ctx, jobID: string): Promise<void> {
  const facts = readJobLog(await jobLog(ctx.clients.drs, ctx.guard, jobID));
  const row = ctx.jobs.get(jobID);
  if (row !== undefined) {
    if (facts.jobEndAt !== undefined) row.endedAt = facts.jobEndAt;
    if (facts.errors.has("*")) row.error = facts.errors.get("*");
  }
  for (const r of ctx.records.filter((x) => x.jobID === jobID)) {
    const error = facts.errors.get(r.sourceServerID);
    if (error !== undefined) r.launchError = error;
    if (r.launchStatus === "LAUNCHED") r.launchedAt = launchTime(r.launchedAt, facts.jobEndAt);
  }
}

/** One read of the active jobs; the finished ones leave `active`. */
async function poll(ctx: Ctx, active: Map<string, ServerRecord[]>): Promise<void> {
  const now = iso(ctx.clock);
  for (const job of await describeJobs(ctx.clients.drs, ctx.guard, [...active.keys()])) {
    const row = ctx.jobs.get(job.jobID ?? "");
    if (row === undefined || job.jobID === undefined) continue;
    row.status = job.status;
    for (const ps of job.participatingServers ?? []) {
      const r = ctx.byId.get(ps.sourceServerID ?? "");
      if (r === undefined || r.jobID !== job.jobID) continue;
      if (ps.launchStatus !== undefined) r.launchStatus = ps.launchStatus;
      if (ps.recoveryInstanceID !== undefined) r.recoveryInstanceID = ps.recoveryInstanceID;
      if (ps.launchStatus === "LAUNCHED" && r.launchedAt === undefined) {
        r.launchedAt = now;
        ctx.o.progress(`${r.sourceServerID} launched as ${r.recoveryInstanceID ?? "a recovery instance"}`);
      }
    }
    if (job.status === "COMPLETED") {
      if (job.endDateTime !== undefined) row.endedAt = job.endDateTime;
      await applyLog(ctx, job.jobID);
      active.delete(job.jobID);
      ctx.o.progress(`drill job ${job.jobID} completed`);
    }
  }
}

/** Start the jobs and follow them until every one has ended, the timeout, or Ctrl-C. */
async function launchAndFollow(ctx: Ctx): Promise<DrillEnd> {
  const queue = batches(ctx.records.filter((r) => r.launch === "not-started"));
  const active = new Map<string, ServerRecord[]>();
  const end = async (ended: DrillEnd): Promise<DrillEnd> => {
    // What the unfinished jobs' logs say so far (their errors), for the report; a failed read is only a note.
    for (const jobID of active.keys()) {
      await applyLog(ctx, jobID).catch((err: Error) => ctx.notes.push(`the log of unfinished job ${jobID} could not be read: ${err.message}`));
    }
    return ended;
  };
  for (let attempt = 0; !ctx.o.signal.aborted; attempt++) {
    await startWhatFits(ctx, queue, active);
    if (queue.length === 0 && active.size === 0) return end("completed");
    const now = ctx.clock.now().getTime();
    if (now >= ctx.deadline) return end("timed-out");
    await ctx.clock.sleep(Math.min(backoffMs(attempt), ctx.deadline - now), ctx.o.signal);
    if (!ctx.o.signal.aborted) await poll(ctx, active);
  }
  return end("interrupted");
}

/** The recovery instances of the drill's jobs: their EC2 instances and, with `latest`, the point in time DRS used. */
async function readInstances(ctx: Ctx): Promise<void> {
  const started = ctx.records.filter((r) => r.jobID !== undefined);
  if (started.length === 0) return;
  for (const ri of await recoveryInstancesOf(ctx.clients.drs, ctx.guard, started.map((r) => r.sourceServerID))) {
    const r = ctx.byId.get(ri.sourceServerID ?? "");
    if (r === undefined || ri.jobID === undefined || ri.jobID !== r.jobID) continue;
    if (ri.recoveryInstanceID !== undefined) r.recoveryInstanceID = ri.recoveryInstanceID;
    if (ri.ec2InstanceID !== undefined) r.ec2InstanceID = ri.ec2InstanceID;
    if (r.snapshotID === undefined && ri.pointInTimeSnapshotDateTime !== undefined) r.pointInTime = ri.pointInTimeSnapshotDateTime;
  }
}

/** Wait for the launched instances' EC2 status checks, and for Systems Manager where it reaches them. */
async function runChecks(ctx: Ctx): Promise<void> {
  const targets = ctx.records.filter((r) => r.launchStatus === "LAUNCHED" && r.ec2InstanceID !== undefined);
  if (targets.length === 0) return;
  const ids = targets.map((r) => r.ec2InstanceID as string);
  let ssmOff: string | undefined;
  let okSince: number | undefined;
  for (let attempt = 0; ; attempt++) {
    const statuses = await statusChecks(ctx.clients.ec2, ctx.guard, ids);
    let pings = new Map<string, string>();
    if (ssmOff === undefined) {
      try {
        pings = await pingStatuses(ctx.clients.ssm, ctx.guard, ids);
      } catch (err) {
        if (!(err instanceof LiveAccessError) || err.kind === "credentials") throw err;
        ssmOff = `not checked (${err.kind === "refused" ? `${err.permission} refused` : "Systems Manager did not answer"})`;
        ctx.notes.push(`Systems Manager ping ${ssmOff}: ${err.message}`);
      }
    }
    for (const r of targets) {
      r.checks = statuses.get(r.ec2InstanceID as string) ?? { instance: "not reported", system: "not reported" };
      r.ssm = ssmOff ?? pings.get(r.ec2InstanceID as string) ?? "not registered with Systems Manager";
    }
    const now = ctx.clock.now().getTime();
    const allOk = targets.every((r) => r.checks !== undefined && !("notChecked" in r.checks) && r.checks.instance === "ok" && r.checks.system === "ok");
    if (allOk && (ssmOff !== undefined || targets.every((r) => r.ssm === "Online"))) return;
    if (allOk) okSince ??= now;
    const until = Math.min(ctx.deadline, okSince !== undefined ? okSince + SSM_GRACE_MS : Number.POSITIVE_INFINITY);
    if (now >= until || ctx.o.signal.aborted) return;
    await ctx.clock.sleep(Math.min(backoffMs(attempt), until - now), ctx.o.signal);
  }
}

/** Each record's final launch outcome, from DRS's status and how the run ended. */
function settle(records: readonly ServerRecord[], ended: DrillEnd): void {
  for (const r of records) {
    if (r.launch === "failed") continue;
    if (r.launchStatus === "LAUNCHED") r.launch = "launched";
    else if (r.launchStatus === "FAILED") {
      r.launch = "failed";
      r.launchError ??= "DRS reported the launch FAILED";
    } else if (r.jobID !== undefined) r.launch = ended === "timed-out" ? "timed-out" : ended === "completed" ? "failed" : "interrupted";
    else r.launch = ended === "timed-out" ? "timed-out" : "not-started";
  }
}

/** Run the drill; throws only before anything is launched (no credentials, no matching server, a refused read). */
export async function runDrill(clients: DrillClients, clock: DrillClock, o: DrillOptions): Promise<DrillReport> {
  const guard = guardFor(o.region);
  const startedAt = iso(clock);
  const runBy = await callerArn(clients.sts, guard);
  const records = selectServers(await sourceServers(clients.drs, guard), o.selection, o.region).map(recordOf);
  const ctx: Ctx = { clients, clock, o, guard, deadline: clock.now().getTime() + o.timeoutMinutes * 60_000, records, byId: new Map(records.map((r) => [r.sourceServerID, r])), jobs: new Map(), notes: [] };
  o.progress(`drilling ${records.length} source server${records.length === 1 ? "" : "s"} in ${o.region} as ${runBy}`);
  let ended: DrillEnd;
  let error: string | undefined;
  try {
    if (o.pointInTime.kind === "at") await pickSnapshots(ctx, o.pointInTime.at);
    ended = await launchAndFollow(ctx);
    await readInstances(ctx);
    // After the timeout the checks get one read: what launched is still reported.
    if (ended === "completed" || ended === "timed-out") await runChecks(ctx);
    if (o.signal.aborted) ended = "interrupted";
  } catch (err) {
    ended = err instanceof LiveAccessError ? "refused" : "error";
    error = err instanceof LiveAccessError ? err.message : ((err as Error).stack ?? String(err));
  }
  settle(records, ended);
  const jobIDs = [...ctx.jobs.keys()];
  const cleanup = o.keep
    ? keptInstances(records)
    : await cleanUp({ drs: clients.drs, guard, clock, progress: o.progress }, { jobIDs, unfinished: jobIDs.filter((id) => ctx.jobs.get(id)?.status !== "COMPLETED"), records });
  const servers = records.map((r) => judgeServer(r, o.thresholds, o.pointInTime));
  const report = {
    stack: o.stack,
    region: o.region,
    runBy,
    startedAt,
    finishedAt: iso(clock),
    selection: selectionText(o.selection, o.region),
    pointInTime: o.pointInTime,
    thresholds: o.thresholds,
    timeoutMinutes: o.timeoutMinutes,
    keep: o.keep,
    ended,
    ...(error !== undefined ? { error } : {}),
    servers,
    jobs: [...ctx.jobs.values()],
    cleanup,
    notes: ctx.notes,
  };
  return { ...report, exitCode: drillExitCode(report) };
}
