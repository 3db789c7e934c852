/**
 * The pure parts of `npm run drill` (drill/cli.ts): DRS's job limits and the batches they make, the recovery snapshot
 * a point in time picks, RPO and RTO, what each server's result means, and the exit status. No AWS call here: the
 * orchestration (drill/run.ts) reads AWS and hands this module plain records.
 */
import type { JobLog, RecoverySnapshot } from "@aws-sdk/client-drs";

/**
 * DRS's quotas on launches (not adjustable): 100 source servers in one job, 20 concurrent jobs, 500 source servers in
 * all active jobs (Service Quotas L-B827C881, L-D88FAC3A, L-05AFA8C6; /work/shared/reference/drs-network-facts.md §8).
 */
export const DRS_LIMITS = { serversPerJob: 100, concurrentJobs: 20, serversInActiveJobs: 500 } as const;

/** The IAM actions the drill calls itself: docs/drill.md's policy lists them first (what DRS does as the caller follows). */
export const DRILL_PERMISSIONS = [
  "drs:DescribeSourceServers",
  "drs:DescribeRecoverySnapshots",
  "drs:StartRecovery",
  "drs:DescribeJobs",
  "drs:DescribeJobLogItems",
  "drs:DescribeRecoveryInstances",
  "drs:TerminateRecoveryInstances",
  "ec2:DescribeInstanceStatus",
  "ssm:DescribeInstanceInformation",
  "sts:GetCallerIdentity",
] as const;

/** How often a job, a status check or a cleanup is read: 10 s, doubling, at most 60 s apart. */
export const POLL = { firstMs: 10_000, maxMs: 60_000 } as const;

/** How long Systems Manager gets to report an instance Online once its EC2 status checks pass. */
export const SSM_GRACE_MS = 5 * 60_000;

/** How long cleanup may take, on top of the drill's own timeout. */
export const CLEANUP_TIMEOUT_MINUTES = 30;

/** `latest` (no snapshot named: DRS takes an on-demand snapshot) or the newest snapshot at or before `at`. */
export type PointInTime = { readonly kind: "latest" } | { readonly kind: "at"; readonly at: string };

/**
 * The stack's recovery objective, `readiness.rpoMinutes` (settings/readinessSchema.ts), when its file sets it. The
 * config has no RTO objective: the RTO is measured and reported, never judged.
 */
export interface Thresholds {
  readonly rpoMinutes?: number;
}

/** Which servers to drill. */
export type Selection = { readonly kind: "all" } | { readonly kind: "ids"; readonly ids: readonly string[] } | { readonly kind: "tag"; readonly key: string; readonly value: string };

/** How a server's launch ended. */
export type LaunchOutcome = "launched" | "failed" | "timed-out" | "interrupted" | "not-started";

/** EC2's two status checks, as DescribeInstanceStatus names them (`ok`, `impaired`, `initializing`, ...). */
export interface StatusChecks {
  readonly instance: string;
  readonly system: string;
}

/** One source server through the drill: filled in by the orchestration as it goes. */
export interface ServerRecord {
  readonly sourceServerID: string;
  readonly hostname?: string;
  readonly replicationState?: string;
  readonly lagDuration?: string;
  /** The snapshot named in StartRecovery (`--point-in-time <ISO>`); none with `latest`. */
  snapshotID?: string;
  /** When the data the instance was launched from was taken: the snapshot's timestamp. */
  pointInTime?: string;
  jobID?: string;
  /** When StartRecovery was called for this server's batch. */
  startedAt?: string;
  /** DRS's last launch status for the server in its job (PENDING, IN_PROGRESS, LAUNCHED, FAILED). */
  launchStatus?: string;
  /** The first moment the drill knew the instance was launched (see `launchTime`). */
  launchedAt?: string;
  launch: LaunchOutcome;
  launchError?: string;
  recoveryInstanceID?: string;
  ec2InstanceID?: string;
  checks?: StatusChecks | { readonly notChecked: string };
  /** Systems Manager's PingStatus (`Online`, `ConnectionLost`, ...), `not registered`, or `not checked: ...`. */
  ssm?: string;
}

/** A server's record with what it means. */
export interface ServerResult extends ServerRecord {
  /** The requested point in time, or StartRecovery's time with `latest`, minus the snapshot's timestamp. */
  readonly rpoMs?: number;
  /** From StartRecovery to the instance launched. */
  readonly rtoMs?: number;
  readonly failures: readonly string[];
  readonly warnings: readonly string[];
}

