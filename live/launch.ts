/**
 * Where DRS's source servers launch, live: what the DR side's read of them keeps (`LaunchCapture`, beside the network's
 * operations in the region's capture), each server's state joined from it, and verify-live's `launch:<sourceServerID>`
 * verdicts, judged by lib/launchSettings.ts. `npm run launch-settings` (launch/cli.ts) reads and judges the same way,
 * and can make the servers right. Pure.
 */
import type { DescribeSourceServersResponse, LaunchConfiguration } from "@aws-sdk/client-drs";
import type { DescribeLaunchTemplateVersionsResult, DescribeSubnetsResult } from "@aws-sdk/client-ec2";
import { LaunchReview, LaunchTarget, reviewLaunch, serverLabel, ServerState } from "../lib/launchSettings";
import type { Verdict } from "../lib/verifier";
import type { LiveCapture, RegionCapture } from "../lib/verifier/aws";
import type { RecoveryLaunchScope } from "./scope";

/**
 * What verify-live keeps of the source servers, in the DR region's capture, each SDK v3 output without `$metadata`:
 * every server (all pages), each one's launch configuration by server id, and the default version of each EC2
 * launch template by template id. A server DRS gives no launch configuration for, or a template not in the account,
 * is left out. With copyPrivateIp, `RecoverySubnets` is DescribeSubnets of the recovery subnets (filter `subnet-id`).
 */
export interface LaunchCapture {
  DescribeSourceServers?: DescribeSourceServersResponse;
  GetLaunchConfiguration?: Readonly<Record<string, LaunchConfiguration>>;
  DescribeLaunchTemplateVersions?: Readonly<Record<string, DescribeLaunchTemplateVersionsResult>>;
  RecoverySubnets?: DescribeSubnetsResult;
}

/** A region's capture with the launch reads. */
export type LaunchRegionCapture = RegionCapture & LaunchCapture;

/** Each source server with its launch configuration and its template's default version, in DRS's order. */
export function serverStates(capture: LaunchCapture): ServerState[] {
  return (capture.DescribeSourceServers?.items ?? []).map((server) => {
    const configuration = server.sourceServerID !== undefined ? capture.GetLaunchConfiguration?.[server.sourceServerID] : undefined;
    const versions = configuration?.ec2LaunchTemplateID !== undefined ? capture.DescribeLaunchTemplateVersions?.[configuration.ec2LaunchTemplateID]?.LaunchTemplateVersions : undefined;
    const template = versions?.find((v) => v.DefaultVersion === true) ?? versions?.[0];
    return { server, ...(configuration !== undefined ? { configuration } : {}), ...(template !== undefined ? { template } : {}) };
  });
}

/** The stack's recovery side as lib/launchSettings.ts takes it: the subnets with the blocks read, where read. */
export function launchTarget(scope: RecoveryLaunchScope, capture: LaunchCapture = {}): LaunchTarget {
  const blocks = new Map((capture.RecoverySubnets?.Subnets ?? []).map((s) => [s.SubnetId, s.CidrBlock]));
  return {
    subnets: scope.subnetIds.map((id) => {
      const cidrBlock = blocks.get(id);
      return { id, ...(cidrBlock !== undefined ? { cidrBlock } : {}) };
    }),
    groupId: scope.groupId,
    launch: scope.launch,
  };
}

/** What each `launch:` verdict checks, after the server's name. */
const CHECK = "launches into a recovery subnet with the recovery group, no public IP and IMDSv2 required";

/** One server's verdict: its network placement fails it; a launch setting that differs is a note. */
export function launchVerdict(review: LaunchReview, stack?: string): Verdict {
  const label = serverLabel(review);
  const component = review.hostname ?? review.sourceServerID;
  const at = review.hostname !== undefined ? { id: review.sourceServerID } : {};
  const offenders = review.networkRight
    ? []
    : [
        ...review.differences.filter((d) => d.network).map((d) => ({ component, ...at, reason: d.text })),
        ...review.problems.map((p) => ({ component, ...at, reason: p })),
      ];
  const settings = review.differences.filter((d) => !d.network);
  const fixable = review.calls.updateLaunchConfiguration !== undefined || review.calls.createLaunchTemplateVersion !== undefined;
  const notes = [
    ...review.notes,
    ...(settings.length > 0 ? [`its DRS launch settings differ from the stack's (not judged here): ${settings.map((d) => d.text).join("; ")}`] : []),
    ...(fixable ? [`npm run launch-settings -- --stack ${stack ?? "<stack>"} --apply makes ${review.problems.length > 0 ? "what it can" : "it"} right`] : []),
  ];
  return {
    id: `launch:${review.sourceServerID}`,
    kind: "forbidden",
    description: `source server ${label} ${CHECK}`,
    passed: review.networkRight,
    ...(offenders.length > 0 ? { offenders } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * verify-live's launch verdicts: one per source server DRS lists in the DR region (none while none is registered: new
 * servers get the stack's own launch settings), or, with recovery enabled but not deployed, one failing verdict.
 */
export function launchVerdicts(plan: { readonly launch?: RecoveryLaunchScope; readonly launchUnjudged?: string }, capture: LiveCapture, stack?: string): Verdict[] {
  if (plan.launchUnjudged !== undefined) {
    return [
      {
        id: "launch:source-servers",
        kind: "forbidden",
        description: `every source server ${CHECK}`,
        passed: false,
        offenders: [{ component: "recoverySubnetIds", reason: plan.launchUnjudged }],
      },
    ];
  }
  if (plan.launch === undefined) return [];
  const region = capture.regions[plan.launch.region] as LaunchRegionCapture | undefined;
  const target = launchTarget(plan.launch, region);
  return serverStates(region ?? {}).map((state) => launchVerdict(reviewLaunch(target, state), stack));
}
