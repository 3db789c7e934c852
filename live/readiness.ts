/**
 * verify-live's readiness verdicts (`readiness:<sourceServerID>`, `readiness:missing:<instanceId>`): whether each source
 * server DRS lists in the DR region is ready to be recovered, judged by lib/readinessVerdicts.ts from the capture (the
 * DR region's `DescribeSourceServers`, and with the agent rollout each source region's `DescribeInstances` of the
 * instances it targets), at the time the capture was read, so `--snapshot` judges the same offline. AWS's guidance:
 * https://docs.aws.amazon.com/drs/latest/userguide/drs-at-scale.html. Pure.
 */
import type { Instance } from "@aws-sdk/client-ec2";
import { ReadinessServer, readinessVerdicts } from "../lib/readinessVerdicts";
import type { Verdict } from "../lib/verifier";
import type { LiveCapture } from "../lib/verifier/aws";
import type { LaunchRegionCapture } from "./launch";
import type { ReadinessScope } from "./scope";

/** What every readiness verdict checks, for the one that stands for all the servers. */
function allReady(scope: ReadinessScope): string {
  return `every source server DRS lists in ${scope.region} is ready to recover: replicating continuously, lag within the RPO of ${scope.rpoMinutes} minutes, a successful drill within ${scope.drillMaxAgeDays} days`;
}

/** The note every readiness verdict carries when the thresholds are verify-live's own. */
export function defaultsNote(scope: ReadinessScope): string {
  return `the RPO of ${scope.rpoMinutes} minutes and the drill age of ${scope.drillMaxAgeDays} days are verify-live's defaults: the stack has no readiness monitoring (readiness.enabled, with rpoMinutes and drillMaxAgeDays)`;
}

/** The note of the one passing verdict a DR region without source servers gets. */
export const NO_SERVER_NOTE = "no source server registered yet";

/**
 * The instances the rollout targets, from each of its regions' `DescribeInstances` (id and Name tag, each once), and
 * the regions whose capture has none (read without readiness).
 */
function rolloutTargets(scope: NonNullable<ReadinessScope["rollout"]>, capture: LiveCapture): { instances: { instanceId: string; name?: string }[]; unread: string[] } {
  const seen = new Map<string, { instanceId: string; name?: string }>();
  const unread: string[] = [];
  for (const region of scope.regions) {
    const output = capture.regions[region]?.DescribeInstances;
    if (output === undefined) {
      unread.push(region);
      continue;
    }
    const instances: Instance[] = (output.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    for (const i of instances) {
      if (i.InstanceId === undefined || seen.has(i.InstanceId)) continue;
      const name = i.Tags?.find((t) => t.Key === "Name")?.Value;
      seen.set(i.InstanceId, { instanceId: i.InstanceId, ...(name !== undefined && name !== "" ? { name } : {}) });
    }
  }
  return { instances: [...seen.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId)), unread };
}

/**
 * The readiness verdicts of a plan: none when readiness is off. One per source server, then one per instance the
 * rollout targets that DRS does not know (lib/readinessVerdicts.ts). A DR region with no source server gives one
 * passing verdict, `readiness:source-servers`, noted "no source server registered yet" (a new stack is not a failing
 * one; the rollout's tagged instances still fail, each on its own). A capture without what readiness reads (taken with
 * `--no-readiness`) fails `readiness:source-servers` or `readiness:rollout-targets`, naming the region.
 */
export function liveReadinessVerdicts(plan: { readonly readiness?: ReadinessScope }, capture: LiveCapture): Verdict[] {
  const scope = plan.readiness;
  if (scope === undefined) return [];
  const notes = scope.thresholds === "defaults" ? [defaultsNote(scope)] : [];
  const withNotes = (v: Verdict, more: readonly string[] = []): Verdict => (notes.length + more.length > 0 ? { ...v, notes: [...(v.notes ?? []), ...more, ...notes] } : v);
  const unreadReason = (what: string, regions: readonly string[]) =>
    `the capture has no ${what} of ${regions.join(", ")}: it was taken without readiness (--no-readiness); capture again, or judge it with --no-readiness`;

  const servers = (capture.regions[scope.region] as LaunchRegionCapture | undefined)?.DescribeSourceServers?.items as readonly ReadinessServer[] | undefined;
  if (servers === undefined) {
    return [withNotes({ id: "readiness:source-servers", kind: "required-flow", description: allReady(scope), passed: false, blockedBy: { component: "DescribeSourceServers", reason: unreadReason("DescribeSourceServers", [scope.region]) } })];
  }
  const rollout = scope.rollout !== undefined ? rolloutTargets(scope.rollout, capture) : undefined;
  const verdicts: Verdict[] = [
    ...(servers.length === 0 ? [withNotes({ id: "readiness:source-servers", kind: "required-flow", description: allReady(scope), passed: true }, [NO_SERVER_NOTE])] : []),
    ...readinessVerdicts(servers, {
      rpoMinutes: scope.rpoMinutes,
      drillMaxAgeDays: scope.drillMaxAgeDays,
      now: new Date(capture.capturedAt),
      ...(rollout !== undefined ? { expectedInstances: rollout.instances } : {}),
    }).map((v) => withNotes(v)),
  ];
  if (rollout !== undefined && rollout.unread.length > 0 && scope.rollout !== undefined) {
    const { key, value } = scope.rollout.tag;
    verdicts.push(
      withNotes({
        id: "readiness:rollout-targets",
        kind: "required-flow",
        description: `every instance tagged ${key}=${value} for the agent rollout is a DRS source server`,
        passed: false,
        blockedBy: { component: "DescribeInstances", reason: unreadReason("DescribeInstances", rollout.unread) },
      }),
    );
  }
  return verdicts;
}
