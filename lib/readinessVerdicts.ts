/**
 * Readiness verdicts: is each source server DRS protects ready to be recovered? One verdict per server in the DR
 * region, from `DescribeSourceServers` (DRS API: `dataReplicationInfo.dataReplicationState`, `lagDuration` as an ISO
 * 8601 duration, `lifeCycle.lastLaunch` with `initiated.type` DRILL or RECOVERY, `initiated.apiCallDateTime` and
 * `status`), and one per server the agent rollout targets that DRS does not know. AWS's DR-at-scale guidance: alert on
 * stalled, disconnected and lagging replication, flag servers not drilled within an interval
 * (https://docs.aws.amazon.com/drs/latest/userguide/drs-at-scale.html). Pure.
 */
import type { Verdict } from "./verifier";

/** A source server as `DescribeSourceServers` gives it (the fields read here). */
export interface ReadinessServer {
  readonly sourceServerID?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly sourceProperties?: { readonly identificationHints?: { readonly hostname?: string; readonly awsInstanceID?: string } };
  readonly dataReplicationInfo?: { readonly dataReplicationState?: string; readonly lagDuration?: string; readonly dataReplicationError?: { readonly error?: string; readonly rawError?: string } };
  readonly lifeCycle?: { readonly lastLaunch?: { readonly initiated?: { readonly apiCallDateTime?: string; readonly type?: string }; readonly status?: string } };
}

/** What the servers are held to. */
export interface ReadinessPolicy {
  readonly rpoMinutes: number;
  readonly drillMaxAgeDays: number;
  /** The time of the reading. */
  readonly now: Date;
  /** EC2 instances the agent rollout targets (tagged), by instance id, with a name: each must be a DRS source server. */
  readonly expectedInstances?: readonly { readonly instanceId: string; readonly name?: string }[];
}

/** Seconds in an ISO 8601 duration such as `PT1H2M3S` or `P1DT2H` (DRS's `lagDuration`); `undefined` if it is none. */
export function durationSeconds(text: string): number | undefined {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (m === null || text === "P" || text === "PT") return undefined;
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return d * 86400 + h * 3600 + min * 60 + s;
}

/** Every readiness verdict: one per server (sorted by id), then one per expected instance DRS does not know. */
export function readinessVerdicts(servers: readonly ReadinessServer[], policy: ReadinessPolicy): Verdict[] {
  const known = new Set(servers.map((s) => s.sourceProperties?.identificationHints?.awsInstanceID).filter((id): id is string => id !== undefined));
  return [
    ...[...servers].sort((a, b) => String(a.sourceServerID).localeCompare(String(b.sourceServerID))).map((s) => serverVerdict(s, policy)),
    ...(policy.expectedInstances ?? []).filter((i) => !known.has(i.instanceId)).map(missingVerdict),
  ];
}

/** One server: replicating continuously, lag within the RPO, a successful launch (drill or recovery) within the age. */
function serverVerdict(server: ReadinessServer, policy: ReadinessPolicy): Verdict {
  const id = server.sourceServerID ?? "unknown";
  const name = server.sourceProperties?.identificationHints?.hostname;
  const component = name !== undefined ? `${id} (${name})` : id;
  const problems = [replicationProblem(server), lagProblem(server, policy.rpoMinutes), drillProblem(server, policy)].filter((p): p is string => p !== undefined);
  return {
    id: `readiness:${id}`,
    kind: "required-flow",
    description: `${component} is ready to recover: replicating continuously, lag within the RPO of ${policy.rpoMinutes} minutes, a successful drill within ${policy.drillMaxAgeDays} days`,
    passed: problems.length === 0,
    ...(problems.length > 0 ? { blockedBy: { component, reason: problems.join("; ") } } : {}),
  };
}

function replicationProblem(server: ReadinessServer): string | undefined {
  const info = server.dataReplicationInfo;
  const state = info?.dataReplicationState;
  if (state === "CONTINUOUS") return undefined;
  const error = info?.dataReplicationError?.error;
  return `replication is ${state ?? "not reported"}, not CONTINUOUS${error !== undefined ? ` (${error})` : ""}`;
}

function lagProblem(server: ReadinessServer, rpoMinutes: number): string | undefined {
  const text = server.dataReplicationInfo?.lagDuration;
  if (text === undefined) return undefined;
  const seconds = durationSeconds(text);
  if (seconds === undefined) return `its lag ${JSON.stringify(text)} is not a duration DRS gives`;
  return seconds > rpoMinutes * 60 ? `its lag is ${formatMinutes(seconds)}, more than the RPO of ${rpoMinutes} minutes` : undefined;
}

function drillProblem(server: ReadinessServer, policy: ReadinessPolicy): string | undefined {
  const last = server.lifeCycle?.lastLaunch;
  const when = last?.initiated?.apiCallDateTime;
  // A launch that reached LAUNCHED counts; TERMINATED is a drill that launched and was cleaned up.
  const succeeded = last?.status === "LAUNCHED" || last?.status === "TERMINATED";
  if (last === undefined || when === undefined) return "it has never been drilled";
  if (!succeeded) return `its last ${String(last.initiated?.type ?? "launch").toLowerCase()} (${when}) ended ${String(last.status ?? "without a status")}, not LAUNCHED`;
  const days = (policy.now.getTime() - Date.parse(when)) / 86_400_000;
  return days > policy.drillMaxAgeDays ? `its last successful ${String(last.initiated?.type ?? "launch").toLowerCase()} was ${Math.floor(days)} days ago (${when}), more than ${policy.drillMaxAgeDays}` : undefined;
}

function missingVerdict(instance: { readonly instanceId: string; readonly name?: string }): Verdict {
  const component = instance.name !== undefined ? `${instance.instanceId} (${instance.name})` : instance.instanceId;
  return {
    id: `readiness:missing:${instance.instanceId}`,
    kind: "required-flow",
    description: `${component}, tagged for the agent rollout, is a DRS source server`,
    passed: false,
    blockedBy: { component, reason: "is tagged for the agent rollout but DRS has no source server for it: the agent is not installed, or it failed (see the rollout's log group)" },
  };
}

function formatMinutes(seconds: number): string {
  return seconds >= 3600 ? `${Math.round(seconds / 360) / 10} hours` : `${Math.round(seconds / 6) / 10} minutes`;
}