/** What happened to the recovery instances the drill launched. */
export interface CleanupResult {
  /** `terminated`: every one confirmed; `kept`: `--keep`; `nothing`: none launched; `failed`: one or more not confirmed. */
  readonly status: "terminated" | "kept" | "nothing" | "failed";
  readonly terminated: readonly string[];
  readonly kept: readonly string[];
  readonly failed: readonly { readonly id: string; readonly reason: string }[];
  /** The TerminateRecoveryInstances jobs. */
  readonly jobIDs: readonly string[];
}

/** How the run ended: every job finished, the timeout, Ctrl-C, an AWS refusal, or an unexpected error. */
export type DrillEnd = "completed" | "timed-out" | "interrupted" | "refused" | "error";

/** Items in batches of at most `size`, in order. */
export function batches<T>(items: readonly T[], size: number = DRS_LIMITS.serversPerJob): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Whether a job of `next` servers may start beside the drill's active jobs, within DRS's limits. */
export function fitsLimits(active: { readonly jobs: number; readonly servers: number }, next: number, limits: typeof DRS_LIMITS = DRS_LIMITS): boolean {
  return next <= limits.serversPerJob && active.jobs < limits.concurrentJobs && active.servers + next <= limits.serversInActiveJobs;
}

/** The wait before read number `attempt` (0, 1, ...): exponential, capped. */
export function backoffMs(attempt: number, poll: typeof POLL = POLL): number {
  return Math.min(poll.maxMs, poll.firstMs * 2 ** Math.min(attempt, 20));
}

function snapshotTime(s: RecoverySnapshot): number {
  return Date.parse(s.timestamp ?? s.expectedTimestamp ?? "");
}

/** The newest snapshot taken at or before `at` (its `timestamp`, else `expectedTimestamp`), if any. */
export function chooseSnapshot(snapshots: readonly RecoverySnapshot[], at: string): { snapshotID: string; timestamp: string } | undefined {
  const limit = Date.parse(at);
  let best: RecoverySnapshot | undefined;
  for (const s of snapshots) {
    const t = snapshotTime(s);
    if (Number.isNaN(t) || t > limit || s.snapshotID === undefined) continue;
    if (best === undefined || t > snapshotTime(best)) best = s;
  }
  return best === undefined ? undefined : { snapshotID: best.snapshotID as string, timestamp: new Date(snapshotTime(best)).toISOString() };
}

/** `to - from` in milliseconds, for ISO times. */
export function durationMs(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from);
}

/**
 * The earliest moment known to have the instance launched: the poll that first saw LAUNCHED, or the job's JOB_END
 * entry when that is earlier (the job ended between two polls). DRS's job log has no per-server launch-finished event
 * (its events: https://docs.aws.amazon.com/drs/latest/APIReference/API_JobLog.html), so RTO is at most one poll late.
 */
export function launchTime(observedAt: string | undefined, jobEndAt: string | undefined): string | undefined {
  if (observedAt === undefined) return jobEndAt;
  if (jobEndAt === undefined) return observedAt;
  return Date.parse(jobEndAt) < Date.parse(observedAt) ? jobEndAt : observedAt;
}

/** What a job's log says: its end, and each server's errors (`<event>: <rawError>`); `*` for the job's own. */
export interface LogFacts {
  readonly jobEndAt?: string;
  readonly errors: ReadonlyMap<string, string>;
}

const ERROR_EVENT = /(_FAIL|_FAILED|^SERVER_SKIPPED|^JOB_CANCEL)$/;

/** Read a job's log items (DescribeJobLogItems). */
export function readJobLog(items: readonly JobLog[]): LogFacts {
  const errors = new Map<string, string>();
  let jobEndAt: string | undefined;
  for (const item of items) {
    if (item.event === "JOB_END") jobEndAt = item.logDateTime;
    if (item.event === undefined || !ERROR_EVENT.test(item.event)) continue;
    const key = item.eventData?.sourceServerID ?? "*";
    const text = `${item.event}${item.eventData?.rawError !== undefined ? `: ${item.eventData.rawError}` : ""}`;
    errors.set(key, errors.has(key) ? `${errors.get(key)}; ${text}` : text);
  }
  return { ...(jobEndAt !== undefined ? { jobEndAt } : {}), errors };
}

