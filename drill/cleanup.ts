/**
 * After a drill (finished, timed out, interrupted or refused): terminate every recovery instance its jobs launched,
 * and wait for DRS to say so. DRS does not terminate drill instances itself. A job still launching is waited for, so
 * what it launches after Ctrl-C is terminated too. Cleanup has its own time (CLEANUP_TIMEOUT_MINUTES), ignores
 * Ctrl-C, and never throws: what it could not confirm is in the result with the reason.
 */
import { backoffMs, CLEANUP_TIMEOUT_MINUTES, CleanupResult, readJobLog, ServerRecord } from "../lib/drill";
import { describeJobs, DrillClients, Guard, jobLog, recoveryInstancesOf, terminate } from "./aws";
import type { DrillClock } from "./run";

export interface CleanupDeps {
  readonly drs: DrillClients["drs"];
  readonly guard: Guard;
  readonly clock: DrillClock;
  readonly progress: (line: string) => void;
}

export interface CleanupScope {
  /** The drill's StartRecovery jobs. */
  readonly jobIDs: readonly string[];
  /** Those not yet COMPLETED: they may still launch instances. */
  readonly unfinished: readonly string[];
  readonly records: readonly ServerRecord[];
}

const unique = (ids: readonly (string | undefined)[]) => [...new Set(ids.filter((id): id is string => id !== undefined))];

/** With `--keep`: what stays running. */
export function keptInstances(records: readonly ServerRecord[]): CleanupResult {
  const kept = unique(records.map((r) => r.recoveryInstanceID));
  return { status: kept.length > 0 ? "kept" : "nothing", terminated: [], kept, failed: [], jobIDs: [] };
}

interface State {
  readonly requested: Set<string>;
  readonly confirmed: string[];
  readonly failed: Map<string, string>;
  /** TerminateRecoveryInstances jobs not yet completed, and their recovery instances. */
  readonly inFlight: Map<string, string[]>;
  readonly jobIDs: string[];
  /** Recovery instance -> source server. */
  readonly sourceOf: Map<string, string>;
}

/** Read the terminate jobs in flight; a completed one confirms its instances or says why not. */
async function settleTerminations(deps: CleanupDeps, s: State): Promise<void> {
  for (const job of await describeJobs(deps.drs, deps.guard, [...s.inFlight.keys()])) {
    const ids = s.inFlight.get(job.jobID ?? "");
    if (job.status !== "COMPLETED" || ids === undefined) continue;
    s.inFlight.delete(job.jobID as string);
    const errors = readJobLog(await jobLog(deps.drs, deps.guard, job.jobID as string)).errors;
    for (const id of ids) {
      const source = s.sourceOf.get(id);
      const ps = (job.participatingServers ?? []).find((p) => p.recoveryInstanceID === id || (source !== undefined && p.sourceServerID === source));
      const error = (source !== undefined ? errors.get(source) : undefined) ?? (ps?.launchStatus === "FAILED" ? `DRS reported its termination FAILED (job ${job.jobID})` : undefined);
      if (error !== undefined) s.failed.set(id, error);
      else s.confirmed.push(id);
    }
  }
}

/** One round: note finished launch jobs, list the drill's recovery instances, and terminate the new ones. */
async function round(deps: CleanupDeps, scope: CleanupScope, s: State, launching: Set<string>, first: boolean): Promise<void> {
  if (launching.size > 0) {
    for (const job of await describeJobs(deps.drs, deps.guard, [...launching])) if (job.status === "COMPLETED" && job.jobID !== undefined) launching.delete(job.jobID);
  }
  const ours = new Set(scope.jobIDs);
  const sources = unique(scope.records.filter((r) => r.jobID !== undefined).map((r) => r.sourceServerID));
  const listed = (await recoveryInstancesOf(deps.drs, deps.guard, sources)).filter((ri) => ri.jobID !== undefined && ours.has(ri.jobID) && ri.recoveryInstanceID !== undefined);
  for (const ri of listed) if (ri.sourceServerID !== undefined) s.sourceOf.set(ri.recoveryInstanceID as string, ri.sourceServerID);
  const known = first ? scope.records.map((r) => r.recoveryInstanceID) : [];
  const fresh = unique([...known, ...listed.map((ri) => ri.recoveryInstanceID)]).filter((id) => !s.requested.has(id));
  if (fresh.length === 0) return;
  deps.progress(`terminating ${fresh.length} recovery instance${fresh.length === 1 ? "" : "s"}: ${fresh.join(", ")}`);
  for (const { jobID, ids } of await terminate(deps.drs, deps.guard, fresh)) {
    for (const id of ids) s.requested.add(id);
    s.inFlight.set(jobID, ids);
    s.jobIDs.push(jobID);
  }
}

/** Terminate what the drill launched and wait for it. */
export async function cleanUp(deps: CleanupDeps, scope: CleanupScope): Promise<CleanupResult> {
  const s: State = { requested: new Set(), confirmed: [], failed: new Map(), inFlight: new Map(), jobIDs: [], sourceOf: new Map() };
  for (const r of scope.records) if (r.recoveryInstanceID !== undefined) s.sourceOf.set(r.recoveryInstanceID, r.sourceServerID);
  if (scope.jobIDs.length === 0) return { status: "nothing", terminated: [], kept: [], failed: [], jobIDs: [] };
  const launching = new Set(scope.unfinished);
  const deadline = deps.clock.now().getTime() + CLEANUP_TIMEOUT_MINUTES * 60_000;
  // Ctrl-C has already aborted the drill's signal: cleanup waits on one of its own.
  const never = new AbortController().signal;
  try {
    for (let attempt = 0; ; attempt++) {
      await round(deps, scope, s, launching, attempt === 0);
      if (s.inFlight.size === 0 && launching.size === 0) break;
      const now = deps.clock.now().getTime();
      if (now >= deadline) {
        for (const [jobID, ids] of s.inFlight) for (const id of ids) s.failed.set(id, `its TerminateRecoveryInstances job ${jobID} did not complete within ${CLEANUP_TIMEOUT_MINUTES} min`);
        for (const jobID of launching) s.failed.set(jobID, `drill job still launching after ${CLEANUP_TIMEOUT_MINUTES} min of cleanup: what it launches is not terminated`);
        break;
      }
      await deps.clock.sleep(Math.min(backoffMs(attempt), deadline - now), never);
      if (s.inFlight.size > 0) await settleTerminations(deps, s);
    }
  } catch (err) {
    const reason = `cleanup stopped: ${(err as Error).message}`;
    for (const id of unique([...s.requested, ...scope.records.map((r) => r.recoveryInstanceID)])) if (!s.confirmed.includes(id) && !s.failed.has(id)) s.failed.set(id, reason);
    if (s.failed.size === 0) s.failed.set("(cleanup)", reason);
  }
  const failed = [...s.failed].map(([id, reason]) => ({ id, reason }));
  const status = failed.length > 0 ? "failed" : s.confirmed.length > 0 ? "terminated" : "nothing";
  if (failed.length === 0 && s.confirmed.length > 0) deps.progress(`terminated ${s.confirmed.length} recovery instance${s.confirmed.length === 1 ? "" : "s"}`);
  return { status, terminated: s.confirmed, kept: [], failed, jobIDs: s.jobIDs };
}
