/**
 * The model from AWS's own describe outputs (verify-live), read in every source region and the DR region. Pure: it
 * reads a capture (`LiveCapture`, the SDK v3 outputs by region and operation, all pages merged) and the scope the
 * stack's outputs and config give (which VPCs are the stack's, which it adopted). Names are Name tags, else ids; every
 * node carries its live id, which the report shows beside a blocking component.
 *
 * What AWS reports that a declaration does not: every subnet without an explicit route table uses its VPC's main
 * table; every subnet is associated with exactly one network ACL; a route whose target is gone is a `blackhole`; a
 * peering has a status code (only `active` carries traffic). The default ACL's `*` rule (number 32767) is the implicit
 * deny, so it is left out, as a declaration leaves it out.
 */
import type { DescribeReplicationConfigurationTemplatesResponse } from "@aws-sdk/client-drs";
import type {
  DescribeAddressesResult,
  DescribeEgressOnlyInternetGatewaysResult,
  DescribeFlowLogsResult,
  DescribeInternetGatewaysResult,
  DescribeManagedPrefixListsResult,
  DescribeNatGatewaysResult,
  DescribeNetworkAclsResult,
  DescribeNetworkInterfacesResult,
  DescribeRouteTablesResult,
  DescribeSecurityGroupRulesResult,
  DescribeSecurityGroupsResult,
  DescribeSubnetsResult,
  DescribeVpcEndpointsResult,
  DescribeVpcPeeringConnectionsResult,
  DescribeVpcsResult,
  Tag,
} from "@aws-sdk/client-ec2";
import type { GetHostedZoneResponse, ListHostedZonesByVPCResponse, ListResourceRecordSetsResponse } from "@aws-sdk/client-route-53";
import { bareDnsName } from "./declared";
import {
  blame,
  EndpointNode,
  Finding,
  FlowLogNode,
  NaclNode,
  NetworkModel,
  PeeringNode,
  RouteTableNode,
  RuleNode,
  SecurityGroupNode,
  SubnetNode,
  TemplateNode,
  VpcNode,
  ZoneNode,
} from "./model";

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
}

/** The note every live model carries about the flow-log role, whose policy IAM would have to be read for. */
export const FLOW_LOG_ROLE_NOTE = "the flow-log delivery role's policy is not read live (it would need IAM reads); the synth and the policy pack check it";