/** `1h 02m`, `12m 05s`, `45s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s % 60)}s`;
  return `${s}s`;
}

const OUTCOME_TEXT: Readonly<Record<Exclude<LaunchOutcome, "launched">, string>> = {
  failed: "launch failed",
  "timed-out": "not launched before the timeout",
  interrupted: "not launched before the drill stopped",
  "not-started": "not launched: the drill stopped before its job started",
};

function checkFailures(r: ServerRecord): string[] {
  if (r.launch !== "launched") return [];
  if (r.checks === undefined) return ["EC2 status checks not read"];
  if ("notChecked" in r.checks) return [`EC2 status checks not checked: ${r.checks.notChecked}`];
  const { instance, system } = r.checks;
  return instance === "ok" && system === "ok" ? [] : [`EC2 status checks not ok: instance ${instance}, system ${system}`];
}

function objective(rpoMs: number | undefined, minutes: number | undefined): string[] {
  if (rpoMs === undefined || minutes === undefined || rpoMs <= minutes * 60_000) return [];
  return [`RPO ${formatDuration(rpoMs)} exceeds readiness.rpoMinutes (${minutes} min)`];
}

/** A server's RPO, RTO, failures (each fails the drill) and warnings (each is only reported). */
export function judgeServer(r: ServerRecord, thresholds: Thresholds, pit: PointInTime): ServerResult {
  const rpoReference = pit.kind === "at" ? pit.at : r.startedAt;
  const rpoMs = r.pointInTime !== undefined && rpoReference !== undefined ? Math.max(0, durationMs(r.pointInTime, rpoReference)) : undefined;
  const rtoMs = r.launch === "launched" && r.startedAt !== undefined && r.launchedAt !== undefined ? Math.max(0, durationMs(r.startedAt, r.launchedAt)) : undefined;
  const failures = [
    ...(r.launch === "launched" ? [] : [`${OUTCOME_TEXT[r.launch]}${r.launchError !== undefined ? ` (${r.launchError})` : ""}`]),
    ...checkFailures(r),
    ...objective(rpoMs, thresholds.rpoMinutes),
  ];
  const warnings = [
    ...(r.replicationState !== undefined && r.replicationState !== "CONTINUOUS"
      ? [`replication was ${r.replicationState}${r.lagDuration !== undefined ? ` (lag ${r.lagDuration})` : ""} when the drill started: drilled anyway`]
      : []),
    ...(r.launch === "launched" && r.pointInTime === undefined ? ["DRS reported no point in time for the instance: RPO not measured"] : []),
    ...(r.launch === "launched" && r.ssm !== undefined && r.ssm !== "Online" ? [`Systems Manager: ${r.ssm}`] : []),
  ];
  return { ...r, ...(rpoMs !== undefined ? { rpoMs } : {}), ...(rtoMs !== undefined ? { rtoMs } : {}), failures, warnings };
}

/**
 * The exit status: 0 every server recovered, passed its checks and objectives, and cleanup confirmed (or `--keep`);
 * 1 a server failed, the run timed out or was interrupted, or cleanup failed; 2 AWS refused a call (the drill could
 * not run); 3 an unexpected error.
 */
export function drillExitCode(report: { readonly ended: DrillEnd; readonly servers: readonly { readonly failures: readonly string[] }[]; readonly cleanup: CleanupResult }): 0 | 1 | 2 | 3 {
  if (report.ended === "refused") return 2;
  if (report.ended === "error") return 3;
  if (report.ended !== "completed" || report.cleanup.status === "failed") return 1;
  return report.servers.some((s) => s.failures.length > 0) ? 1 : 0;
}

/** The IAM action an AccessDenied message names (`... is not authorized to perform: drs:StartRecovery on ...`). */
export function refusedAction(message: string): string | undefined {
  return /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message)?.[1];
}

function positive(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** `readiness.rpoMinutes` from the loaded stack config (`<project>:readiness`, JSON), when the stack file sets it. */
export function readinessThresholds(config: Readonly<Record<string, string>>, project: string): Thresholds {
  const raw = config[`${project}:readiness`];
  if (raw === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof value !== "object" || value === null) return {};
  const rpo = positive((value as { rpoMinutes?: unknown }).rpoMinutes);
  return rpo !== undefined ? { rpoMinutes: rpo } : {};
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** `latest`, or an ISO time with its zone, not in the future. Throws an Error saying what is wrong. */
export function parsePointInTime(text: string, now: Date): PointInTime {
  if (text === "latest") return { kind: "latest" };
  const ms = ISO_TIME.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new Error(`--point-in-time takes latest or an ISO time with its zone (2026-11-26T12:00:00Z), not ${JSON.stringify(text)}`);
  if (ms > now.getTime()) throw new Error(`--point-in-time ${text} is in the future: no snapshot can be that new`);
  return { kind: "at", at: new Date(ms).toISOString() };
}
