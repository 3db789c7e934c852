/**
 * The recovery side, planned: the VPC recovered instances land in (created in the DR region's zones, or adopted), its
 * group and ACL rules, the Systems Manager endpoints post-launch actions need, and the profile the default launch
 * template names; with failback, the way out to each failback staging VPC. Pure; components/recovery/ declares it.
 */
import { POST_LAUNCH_ENDPOINT_SERVICES, PostLaunchEndpointService, recoveryGroupRules, recoveryInstanceProfileName, recoveryNetworkAclRules } from "../recovery";
import type { NetworkAclRules } from "../networkAcl";
import type { GroupRules } from "../securityGroups";
import type { RecoverySettings } from "../../settings";
import type { FlowLogPlan, SubnetPlan } from "./types";

/** Everything the recovery side declares. */
export interface RecoveryPlan {
  readonly settings: RecoverySettings;
  /** A created VPC (its subnets, flow logs and default ACL's rules), or an adopted one as configured. */
  readonly vpc:
    | { readonly kind: "create"; readonly cidrBlock: string; readonly subnets: readonly SubnetPlan[]; readonly flowLogs?: FlowLogPlan; readonly networkAcl: NetworkAclRules }
    | { readonly kind: "adopt"; readonly vpcId: string; readonly cidrBlock: string; readonly subnetIds: readonly string[]; readonly routeTableIds: readonly string[] };
  /** The recovered instances' group. */
  readonly groupRules: GroupRules;
  /** The interface endpoints in the recovery VPC (post-launch actions), none without. */
  readonly endpointServices: readonly PostLaunchEndpointService[];
  /** The instance profile the account's default launch template names. */
  readonly instanceProfileName: string;
}

/** The recovery plan for `recovery` settings, in `zones` of the DR region (a created VPC), with `flowLogs` for it. */
export function recoveryPlan(
  recovery: RecoverySettings,
  subnets: (cidrBlock: string, prefixLength: number) => SubnetPlan[],
  flowLogs: FlowLogPlan | undefined,
  failbackBlocks: readonly string[] = [],
): RecoveryPlan {
  const post = recovery.launch.postLaunchActions;
  const v = recovery.vpc;
  return {
    settings: recovery,
    vpc:
      v.kind === "create"
        ? { kind: "create", cidrBlock: v.vpcCidr, subnets: subnets(v.vpcCidr, v.subnetPrefixLength), ...(flowLogs !== undefined ? { flowLogs } : {}), networkAcl: recoveryNetworkAclRules(v.vpcCidr, recovery.ingress, post, failbackBlocks) }
        : { kind: "adopt", vpcId: v.vpcId, cidrBlock: v.vpcCidr, subnetIds: v.subnetIds, routeTableIds: v.routeTableIds },
    groupRules: recoveryGroupRules(v.vpcCidr, recovery.ingress, post, failbackBlocks),
    endpointServices: post ? POST_LAUNCH_ENDPOINT_SERVICES : [],
    instanceProfileName: recoveryInstanceProfileName(post),
  };
}
