/**
 * What the live builders read: the capture (`LiveCapture`, the SDK v3 describe outputs by region and operation, all
 * pages merged), the scope the stack's outputs and config give (which VPCs are the stack's, which it adopted, the
 * sources outside AWS), and the two readings every builder shares: an operation's items across regions, and a resource's Name tag.
 */
import type { DescribeReplicationConfigurationTemplatesResponse } from "@aws-sdk/client-drs";
import type {
  DescribeAddressesResult,
  DescribeEgressOnlyInternetGatewaysResult,
  DescribeFlowLogsResult,
  DescribeInstancesResult,
  DescribeInternetGatewaysResult,
  DescribeLaunchTemplateVersionsResult,
  DescribeManagedPrefixListsResult,
  DescribeNatGatewaysResult,
  DescribeNetworkAclsResult,
  DescribeNetworkInterfacesResult,
  DescribeRouteTablesResult,
  DescribeSecurityGroupRulesResult,
  DescribeSecurityGroupsResult,
  DescribeSubnetsResult,
  DescribeTransitGatewayVpcAttachmentsResult,
  DescribeVpcEndpointsResult,
  DescribeVpcPeeringConnectionsResult,
  DescribeVpcsResult,
  DescribeVpnConnectionsResult,
  DescribeVpnGatewaysResult,
  Tag,
} from "@aws-sdk/client-ec2";
import type { GetHostedZoneResponse, ListHostedZonesByVPCResponse, ListResourceRecordSetsResponse } from "@aws-sdk/client-route-53";
import type { ListResolverEndpointIpAddressesResponse, ListResolverEndpointsResponse } from "@aws-sdk/client-route53resolver";
import type { ExternalSourceFacts } from "../externalNetworks";

/** What verify-live read in one region: each operation's SDK v3 output (without `$metadata`), all pages merged. */
export interface RegionCapture {
  DescribeVpcs?: DescribeVpcsResult;
  DescribeSubnets?: DescribeSubnetsResult;
  DescribeRouteTables?: DescribeRouteTablesResult;
  DescribeVpcPeeringConnections?: DescribeVpcPeeringConnectionsResult;
  DescribeVpcEndpoints?: DescribeVpcEndpointsResult;
  DescribeSecurityGroups?: DescribeSecurityGroupsResult;
  DescribeSecurityGroupRules?: DescribeSecurityGroupRulesResult;
  DescribeNetworkAcls?: DescribeNetworkAclsResult;
  DescribeManagedPrefixLists?: DescribeManagedPrefixListsResult;
  DescribeFlowLogs?: DescribeFlowLogsResult;
  DescribeInternetGateways?: DescribeInternetGatewaysResult;
  /** Every egress-only internet gateway of the region: the API filters them only by tag, not by VPC. */
  DescribeEgressOnlyInternetGateways?: DescribeEgressOnlyInternetGatewaysResult;
  DescribeNatGateways?: DescribeNatGatewaysResult;
  /** Every Elastic IP address of the region (the API has no VPC filter); the stack's are those on its interfaces. */
  DescribeAddresses?: DescribeAddressesResult;
  DescribeNetworkInterfaces?: DescribeNetworkInterfacesResult;
  /** Route 53 (a global service) is kept under the DR region, the region of the staging VPC the zone serves. */
  ListHostedZonesByVPC?: ListHostedZonesByVPCResponse;
  GetHostedZone?: GetHostedZoneResponse;
  ListResourceRecordSets?: ListResourceRecordSetsResponse;
  /** Elastic Disaster Recovery (its SDK spells fields in camelCase). */
  DescribeReplicationConfigurationTemplates?: DescribeReplicationConfigurationTemplatesResponse;
  /** With sources outside AWS, on the DR side: the staging VPC's transit gateway attachments. */
  DescribeTransitGatewayVpcAttachments?: DescribeTransitGatewayVpcAttachmentsResult;
  /** With sources outside AWS: the virtual private gateways attached to the staging VPC, and the configured ones. */
  DescribeVpnGateways?: DescribeVpnGatewaysResult;
  /** With sources outside AWS: the Site-to-Site VPNs on those gateways, with their tunnels (`VgwTelemetry`). */
  DescribeVpnConnections?: DescribeVpnConnectionsResult;
  /** With sources outside AWS: the Route 53 Resolver endpoints of the staging VPC. */
  ListResolverEndpoints?: ListResolverEndpointsResponse;
  /** Each of those endpoints' addresses (all pages merged), by endpoint id. */
  ListResolverEndpointIpAddresses?: Readonly<Record<string, ListResolverEndpointIpAddressesResponse>>;
  /**
   * With the recovery side, on the DR side: EC2 launch templates' versions, by template id (the shape live/launch.ts
   * keeps for the source servers' templates); the account's default one (`LiveRecoveryScope.defaultLaunchTemplateId`)
   * is the recovery-launch-template check's. Not read: the check says so, and passes.
   */
  DescribeLaunchTemplateVersions?: Readonly<Record<string, DescribeLaunchTemplateVersionsResult>>;
  /**
   * With verify-live's readiness and the agent rollout, in each source region: the EC2 instances the rollout targets
   * (filters `tag:<key>=<value>`, `instance-state-name` running or stopped), each of which must be a DRS source server.
   */
  DescribeInstances?: DescribeInstancesResult;
}

/** Everything verify-live read: the `--capture` file, and what `--snapshot` judges. */
export interface LiveCapture {
  /** When it was read (ISO 8601). */
  readonly capturedAt: string;
  readonly regions: Readonly<Record<string, RegionCapture>>;
}