/** Build the model of the network AWS reports. */
export function modelFromAws(capture: LiveCapture, scope: LiveScope): NetworkModel {
  const regions = Object.entries(capture.regions);
  const all = <K extends keyof RegionCapture, T>(op: K, list: (output: NonNullable<RegionCapture[K]>) => readonly T[] | undefined): { region: string; item: T }[] =>
    regions.flatMap(([region, ops]) => {
      const output = ops[op];
      return output === undefined ? [] : (list(output as NonNullable<RegionCapture[K]>) ?? []).map((item) => ({ region, item }));
    });

  const scoped = new Map<string, { adopted: boolean; routeTableIds: readonly string[]; groupIds: readonly string[] }>([
    [scope.stagingVpcId, { adopted: false, routeTableIds: [], groupIds: [] }],
    ...scope.sources.map((s): [string, { adopted: boolean; routeTableIds: readonly string[]; groupIds: readonly string[] }] => [s.vpcId, s]),
  ]);
  const vpcs = new Map<string, VpcNode>();
  for (const { item: v } of all("DescribeVpcs", (o) => o.Vpcs)) {
    const scopeOf = v.VpcId !== undefined ? scoped.get(v.VpcId) : undefined;
    if (v.VpcId === undefined || scopeOf === undefined || vpcs.has(v.VpcId)) continue;
    // An adopted VPC is named by its id, as the declared model names it.
    const name = scopeOf.adopted ? v.VpcId : nameOf(v.Tags, v.VpcId);
    vpcs.set(v.VpcId, { key: v.VpcId, id: v.VpcId, name, cidr: v.CidrBlock, created: !scopeOf.adopted, known: !scopeOf.adopted });
  }
  const knownVpc = (id: string | undefined) => (id !== undefined ? vpcs.get(id) : undefined);
  /** A VPC seen only as a peer: known by the block the peering reports. */
  const peerVpc = (info: { VpcId?: string; CidrBlock?: string } | undefined): VpcNode | undefined => {
    if (info?.VpcId === undefined) return undefined;
    const existing = vpcs.get(info.VpcId);
    if (existing !== undefined) return existing;
    const node: VpcNode = { key: info.VpcId, id: info.VpcId, name: info.VpcId, cidr: info.CidrBlock, created: false, known: false };
    vpcs.set(info.VpcId, node);
    return node;
  };

  const subnets = new Map<string, SubnetNode>();
  for (const { item: s } of all("DescribeSubnets", (o) => o.Subnets)) {
    const vpc = knownVpc(s.VpcId);
    if (s.SubnetId === undefined || vpc === undefined || !vpc.known || subnets.has(s.SubnetId)) continue;
    subnets.set(s.SubnetId, {
      id: s.SubnetId,
      name: nameOf(s.Tags, s.SubnetId),
      vpc,
      cidr: s.CidrBlock,
      mapPublicIpOnLaunch: s.MapPublicIpOnLaunch === true,
      assignIpv6AddressOnCreation: s.AssignIpv6AddressOnCreation === true,
    });
  }

  const peerings = new Map<string, PeeringNode>();
  for (const { item: p } of all("DescribeVpcPeeringConnections", (o) => o.VpcPeeringConnections)) {
    const id = p.VpcPeeringConnectionId;
    const touches = [p.RequesterVpcInfo?.VpcId, p.AccepterVpcInfo?.VpcId].some((v) => v !== undefined && scoped.has(v));
    if (id === undefined || !touches || peerings.has(id)) continue;
    const code = p.Status?.Code;
    peerings.set(id, {
      key: id,
      id,
      name: nameOf(p.Tags, id),
      requester: peerVpc(p.RequesterVpcInfo),
      accepter: peerVpc(p.AccepterVpcInfo),
      region: p.RequesterVpcInfo?.Region,
      peerRegion: p.AccepterVpcInfo?.Region,
      accepted: code === "active",
      ...(code !== "active" ? { status: code ?? "of unknown status" } : {}),
      owners: { requester: p.RequesterVpcInfo?.OwnerId, accepter: p.AccepterVpcInfo?.OwnerId },
    });
  }

  const tables = new Map<string, RouteTableNode>();
  const subnetTable = new Map<SubnetNode, RouteTableNode>();
  const mainTables = new Map<VpcNode, RouteTableNode>();
  for (const { item: t } of all("DescribeRouteTables", (o) => o.RouteTables)) {
    const vpc = knownVpc(t.VpcId);
    const scopeOf = t.VpcId !== undefined ? scoped.get(t.VpcId) : undefined;
    if (t.RouteTableId === undefined || vpc === undefined || scopeOf === undefined || tables.has(t.RouteTableId)) continue;
    if (scopeOf.adopted && !scopeOf.routeTableIds.includes(t.RouteTableId)) continue;
    const name = scopeOf.adopted ? t.RouteTableId : nameOf(t.Tags, t.RouteTableId);
    const table: RouteTableNode = { key: t.RouteTableId, id: t.RouteTableId, name, vpc, routes: [] };
    for (const r of t.Routes ?? []) {
      const destination = r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? "";
      table.routes.push({
        name: `${name} route to ${destination}`,
        id: t.RouteTableId,
        table,
        destination: r.DestinationCidrBlock,
        destinationIpv6: r.DestinationIpv6CidrBlock,
        peering: r.VpcPeeringConnectionId !== undefined ? peerings.get(r.VpcPeeringConnectionId) : undefined,
        // A peering the account no longer lists is still named, by its id.
        otherTarget: liveRouteTarget(r) ?? (r.VpcPeeringConnectionId !== undefined && !peerings.has(r.VpcPeeringConnectionId) ? `vpcPeeringConnectionId ${r.VpcPeeringConnectionId}` : undefined),
        ...(r.State === "blackhole" ? { blackhole: true } : {}),
      });
    }
    tables.set(t.RouteTableId, table);
    for (const a of t.Associations ?? []) {
      if (a.Main === true) mainTables.set(vpc, table);
      const subnet = a.SubnetId !== undefined ? subnets.get(a.SubnetId) : undefined;
      if (subnet !== undefined) subnetTable.set(subnet, table);
    }
  }
  for (const subnet of subnets.values()) {
    const main = subnet.vpc !== undefined ? mainTables.get(subnet.vpc) : undefined;
    if (!subnetTable.has(subnet) && main !== undefined) subnetTable.set(subnet, main);
  }

  const prefixListServices = new Map(
    all("DescribeManagedPrefixLists", (o) => o.PrefixLists).flatMap(({ item }) => (item.PrefixListId !== undefined && item.PrefixListName !== undefined ? [[item.PrefixListId, item.PrefixListName] as const] : [])),
  );
  const groups = new Map<string, SecurityGroupNode>();
  for (const { item: g } of all("DescribeSecurityGroups", (o) => o.SecurityGroups)) {
    const vpc = knownVpc(g.VpcId);
    const scopeOf = g.VpcId !== undefined ? scoped.get(g.VpcId) : undefined;
    if (g.GroupId === undefined || vpc === undefined || scopeOf === undefined || groups.has(g.GroupId)) continue;
    if (scopeOf.adopted && !scopeOf.groupIds.includes(g.GroupId)) continue;
    groups.set(g.GroupId, { id: g.GroupId, name: nameOf(g.Tags, g.GroupName ?? g.GroupId), known: true, vpc, ingress: [], egress: [], isDefault: g.GroupName === "default" });
  }
  const groupOf = (id: string): SecurityGroupNode => {
    let group = groups.get(id);
    if (group === undefined) {
      group = { id, name: id, known: false, ingress: [], egress: [] };
      groups.set(id, group);
    }
    return group;
  };
  const seenRules = new Set<string>();
  for (const { item: r } of all("DescribeSecurityGroupRules", (o) => o.SecurityGroupRules)) {
    const group = r.GroupId !== undefined ? groups.get(r.GroupId) : undefined;
    if (group === undefined || !group.known || (r.SecurityGroupRuleId !== undefined && seenRules.has(r.SecurityGroupRuleId))) continue;
    if (r.SecurityGroupRuleId !== undefined) seenRules.add(r.SecurityGroupRuleId);
    const rule: RuleNode = {
      owner: { name: group.name, id: r.SecurityGroupRuleId ?? group.id },
      protocol: String(r.IpProtocol ?? "-1").toLowerCase(),
      fromPort: r.FromPort ?? -1,
      toPort: r.ToPort ?? -1,
      cidrs: r.CidrIpv4 !== undefined ? [r.CidrIpv4] : [],
      ipv6Cidrs: r.CidrIpv6 !== undefined ? [r.CidrIpv6] : [],
      groups: r.ReferencedGroupInfo?.GroupId !== undefined ? [groupOf(r.ReferencedGroupInfo.GroupId)] : [],
      prefixListServices: r.PrefixListId !== undefined ? [prefixListServices.get(r.PrefixListId) ?? r.PrefixListId] : [],
    };
    (r.IsEgress === true ? group.egress : group.ingress).push(rule);
  }

  const endpoints: EndpointNode[] = [];
  for (const { item: e } of all("DescribeVpcEndpoints", (o) => o.VpcEndpoints)) {
    const vpc = knownVpc(e.VpcId);
    // The SDK's enum spells states `Available`, the API and the CLI's examples `available`: compared case-blind.
    const state = String(e.State ?? "").toLowerCase();
    if (e.VpcEndpointId === undefined || vpc === undefined || state === "deleted" || endpoints.some((x) => x.id === e.VpcEndpointId)) continue;
    endpoints.push({
      id: e.VpcEndpointId,
      name: nameOf(e.Tags, e.VpcEndpointId),
      vpc,
      serviceName: e.ServiceName ?? "",
      type: e.VpcEndpointType === "Interface" || e.VpcEndpointType === "Gateway" ? e.VpcEndpointType : String(e.VpcEndpointType ?? "Gateway"),
      subnets: (e.SubnetIds ?? []).map((id) => subnets.get(id) ?? { id, name: id }),
      securityGroups: (e.Groups ?? []).flatMap((g) => (g.GroupId !== undefined ? [groupOf(g.GroupId)] : [])),
      routeTables: (e.RouteTableIds ?? []).flatMap((id) => tables.get(id) ?? []),
      privateDnsEnabled: e.PrivateDnsEnabled === true,
      dnsNames: (e.DnsEntries ?? []).flatMap((d) => (d.DnsName !== undefined ? [d.DnsName] : [])),
      // AWS answers with its default full-access document where none was set (DescribeVpcEndpoints, PolicyDocument).
      policy: e.PolicyDocument,
      ...(state !== "available" ? { state: state || "of unknown state" } : {}),
    });
  }

  const subnetAcl = new Map<SubnetNode, NaclNode>();
  const vpcDefaultAcl = new Map<VpcNode, NaclNode>();
  const acls: { acl: NaclNode; vpc?: VpcNode }[] = [];
  for (const { item: a } of all("DescribeNetworkAcls", (o) => o.NetworkAcls)) {
    const vpc = knownVpc(a.VpcId);
    if (a.NetworkAclId === undefined || vpc === undefined || !vpc.known || acls.some(({ acl }) => acl.id === a.NetworkAclId)) continue;
    const entries = (a.Entries ?? []).filter((e) => e.RuleNumber !== 32767 && e.CidrBlock !== undefined);
    const rules = (egress: boolean) =>
      entries
        .filter((e) => (e.Egress === true) === egress)
        .map((e) => ({
          ruleNo: e.RuleNumber ?? 0,
          allow: e.RuleAction === "allow",
          protocol: String(e.Protocol ?? "-1").toLowerCase(),
          cidr: e.CidrBlock,
          fromPort: e.PortRange?.From ?? 0,
          toPort: e.PortRange?.To ?? 0,
        }));
    const acl: NaclNode = { id: a.NetworkAclId, name: nameOf(a.Tags, a.NetworkAclId), ingress: rules(false), egress: rules(true) };
    acls.push({ acl, vpc });
    if (a.IsDefault === true) vpcDefaultAcl.set(vpc, acl);
    for (const association of a.Associations ?? []) {
      const subnet = association.SubnetId !== undefined ? subnets.get(association.SubnetId) : undefined;
      if (subnet !== undefined) subnetAcl.set(subnet, acl);
    }
  }

  const zones: ZoneNode[] = [];
  for (const [, ops] of regions) {
    const zone = ops.GetHostedZone;
    if (zone?.HostedZone?.Id === undefined) continue;
    const id = zone.HostedZone.Id.replace(/^\/hostedzone\//, "");
    zones.push({
      id,
      name: id,
      zoneName: bareDnsName(zone.HostedZone.Name),
      vpcs: (zone.VPCs ?? []).flatMap((v) => knownVpc(v.VPCId) ?? []),
      records: (ops.ListResourceRecordSets?.ResourceRecordSets ?? []).map((r) => ({
        name: `${bareDnsName(r.Name)} ${r.Type ?? ""}${r.AliasTarget !== undefined ? " alias" : ""}`,
        id,
        recordName: bareDnsName(r.Name),
        type: String(r.Type ?? ""),
        aliasTargets: r.AliasTarget?.DNSName !== undefined ? endpoints.filter((e) => e.dnsNames.some((n) => bareDnsName(n) === bareDnsName(r.AliasTarget?.DNSName))) : [],
      })),
    });
  }

  const templates: TemplateNode[] = all("DescribeReplicationConfigurationTemplates", (o) => o.items)
    .map(({ item: t }) => ({ t, stagingSubnet: t.stagingAreaSubnetId !== undefined ? subnets.get(t.stagingAreaSubnetId) : undefined }))
    // Only the templates whose staging area is in the stack's staging VPC are the stack's to judge.
    .filter(({ stagingSubnet }) => stagingSubnet !== undefined && stagingSubnet.vpc?.id === scope.stagingVpcId)
    .map(({ t, stagingSubnet }) => ({
      id: t.replicationConfigurationTemplateID,
      name: nameOf(Object.entries(t.tags ?? {}).map(([Key, Value]) => ({ Key, Value })), t.replicationConfigurationTemplateID ?? "replication template"),
      stagingSubnet,
      securityGroups: (t.replicationServersSecurityGroupsIDs ?? []).flatMap((id) => groups.get(id) ?? []),
      dataPlaneRouting: t.dataPlaneRouting,
      createPublicIp: t.createPublicIP,
      associateDefaultSecurityGroup: t.associateDefaultSecurityGroup,
    }));

  const flowLogs: FlowLogNode[] = all("DescribeFlowLogs", (o) => o.FlowLogs).flatMap(({ item: f }) => {
    const vpc = knownVpc(f.ResourceId);
    if (vpc === undefined) return [];
    return [
      {
        id: f.FlowLogId,
        name: nameOf(f.Tags, f.FlowLogId ?? "flow log"),
        vpc,
        trafficType: f.TrafficType,
        // `FlowLogStatus` is only ever `ACTIVE`; a failing delivery shows in `DeliverLogsStatus` (EC2 API `FlowLog`,
        // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_FlowLog.html).
        ...(f.DeliverLogsStatus === "FAILED" ? { deliveryError: f.DeliverLogsErrorMessage ?? "no error message" } : {}),
        rolePolicies: [],
      },
    ];
  });

  const internetFacing: Finding[] = [
    ...all("DescribeInternetGateways", (o) => o.InternetGateways).flatMap(({ item: g }) =>
      (g.Attachments ?? [])
        .filter((a) => knownVpc(a.VpcId) !== undefined)
        .map((a) => blame({ name: nameOf(g.Tags, g.InternetGatewayId ?? "Internet Gateway"), id: g.InternetGatewayId }, `is an Internet Gateway attached to ${knownVpc(a.VpcId)?.name}`)),
    ),
    ...all("DescribeEgressOnlyInternetGateways", (o) => o.EgressOnlyInternetGateways).flatMap(({ item: g }) =>
      (g.Attachments ?? [])
        .filter((a) => knownVpc(a.VpcId) !== undefined && a.State !== "detached")
        .map((a) => blame({ name: nameOf(g.Tags, g.EgressOnlyInternetGatewayId ?? "egress-only internet gateway"), id: g.EgressOnlyInternetGatewayId }, `is an egress-only internet gateway attached to ${knownVpc(a.VpcId)?.name}`)),
    ),
    ...all("DescribeNatGateways", (o) => o.NatGateways)
      .filter(({ item: n }) => knownVpc(n.VpcId) !== undefined && n.State !== "deleted")
      .map(({ item: n }) => blame({ name: nameOf(n.Tags, n.NatGatewayId ?? "NAT gateway"), id: n.NatGatewayId }, `is a NAT gateway in ${knownVpc(n.VpcId)?.name}`)),
    ...elasticIps(all("DescribeAddresses", (o) => o.Addresses), all("DescribeNetworkInterfaces", (o) => o.NetworkInterfaces), knownVpc),
  ];
  const publicAddresses: Finding[] = all("DescribeNetworkInterfaces", (o) => o.NetworkInterfaces)
    .filter(({ item: n }) => knownVpc(n.VpcId)?.known === true && n.Association?.PublicIp !== undefined)
    .map(({ item: n }) =>
      blame(
        { name: nameOf(n.TagSet, n.NetworkInterfaceId ?? "network interface"), id: n.NetworkInterfaceId },
        `has the public IP address ${n.Association?.PublicIp}${n.Attachment?.InstanceId !== undefined ? ` (instance ${n.Attachment.InstanceId})` : ""}`,
      ),
    );

  return {
    vpcs: [...vpcs.values()],
    subnets: [...subnets.values()],
    tables: [...tables.values()],
    subnetTable,
    peerings: [...peerings.values()],
    groups: [...groups.values()],
    endpoints,
    subnetAcl,
    vpcDefaultAcl,
    acls,
    zones,
    templates,
    flowLogs,
    internetFacing,
    publicAddresses,
    strayRoutes: [],
    notes: [],
    flowLogNotes: [FLOW_LOG_ROLE_NOTE],
  };
}

/** The Elastic IP addresses on a network interface of one of the stack's VPCs (an address has no VPC of its own). */
function elasticIps(
  addresses: readonly { region: string; item: NonNullable<DescribeAddressesResult["Addresses"]>[number] }[],
  interfaces: readonly { region: string; item: NonNullable<DescribeNetworkInterfacesResult["NetworkInterfaces"]>[number] }[],
  knownVpc: (id: string | undefined) => VpcNode | undefined,
): Finding[] {
  return addresses.flatMap(({ region, item: a }) => {
    const eni = interfaces.find(({ region: r, item: n }) => r === region && n.NetworkInterfaceId !== undefined && n.NetworkInterfaceId === a.NetworkInterfaceId)?.item;
    const vpc = knownVpc(eni?.VpcId);
    if (vpc === undefined) return [];
    return [blame({ name: nameOf(a.Tags, a.AllocationId ?? a.PublicIp ?? "Elastic IP"), id: a.AllocationId }, `is an Elastic IP (${a.PublicIp}) associated with ${a.NetworkInterfaceId} in ${vpc.name}`)];
  });
}

/** A resource's Name tag, else the fallback (its id). */
export function nameOf(tags: readonly Tag[] | undefined, fallback: string): string {
  const name = tags?.find((t) => t.Key === "Name")?.Value;
  return name !== undefined && name !== "" ? name : fallback;
}

/** A live route's target other than a peering, as `<field> <value>`, in the declared model's field names. */
function liveRouteTarget(r: NonNullable<NonNullable<DescribeRouteTablesResult["RouteTables"]>[number]["Routes"]>[number]): string | undefined {
  const targets: [string, string | undefined][] = [
    ["gatewayId", r.GatewayId],
    ["natGatewayId", r.NatGatewayId],
    ["egressOnlyGatewayId", r.EgressOnlyInternetGatewayId],
    ["carrierGatewayId", r.CarrierGatewayId],
    ["transitGatewayId", r.TransitGatewayId],
    ["networkInterfaceId", r.NetworkInterfaceId],
    ["localGatewayId", r.LocalGatewayId],
    ["coreNetworkArn", r.CoreNetworkArn],
  ];
  const found = targets.find(([, value]) => value !== undefined && value !== "");
  return found !== undefined ? `${found[0]} ${found[1]}` : undefined;
}