/** Which VPCs are the stack's: from its outputs and config. */
export interface LiveScope {
  readonly drRegion: string;
  readonly stagingVpcId: string;
  readonly sources: readonly {
    readonly region: string;
    readonly vpcId: string;
    /** An adopted VPC: only its configured route tables and the stack's own groups in it are the stack's. */
    readonly adopted: boolean;
    readonly routeTableIds: readonly string[];
    /** Security groups the stack created in the VPC (its source-server group). */
    readonly groupIds: readonly string[];
  }[];
  /** The sources outside AWS, as configured (none: `[]`); they reach the staging VPC. */
  readonly external?: readonly ExternalSourceFacts[];
  /** The recovery side (`recovery.enabled`), from the outputs (`recoveryVpcId`, ...) and the config. */
  readonly recovery?: LiveRecoveryScope;
  /** Failback's side in each source region (`failback.enabled`), from the outputs (`failbackNetworks.<region>`) and the config. */
  readonly failback?: readonly LiveFailbackScope[];
}

/** One source region's failback side, as the scope knows it. */
export interface LiveFailbackScope {
  /** The source region A, where it was read (as the region's first source's side). */
  readonly region: string;
  /** The failback staging VPC (`failbackNetworks.<region>.stagingVpcId`) and its subnets. */
  readonly stagingVpcId: string;
  readonly stagingSubnetIds: readonly string[];
  /** Its block, as configured (`failback.stagingVpcCidrs`). */
  readonly cidrBlock?: string;
  /** The peering from the recovery VPC (`peeringConnectionId`). */
  readonly peeringConnectionId?: string;
  /** The zone `drs.<region>.amazonaws.com` (`drsPrivateHostedZoneId`), read under the region. */
  readonly zoneId?: string;
  /** Region A's default EC2 launch template (`defaultLaunchTemplateId`), whose versions DescribeLaunchTemplateVersions holds under the region where read. */
  readonly defaultLaunchTemplateId?: string;
  /** Whether the config has the DRS, EC2 and S3 interface endpoints and the zone's alias exist now (standby, or on demand and active). */
  readonly interfaceEndpoints: boolean;
}

/** The recovery VPC, as the scope knows it. */
export interface LiveRecoveryScope {
  /** The recovery VPC (`recoveryVpcId`; an adopted one's as configured). */
  readonly vpcId: string;
  /** An adopted VPC: only its configured route tables and the stack's own groups in it are the stack's. */
  readonly adopted: boolean;
  /** An adopted VPC's route tables, as configured (`recovery.vpc.routeTableIds`); none for a created one (all its tables are read). */
  readonly routeTableIds: readonly string[];
  /** Security groups the stack created in it: `recoverySecurityGroupId` (in an adopted VPC, the endpoints' group too: only these are read there). */
  readonly groupIds: readonly string[];
  /** The subnets recovered instances land in (`recoverySubnetIds`; an adopted VPC's as configured). */
  readonly subnetIds?: readonly string[];
  /** The blocks beyond the VPC its groups may admit (`recovery.ingress[].from`); without them they are inferred and noted. */
  readonly ingressBlocks?: readonly string[];
  /** The account's default EC2 launch template (`defaultLaunchTemplateId`), whose versions DescribeLaunchTemplateVersions holds where read. */
  readonly defaultLaunchTemplateId?: string;
}

/** What the scope says of one of the stack's VPCs: whether it is adopted, and which of its tables and groups are the stack's. */
export interface ScopedVpc {
  readonly adopted: boolean;
  readonly routeTableIds: readonly string[];
  readonly groupIds: readonly string[];
}

/** The stack's VPCs by id: the staging VPC, then each source's, then the recovery VPC, then each failback staging VPC. */
export function scopedVpcs(scope: LiveScope): Map<string, ScopedVpc> {
  return new Map<string, ScopedVpc>([
    [scope.stagingVpcId, { adopted: false, routeTableIds: [], groupIds: [] }],
    ...scope.sources.map((s): [string, ScopedVpc] => [s.vpcId, s]),
    ...(scope.recovery !== undefined ? [[scope.recovery.vpcId, scope.recovery] as [string, ScopedVpc]] : []),
    ...(scope.failback ?? []).map((f): [string, ScopedVpc] => [f.stagingVpcId, { adopted: false, routeTableIds: [], groupIds: [] }]),
  ]);
}

/** One item an operation listed, with the region it was read in. */
export interface RegionItem<T> {
  readonly region: string;
  readonly item: T;
}

/** Every item one operation listed, region by region in the capture's order. */
export type CaptureItems = <K extends keyof RegionCapture, T>(op: K, list: (output: NonNullable<RegionCapture[K]>) => readonly T[] | undefined) => RegionItem<T>[];

/** The items of a capture's operations, across its regions. */
export function captureItems(capture: LiveCapture): CaptureItems {
  const regions = Object.entries(capture.regions);
  return <K extends keyof RegionCapture, T>(op: K, list: (output: NonNullable<RegionCapture[K]>) => readonly T[] | undefined): RegionItem<T>[] =>
    regions.flatMap(([region, ops]) => {
      const output = ops[op];
      return output === undefined ? [] : (list(output as NonNullable<RegionCapture[K]>) ?? []).map((item) => ({ region, item }));
    });
}

/** A resource's Name tag, else the fallback (its id). */
export function nameOf(tags: readonly Tag[] | undefined, fallback: string): string {
  const name = tags?.find((t) => t.Key === "Name")?.Value;
  return name !== undefined && name !== "" ? name : fallback;
}
