/**
 * What AWS would report for a network the program declares: a `LiveCapture` built from a synth's resources, every
 * field typed with the SDK v3's own output types (a misspelt field fails `tsc`). It adds what AWS adds: each VPC's
 * main route table (local route only) and default ACL and group, the local route of every table, the gateway
 * endpoint's prefix-list routes, the `*` rules of every ACL, each peering in both regions, an adopted VPC with its
 * route tables as the stack file configures them, and for sources outside AWS the transit gateway attachments
 * (available), the virtual private gateways (a given one as AWS would list it, attached), the VPNs (both tunnels UP)
 * and the resolver endpoints (OPERATIONAL) with their addresses. Used by the verify-live specs: the healthy deployment, and the base
 * of every broken variant.
 */
import type { LaunchConfiguration, ReplicationConfigurationTemplate, SourceServer } from "@aws-sdk/client-drs";
import type {
  FlowLog,
  LaunchTemplateVersion,
  ManagedPrefixList,
  NetworkAcl,
  NetworkAclEntry,
  ResponseLaunchTemplateData,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Tag,
  TransitGatewayVpcAttachment,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
  VpnConnection,
  VpnGateway,
} from "@aws-sdk/client-ec2";
import type { GetHostedZoneResponse, ResourceRecordSet } from "@aws-sdk/client-route-53";
import type { IpAddressResponse, ResolverEndpoint } from "@aws-sdk/client-route53resolver";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeHex, FAKE_ACCOUNT } from "../../synth/awsMocks";
import { DeclaredResource, Verdict, verifyNetwork } from "../../lib/verifier";
import type { LiveCapture, RegionCapture } from "../../lib/verifier/aws";
import { TYPE } from "../../lib/verifier/declared/types";
import { DeclaredSide, declaredSideOf } from "../../live/drift";
import type { LaunchCapture, LaunchRegionCapture } from "../../live/launch";
import { livePlan, LivePlan, OutputsJson } from "../../live/scope";
import { parseSettings, projectConfig, Settings } from "../../settings";
import { loadStack, offlineAccount } from "../../synth/cli";
import { declaredResources, PROJECT, synthFromPulumiConfig } from "../../synth/run";

/** The policy document AWS reports for an endpoint created without one (PrivateLink guide, "Control access to VPC endpoints using endpoint policies"). */
export const AWS_DEFAULT_ENDPOINT_POLICY = JSON.stringify({ Version: "2008-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] });


/** An adopted source VPC, as the stack file configures it. */
export interface AdoptedVpc {
  readonly region: string;
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly routeTableIds: readonly string[];
}

/** The capture, and each declared resource's live name (its Name tag, else its id) by logical name. */
export interface LiveFixture {
  readonly capture: LiveCapture;
  readonly liveNames: ReadonlyMap<string, string>;
}

const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { tcp: "6", udp: "17", icmp: "1", "-1": "-1", all: "-1" };

function tagsOf(props: Readonly<Record<string, unknown>>): Tag[] {
  const tags = (props.tags ?? {}) as Record<string, string>;
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function id(r: DeclaredResource): string {
  return String(r.props.id);
}

/** Build what AWS would report for the declared network. */
export function captureFromDeclared(resources: readonly DeclaredResource[], adopted: readonly AdoptedVpc[] = []): LiveFixture {
  const regions: Record<string, RegionCapture> = {};
  const at = (region: string | undefined): RegionCapture => (regions[region ?? "unknown"] ??= {});
  const push = <K extends keyof RegionCapture, L extends string>(region: string | undefined, op: K, list: L, item: unknown) => {
    const capture = at(region) as Record<string, Record<string, unknown[]>>;
    const output = (capture[op] ??= {});
    (output[list] ??= []).push(item);
  };
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const byId = new Map(resources.map((r) => [`${r.type} ${String(r.props.id)}`, r]));
  const liveNames = new Map<string, string>();
  const named = (r: DeclaredResource, live: string) => liveNames.set(r.name, live);
  const nameTag = (r: DeclaredResource) => tagsOf(r.props).find((t) => t.Key === "Name")?.Value ?? id(r);
  const vpcRegion = new Map<string, string>();
  const vpcCidr = new Map<string, string>();

  // VPCs, each with its main route table, default group and default ACL.
  const defaultAcls = new Map<string, NetworkAcl>();
  const mainTables = new Map<string, RouteTable>();
  for (const r of ofType(TYPE.vpc)) {
    const vpc: Vpc = { VpcId: id(r), CidrBlock: String(r.props.cidrBlock), State: "available", IsDefault: false, OwnerId: FAKE_ACCOUNT, Tags: tagsOf(r.props) };
    push(r.region, "DescribeVpcs", "Vpcs", vpc);
    named(r, nameTag(r));
    vpcRegion.set(id(r), r.region ?? "");
    vpcCidr.set(id(r), String(r.props.cidrBlock));
    const main: RouteTable = {
      RouteTableId: `rtb-${fakeHex(`${id(r)}-main`, 17)}`,
      VpcId: id(r),
      OwnerId: FAKE_ACCOUNT,
      Routes: [{ DestinationCidrBlock: String(r.props.cidrBlock), GatewayId: "local", State: "active", Origin: "CreateRouteTable" }],
      Associations: [{ Main: true, RouteTableAssociationId: `rtbassoc-${fakeHex(`${id(r)}-main`, 17)}`, RouteTableId: `rtb-${fakeHex(`${id(r)}-main`, 17)}`, AssociationState: { State: "associated" } }],
      Tags: [],
    };
    mainTables.set(id(r), main);
    push(r.region, "DescribeRouteTables", "RouteTables", main);
    const acl: NetworkAcl = {
      NetworkAclId: String(r.props.defaultNetworkAclId),
      VpcId: id(r),
      IsDefault: true,
      OwnerId: FAKE_ACCOUNT,
      // Until the stack manages it, a default ACL allows everything (rule 100 both ways).
      Entries: [...aclEntries(false, [{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }]), ...aclEntries(true, [{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }])],
      Associations: [],
      Tags: [],
    };
    defaultAcls.set(id(r), acl);
    push(r.region, "DescribeNetworkAcls", "NetworkAcls", acl);
  }
  for (const vpc of adopted) {
    push(vpc.region, "DescribeVpcs", "Vpcs", { VpcId: vpc.vpcId, CidrBlock: vpc.cidrBlock, State: "available", IsDefault: false, OwnerId: FAKE_ACCOUNT, Tags: [{ Key: "Name", Value: "app-servers" }] } satisfies Vpc);
    vpcRegion.set(vpc.vpcId, vpc.region);
    vpcCidr.set(vpc.vpcId, vpc.cidrBlock);
    for (const tableId of vpc.routeTableIds) {
      push(vpc.region, "DescribeRouteTables", "RouteTables", {
        RouteTableId: tableId,
        VpcId: vpc.vpcId,
        Routes: [{ DestinationCidrBlock: vpc.cidrBlock, GatewayId: "local", State: "active", Origin: "CreateRouteTable" }],
        Associations: [],
        Tags: [{ Key: "Name", Value: "app-servers-rt" }],
      } satisfies RouteTable);
    }
  }
  const tableById = new Map<string, RouteTable>();
  for (const capture of Object.values(regions)) for (const t of capture.DescribeRouteTables?.RouteTables ?? []) tableById.set(t.RouteTableId ?? "", t);

  for (const r of ofType(TYPE.subnet)) {
    const subnet: Subnet = {
      SubnetId: id(r),
      VpcId: String(r.props.vpcId),
      CidrBlock: String(r.props.cidrBlock),
      AvailabilityZone: String(r.props.availabilityZone),
      MapPublicIpOnLaunch: r.props.mapPublicIpOnLaunch === true,
      AssignIpv6AddressOnCreation: false,
      State: "available",
      OwnerId: FAKE_ACCOUNT,
      Tags: tagsOf(r.props),
    };
    push(r.region, "DescribeSubnets", "Subnets", subnet);
    named(r, nameTag(r));
  }
  for (const r of ofType(TYPE.routeTable)) {
    const table: RouteTable = {
      RouteTableId: id(r),
      VpcId: String(r.props.vpcId),
      OwnerId: FAKE_ACCOUNT,
      Routes: [{ DestinationCidrBlock: vpcCidr.get(String(r.props.vpcId)), GatewayId: "local", State: "active", Origin: "CreateRouteTable" }],
      Associations: [],
      Tags: tagsOf(r.props),
    };
    tableById.set(id(r), table);
    push(r.region, "DescribeRouteTables", "RouteTables", table);
    named(r, nameTag(r));
  }
  for (const r of ofType(TYPE.association)) {
    tableById.get(String(r.props.routeTableId))?.Associations?.push({
      Main: false,
      RouteTableAssociationId: id(r),
      RouteTableId: String(r.props.routeTableId),
      SubnetId: String(r.props.subnetId),
      AssociationState: { State: "associated" },
    });
  }
  for (const r of ofType(TYPE.route)) {
    const target = (["vpcPeeringConnectionId", "transitGatewayId", "gatewayId"] as const).find((k) => typeof r.props[k] === "string");
    const field = ({ vpcPeeringConnectionId: "VpcPeeringConnectionId", transitGatewayId: "TransitGatewayId", gatewayId: "GatewayId" } as const)[target ?? "vpcPeeringConnectionId"];
    tableById.get(String(r.props.routeTableId))?.Routes?.push({
      DestinationCidrBlock: String(r.props.destinationCidrBlock),
      [field]: String(r.props[target ?? "vpcPeeringConnectionId"]),
      State: "active",
      Origin: "CreateRoute",
    });
  }
  for (const r of ofType(TYPE.peering)) {
    const requesterRegion = r.region ?? "";
    const accepterRegion = String(r.props.peerRegion ?? r.region);
    const peering: VpcPeeringConnection = {
      VpcPeeringConnectionId: id(r),
      RequesterVpcInfo: { VpcId: String(r.props.vpcId), CidrBlock: vpcCidr.get(String(r.props.vpcId)), Region: requesterRegion, OwnerId: FAKE_ACCOUNT },
      AccepterVpcInfo: { VpcId: String(r.props.peerVpcId), CidrBlock: vpcCidr.get(String(r.props.peerVpcId)), Region: accepterRegion, OwnerId: String(r.props.peerOwnerId ?? FAKE_ACCOUNT) },
      Status: { Code: "active", Message: "Active" },
      Tags: tagsOf(r.props),
    };
    // AWS lists a peering in both regions.
    for (const region of new Set([requesterRegion, accepterRegion])) push(region, "DescribeVpcPeeringConnections", "VpcPeeringConnections", structuredClone(peering));
    named(r, nameTag(r));
  }

  // Security groups, their rules one per peer as AWS lists them, and the S3 prefix lists they name.
  const prefixLists = new Map<string, { region: string; list: ManagedPrefixList }>();
  for (const r of [...ofType(TYPE.securityGroup), ...ofType(TYPE.defaultSecurityGroup)]) {
    const isDefault = r.type === TYPE.defaultSecurityGroup;
    const groupId = isDefault ? String(byId.get(`${TYPE.vpc} ${String(r.props.vpcId)}`)?.props.defaultSecurityGroupId) : id(r);
    const group: SecurityGroup = {
      GroupId: groupId,
      GroupName: isDefault ? "default" : String(r.props.name ?? r.name),
      Description: String(r.props.description ?? "Managed by Pulumi"),
      VpcId: String(r.props.vpcId),
      OwnerId: FAKE_ACCOUNT,
      Tags: tagsOf(r.props),
    };
    push(r.region, "DescribeSecurityGroups", "SecurityGroups", group);
    liveNames.set(r.name, nameTag(r) === id(r) ? String(group.GroupName) : nameTag(r));
    for (const [prop, egress] of [["ingress", false], ["egress", true]] as const) {
      for (const rule of (Array.isArray(r.props[prop]) ? r.props[prop] : []) as Record<string, unknown>[]) {
        const base = { GroupId: groupId, GroupOwnerId: FAKE_ACCOUNT, IsEgress: egress, ...ports(rule.protocol, rule.fromPort, rule.toPort) };
        const peers: Partial<SecurityGroupRule>[] = [
          ...((rule.cidrBlocks ?? []) as string[]).map((c) => ({ CidrIpv4: c })),
          ...((rule.securityGroups ?? []) as string[]).map((g) => ({ ReferencedGroupInfo: { GroupId: g, UserId: FAKE_ACCOUNT } })),
          ...((rule.prefixListIds ?? []) as string[]).map((p) => ({ PrefixListId: p })),
        ];
        peers.forEach((peer, i) =>
          push(r.region, "DescribeSecurityGroupRules", "SecurityGroupRules", { SecurityGroupRuleId: `sgr-${fakeHex(`${groupId}-${prop}-${JSON.stringify(rule)}-${i}`, 17)}`, ...base, ...peer } satisfies SecurityGroupRule),
        );
      }
    }
  }
  for (const r of [...ofType(TYPE.ingressRule), ...ofType(TYPE.egressRule)]) {
    const p = r.props;
    push(r.region, "DescribeSecurityGroupRules", "SecurityGroupRules", {
      SecurityGroupRuleId: `sgr-${fakeHex(r.urn, 17)}`,
      GroupId: String(p.securityGroupId),
      GroupOwnerId: FAKE_ACCOUNT,
      IsEgress: r.type === TYPE.egressRule,
      ...ports(p.ipProtocol, p.fromPort, p.toPort),
      ...(p.cidrIpv4 !== undefined ? { CidrIpv4: String(p.cidrIpv4) } : {}),
      ...(p.referencedSecurityGroupId !== undefined ? { ReferencedGroupInfo: { GroupId: String(p.referencedSecurityGroupId), UserId: FAKE_ACCOUNT } } : {}),
      ...(p.prefixListId !== undefined ? { PrefixListId: String(p.prefixListId) } : {}),
    } satisfies SecurityGroupRule);
  }

  for (const r of ofType(TYPE.endpoint)) {
    const gateway = r.props.vpcEndpointType !== "Interface";
    const endpoint: VpcEndpoint = {
      VpcEndpointId: id(r),
      VpcEndpointType: gateway ? "Gateway" : "Interface",
      VpcId: String(r.props.vpcId),
      ServiceName: String(r.props.serviceName),
      State: "Available",
      SubnetIds: (r.props.subnetIds ?? []) as string[],
      Groups: ((r.props.securityGroupIds ?? []) as string[]).map((g) => ({ GroupId: g, GroupName: g })),
      RouteTableIds: (r.props.routeTableIds ?? []) as string[],
      PrivateDnsEnabled: r.props.privateDnsEnabled === true,
      // AWS answers every endpoint with a document: the one set, or its full-access default.
      PolicyDocument: typeof r.props.policy === "string" ? r.props.policy : AWS_DEFAULT_ENDPOINT_POLICY,
      DnsEntries: ((r.props.dnsEntries ?? []) as { dnsName: string; hostedZoneId: string }[]).map((e) => ({ DnsName: e.dnsName, HostedZoneId: e.hostedZoneId })),
      OwnerId: FAKE_ACCOUNT,
      Tags: tagsOf(r.props),
    };
    push(r.region, "DescribeVpcEndpoints", "VpcEndpoints", endpoint);
    named(r, nameTag(r));
    if (gateway) {
      const listId = String(r.props.prefixListId);
      prefixLists.set(listId, { region: r.region ?? "", list: { PrefixListId: listId, PrefixListName: String(r.props.serviceName), OwnerId: "AWS", AddressFamily: "IPv4", State: "create-complete" } });
      for (const tableId of endpoint.RouteTableIds ?? []) tableById.get(tableId)?.Routes?.push({ DestinationPrefixListId: listId, GatewayId: id(r), State: "active", Origin: "CreateRoute" });
    }
  }
  for (const { region, list } of prefixLists.values()) push(region, "DescribeManagedPrefixLists", "PrefixLists", list);

  // Network ACLs: the stack's, and the default ones it manages; each subnet in exactly one.
  const explicitAcl = new Set<string>();
  for (const r of ofType(TYPE.networkAcl)) {
    const subnetIds = (r.props.subnetIds ?? []) as string[];
    subnetIds.forEach((s) => explicitAcl.add(s));
    push(r.region, "DescribeNetworkAcls", "NetworkAcls", {
      NetworkAclId: id(r),
      VpcId: String(r.props.vpcId),
      IsDefault: false,
      OwnerId: FAKE_ACCOUNT,
      Entries: [...aclEntries(false, r.props.ingress), ...aclEntries(true, r.props.egress)],
      Associations: subnetIds.map((s) => ({ NetworkAclAssociationId: `aclassoc-${fakeHex(s, 17)}`, NetworkAclId: id(r), SubnetId: s })),
      Tags: tagsOf(r.props),
    } satisfies NetworkAcl);
    named(r, nameTag(r));
  }
  for (const r of ofType(TYPE.defaultNetworkAcl)) {
    const acl = [...defaultAcls.values()].find((a) => a.NetworkAclId === String(r.props.defaultNetworkAclId));
    if (acl === undefined) continue;
    acl.Entries = [...aclEntries(false, r.props.ingress), ...aclEntries(true, r.props.egress)];
    acl.Tags = tagsOf(r.props);
    named(r, nameTag(r));
  }
  for (const r of ofType(TYPE.subnet)) {
    if (explicitAcl.has(id(r))) continue;
    defaultAcls.get(String(r.props.vpcId))?.Associations?.push({ NetworkAclAssociationId: `aclassoc-${fakeHex(id(r), 17)}`, NetworkAclId: defaultAcls.get(String(r.props.vpcId))?.NetworkAclId, SubnetId: id(r) });
  }

  for (const r of ofType(TYPE.flowLog)) {
    push(r.region, "DescribeFlowLogs", "FlowLogs", {
      FlowLogId: id(r),
      ResourceId: String(r.props.vpcId),
      TrafficType: r.props.trafficType as FlowLog["TrafficType"],
      FlowLogStatus: "ACTIVE",
      DeliverLogsStatus: "SUCCESS",
      LogDestinationType: "cloud-watch-logs",
      DeliverLogsPermissionArn: String(r.props.iamRoleArn),
      Tags: tagsOf(r.props),
    } satisfies FlowLog);
    named(r, nameTag(r));
  }

  for (const zone of ofType(TYPE.zone)) {
    const zoneId = String(zone.props.zoneId ?? zone.props.id);
    const vpcs = [
      ...((zone.props.vpcs ?? []) as { vpcId: string; vpcRegion?: string }[]).map((v) => ({ VPCId: v.vpcId, VPCRegion: (v.vpcRegion ?? vpcRegion.get(v.vpcId)) as never })),
      ...ofType(TYPE.zoneAssociation)
        .filter((a) => a.props.zoneId === zoneId)
        .map((a) => ({ VPCId: String(a.props.vpcId), VPCRegion: (a.props.vpcRegion ?? vpcRegion.get(String(a.props.vpcId))) as never })),
    ];
    const zoneName = `${String(zone.props.name).replace(/\.$/, "")}.`;
    const hostedZone: GetHostedZoneResponse = {
      HostedZone: { Id: `/hostedzone/${zoneId}`, Name: zoneName, CallerReference: zone.urn, Config: { PrivateZone: true }, ResourceRecordSetCount: 3 },
      VPCs: vpcs,
    };
    const records: ResourceRecordSet[] = [
      { Name: zoneName, Type: "SOA", TTL: 900, ResourceRecords: [{ Value: "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400" }] },
      { Name: zoneName, Type: "NS", TTL: 172800, ResourceRecords: [{ Value: "ns-1536.awsdns-00.co.uk." }] },
      ...ofType(TYPE.record)
        .filter((r) => r.props.zoneId === zoneId)
        .map((r): ResourceRecordSet => {
          const alias = ((r.props.aliases ?? []) as { name: string; zoneId: string; evaluateTargetHealth: boolean }[])[0];
          return {
            Name: `${String(r.props.name).replace(/\.$/, "")}.`,
            Type: String(r.props.type) as ResourceRecordSet["Type"],
            ...(alias !== undefined ? { AliasTarget: { HostedZoneId: alias.zoneId, DNSName: `${alias.name}.`, EvaluateTargetHealth: alias.evaluateTargetHealth } } : {}),
          };
        }),
    ];
    const region = zone.region;
    at(region).GetHostedZone = hostedZone;
    at(region).ListResourceRecordSets = { ResourceRecordSets: records, IsTruncated: false, MaxItems: 300 };
    at(region).ListHostedZonesByVPC = { HostedZoneSummaries: [{ HostedZoneId: zoneId, Name: zoneName, Owner: { OwningAccount: FAKE_ACCOUNT } }], MaxItems: 100 };
    liveNames.set(zone.name, zoneId);
  }

  for (const r of ofType(TYPE.template)) {
    const template: ReplicationConfigurationTemplate = {
      replicationConfigurationTemplateID: id(r),
      stagingAreaSubnetId: String(r.props.stagingAreaSubnetId),
      replicationServersSecurityGroupsIDs: (r.props.replicationServersSecurityGroupsIds ?? []) as string[],
      dataPlaneRouting: r.props.dataPlaneRouting as ReplicationConfigurationTemplate["dataPlaneRouting"],
      createPublicIP: r.props.createPublicIp as boolean,
      associateDefaultSecurityGroup: r.props.associateDefaultSecurityGroup as boolean,
      tags: (r.props.tags ?? {}) as Record<string, string>,
    };
    const output = (at(r.region).DescribeReplicationConfigurationTemplates ??= { items: [] });
    output.items?.push(template);
    named(r, nameTag(r));
  }

  externalCapture(resources, push, at, named, nameTag);

  // EC2 launch templates (the account's default one DRS copies to new servers), as DescribeLaunchTemplateVersions
  // gives their default version, by template id (live/launch.ts's shape); Pulumi's string booleans are AWS's booleans.
  for (const r of ofType(TYPE.launchTemplate)) {
    const flag = (v: unknown) => (v === undefined ? undefined : v === true || v === "true");
    const metadata = (r.props.metadataOptions ?? {}) as Record<string, unknown>;
    const nics = (r.props.networkInterfaces ?? []) as Record<string, unknown>[];
    const version: LaunchTemplateVersion = {
      LaunchTemplateId: id(r),
      LaunchTemplateName: String(r.props.name ?? r.name),
      VersionNumber: 1,
      DefaultVersion: true,
      LaunchTemplateData: {
        ...(r.props.iamInstanceProfile !== undefined ? { IamInstanceProfile: { Name: String((r.props.iamInstanceProfile as { name?: string }).name) } } : {}),
        MetadataOptions: {
          State: "applied",
          HttpTokens: metadata.httpTokens as "required" | "optional",
          HttpPutResponseHopLimit: Number(metadata.httpPutResponseHopLimit ?? 1),
          HttpEndpoint: (metadata.httpEndpoint ?? "enabled") as "enabled" | "disabled",
        },
        NetworkInterfaces: nics.map((n) => ({
          DeviceIndex: Number(n.deviceIndex ?? 0),
          ...(n.subnetId !== undefined ? { SubnetId: String(n.subnetId) } : {}),
          Groups: (n.securityGroups ?? []) as string[],
          ...(flag(n.associatePublicIpAddress) !== undefined ? { AssociatePublicIpAddress: flag(n.associatePublicIpAddress) } : {}),
          ...(flag(n.deleteOnTermination) !== undefined ? { DeleteOnTermination: flag(n.deleteOnTermination) } : {}),
        })),
      },
    };
    const capture = at(r.region) as LaunchRegionCapture;
    capture.DescribeLaunchTemplateVersions = { ...capture.DescribeLaunchTemplateVersions, [id(r)]: { LaunchTemplateVersions: [version] } };
    named(r, String(r.props.name ?? r.name));
  }

  // Nothing faces the internet: the lists are read, and empty.
  for (const capture of Object.values(regions)) {
    capture.DescribeInternetGateways ??= { InternetGateways: [] };
    capture.DescribeEgressOnlyInternetGateways ??= { EgressOnlyInternetGateways: [] };
    capture.DescribeNatGateways ??= { NatGateways: [] };
    capture.DescribeAddresses ??= { Addresses: [] };
    capture.DescribeNetworkInterfaces ??= { NetworkInterfaces: [] };
    capture.DescribeManagedPrefixLists ??= { PrefixLists: [] };
  }
  return { capture: { capturedAt: "2026-11-26T12:00:00.000Z", regions }, liveNames };
}

/**
 * What AWS reports of the external sources' connections: each transit gateway attachment available, each virtual
 * private gateway available and attached (a given one, which the stack only attaches, listed with no tags), each VPN
 * available with its two tunnels UP and its static routes, each resolver endpoint OPERATIONAL with its addresses.
 */
function externalCapture(
  resources: readonly DeclaredResource[],
  push: (region: string | undefined, op: keyof RegionCapture, list: string, item: unknown) => void,
  at: (region: string | undefined) => RegionCapture,
  named: (r: DeclaredResource, live: string) => void,
  nameTag: (r: DeclaredResource) => string,
): void {
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  for (const r of ofType(TYPE.tgwAttachment)) {
    push(r.region, "DescribeTransitGatewayVpcAttachments", "TransitGatewayVpcAttachments", {
      TransitGatewayAttachmentId: id(r),
      TransitGatewayId: String(r.props.transitGatewayId),
      VpcId: String(r.props.vpcId),
      VpcOwnerId: FAKE_ACCOUNT,
      State: "available",
      SubnetIds: (r.props.subnetIds ?? []) as string[],
      Tags: tagsOf(r.props),
    } satisfies TransitGatewayVpcAttachment);
    named(r, nameTag(r));
  }
  const gateway = (r: DeclaredResource, gatewayId: string, tags: Tag[]): VpnGateway => ({ VpnGatewayId: gatewayId, State: "available", Type: "ipsec.1", VpcAttachments: [{ VpcId: String(r.props.vpcId), State: "attached" }], Tags: tags });
  for (const r of ofType(TYPE.vpnGateway)) {
    push(r.region, "DescribeVpnGateways", "VpnGateways", gateway(r, id(r), tagsOf(r.props)));
    named(r, nameTag(r));
  }
  for (const r of ofType(TYPE.vpnGatewayAttachment)) push(r.region, "DescribeVpnGateways", "VpnGateways", gateway(r, String(r.props.vpnGatewayId), []));
  for (const r of ofType(TYPE.vpnConnection)) {
    const routes = ofType(TYPE.vpnConnectionRoute).filter((route) => route.props.vpnConnectionId === id(r));
    push(r.region, "DescribeVpnConnections", "VpnConnections", {
      VpnConnectionId: id(r),
      VpnGatewayId: String(r.props.vpnGatewayId),
      CustomerGatewayId: String(r.props.customerGatewayId),
      State: "available",
      Type: "ipsec.1",
      Options: { StaticRoutesOnly: r.props.staticRoutesOnly === true, RemoteIpv4NetworkCidr: String(r.props.remoteIpv4NetworkCidr) },
      Routes: routes.map((route) => ({ DestinationCidrBlock: String(route.props.destinationCidrBlock), Source: "Static", State: "available" })),
      VgwTelemetry: [r.props.tunnel1Address, r.props.tunnel2Address].map((ip) => ({ OutsideIpAddress: String(ip), Status: "UP", StatusMessage: "", AcceptedRouteCount: 0 })),
      Tags: tagsOf(r.props),
    } satisfies VpnConnection);
    named(r, nameTag(r));
  }
  const subnetVpc = new Map(resources.filter((r) => r.type === TYPE.subnet).map((r) => [id(r), String(r.props.vpcId)]));
  for (const r of ofType(TYPE.resolverEndpoint)) {
    const ips = (r.props.ipAddresses ?? []) as { subnetId: string; ip: string; ipId: string }[];
    const endpoint: ResolverEndpoint = {
      Id: id(r),
      Name: String(r.props.name ?? r.name),
      Direction: r.props.direction as ResolverEndpoint["Direction"],
      HostVPCId: subnetVpc.get(ips[0]?.subnetId ?? ""),
      SecurityGroupIds: (r.props.securityGroupIds ?? []) as string[],
      IpAddressCount: ips.length,
      Status: "OPERATIONAL",
      StatusMessage: "This Resolver Endpoint is operational.",
    };
    push(r.region, "ListResolverEndpoints", "ResolverEndpoints", endpoint);
    const capture = at(r.region) as { ListResolverEndpointIpAddresses?: Record<string, { IpAddresses: IpAddressResponse[] }> };
    capture.ListResolverEndpointIpAddresses = {
      ...capture.ListResolverEndpointIpAddresses,
      [id(r)]: { IpAddresses: ips.map((a): IpAddressResponse => ({ IpId: a.ipId, SubnetId: a.subnetId, Ip: a.ip, Status: "ATTACHED", StatusMessage: "This IP address is operational." })) },
    };
    named(r, String(r.props.name ?? r.name));
  }
}

/** A security group rule's protocol and ports as DescribeSecurityGroupRules lists them (all protocols: -1, -1). */
function ports(protocol: unknown, from: unknown, to: unknown): Pick<SecurityGroupRule, "IpProtocol" | "FromPort" | "ToPort"> {
  const p = String(protocol ?? "-1").toLowerCase();
  return p === "-1" || p === "all" ? { IpProtocol: "-1", FromPort: -1, ToPort: -1 } : { IpProtocol: p, FromPort: Number(from), ToPort: Number(to) };
}

/** A network ACL's entries as DescribeNetworkAcls lists them, with the `*` rule (32767) that denies the rest. */
function aclEntries(egress: boolean, rules: unknown): NetworkAclEntry[] {
  const declared = (Array.isArray(rules) ? rules : []) as Record<string, unknown>[];
  return [
    ...declared.map((rule): NetworkAclEntry => {
      const protocol = PROTOCOL_NUMBERS[String(rule.protocol).toLowerCase()] ?? String(rule.protocol);
      return {
        RuleNumber: Number(rule.ruleNo),
        Protocol: protocol,
        RuleAction: String(rule.action).toLowerCase() as NetworkAclEntry["RuleAction"],
        Egress: egress,
        CidrBlock: String(rule.cidrBlock),
        ...(protocol === "6" || protocol === "17" ? { PortRange: { From: Number(rule.fromPort), To: Number(rule.toPort) } } : {}),
      };
    }),
    { RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: egress, CidrBlock: "0.0.0.0/0" },
  ];
}

/** A stack file's network as deployed: its synth, what AWS would report of it, its outputs, its plan. */
export interface DeployedStack {
  readonly settings: Settings;
  readonly resources: readonly DeclaredResource[];
  /** The synth's verdicts, each id in live names (`liveNames`). */
  readonly synthVerdicts: readonly Verdict[];
  readonly capture: LiveCapture;
  /** The stack outputs as `pulumi stack output --json` would print them, with the live ids. */
  readonly outputs: OutputsJson;
  readonly plan: LivePlan;
  readonly liveNames: ReadonlyMap<string, string>;
  /** The declared side drift is measured against: the synth's model, outputs and ids. */
  readonly declared: DeclaredSide;
}

/**
 * Every id the mock runtime made, given another (live) value: reversed hex, so a test that passes cannot be comparing
 * the synth's ids with themselves. Ids written in the stack file (an adopted VPC's) stay as they are.
 */
export function relabelIds<T>(value: T, keep: ReadonlySet<string> = new Set()): T {
  const text = JSON.stringify(value)
    .replace(/\b(vpc|subnet|rtb|rtbassoc|pcx|sg|vpce|rct|acl|aclassoc|sgr|fl|pl|tgw-attach|vgw|vpn|cgw|rslvr-in|rni)-([0-9a-f]{17})\b/g, (whole: string, prefix: string, hex: string) =>
      keep.has(whole) ? whole : `${prefix}-${[...hex].reverse().join("")}`,
    )
    // The mock runtime's hosted zone ids (Z and 20 hex digits; AWS's own endpoint zones, such as Z7HUB22UULQXV, stay).
    .replace(/\bZ([0-9A-F]{20})\b/g, (_whole: string, hex: string) => `Z${[...hex].reverse().join("")}`);
  return JSON.parse(text) as T;
}

/** Deploy a stack file (or a stack-shaped config file), as far as a test can: synth it, and build what AWS would then report. */
export async function deployedStack(stack: string | { readonly configFile: string }, root = "."): Promise<DeployedStack> {
  const { config } = loadStack(root, typeof stack === "string" ? { stack } : stack);
  const settings = parseSettings(projectConfig(config, PROJECT));
  const result = await synthFromPulumiConfig(config, offlineAccount(settings));
  const resources = declaredResources(result.resources);
  const adopted = settings.sources.flatMap((s) => (s.vpc.kind === "adopt" ? [{ region: s.region, vpcId: s.vpc.vpcId, cidrBlock: s.vpc.vpcCidr, routeTableIds: s.vpc.routeTableIds }] : []));
  // Ids the stack file writes (an adopted VPC's, a given gateway's) are the account's own: they stay as they are.
  const given = settings.externalSources.flatMap((e) => (e.connection.kind === "vpn-gateway" ? [e.connection.vpnGatewayId] : []));
  const keep = new Set([...adopted.flatMap((a) => [a.vpcId, ...a.routeTableIds]), ...given]);
  const fixture = captureFromDeclared(resources, adopted);
  const capture = relabelIds(fixture.capture, keep);
  const outputs = relabelIds(result.outputs as unknown as OutputsJson, keep);
  const liveNames = new Map([...fixture.liveNames].map(([name, live]) => [name, relabelIds(live, keep)]));
  const synthVerdicts = verifyNetwork(resources, {
    externalVpcs: adopted.map((a) => ({ id: a.vpcId, cidrBlock: a.cidrBlock })),
    requireFlowLogs: settings.flowLogs !== undefined,
    agentRollout: settings.agentRollout !== undefined,
    externalSources: settings.externalSources,
    ...(settings.failback !== undefined ? { failback: settings.failback } : {}),
  }).map((v) => ({ ...v, id: v.id.split(/(->|:| via | in )/).map((part) => liveNames.get(part) ?? part).join("") }));
  const declared = declaredSideOf(resources, result.outputs as unknown as OutputsJson, settings);
  return { settings, resources, synthVerdicts, capture, outputs, plan: livePlan(outputs, settings), liveNames, declared };
}

const deployments = new Map<string, Promise<DeployedStack>>();
/** A stack file deployed once per test process: specs share it, and never change it (they edit copies). */
export function deployedOnce(stack: string): Promise<DeployedStack> {
  if (!deployments.has(stack)) deployments.set(stack, deployedStack(stack));
  return deployments.get(stack) as Promise<DeployedStack>;
}

/** A copy of the capture, changed by `change`, which gets each region's operations. */
export function editedCapture(capture: LiveCapture, change: (regions: Record<string, RegionCapture>) => void): LiveCapture {
  const copy = structuredClone(capture) as LiveCapture & { regions: Record<string, RegionCapture> };
  change(copy.regions);
  return copy;
}

/** The one item of a describe output with this Name tag. */
export function namedItem<T extends { Tags?: Tag[] }>(items: T[] | undefined, name: string): T {
  const found = (items ?? []).find((i) => i.Tags?.some((t) => t.Key === "Name" && t.Value === name));
  if (found === undefined) throw new Error(`no item named ${name}`);
  return found;
}

/**
 * A stack-shaped config of one source VPC and two sources outside AWS: `dc2` through a transit gateway (another
 * account's, say), `dc3` through a given virtual private gateway (a Direct Connect one) asking the inbound resolver.
 * With Pulumi.onprem.yaml (a Site-to-Site VPN the stack creates), every kind of connection.
 */
export const GATEWAYS_STACK = `config:
  drs-secured-network:drRegion: eu-west-2
  drs-secured-network:stagingVpcCidr: 10.0.0.0/16
  drs-secured-network:replication:
    enabled: true
  drs-secured-network:sources:
    - name: app
      region: eu-west-1
      vpcCidr: 10.1.0.0/16
    - name: dc2
      external:
        cidrBlocks: [172.16.0.0/16]
        connection:
          transitGatewayId: tgw-0123456789abcdef0
        dns: endpoint-flag
    - name: dc3
      external:
        cidrBlocks: [192.168.64.0/20]
        connection:
          vpnGatewayId: vgw-0123456789abcdef0
        dns: resolver
`;

/** A stack-shaped config file written once per test process (in a temporary folder), for `--config` and `deployedConfigOnce`. */
export function configFileOnce(name: string, yaml: string): string {
  const file = join(configDir(), `Pulumi.${name}.yaml`);
  if (!existsSync(file)) writeFileSync(file, yaml);
  return file;
}

let tempDir: string | undefined;
function configDir(): string {
  tempDir ??= mkdtempSync(join(tmpdir(), "live-fixture-"));
  return tempDir;
}

/** A stack-shaped config deployed once per test process. */
export function deployedConfigOnce(name: string, yaml: string): Promise<DeployedStack> {
  const key = `config:${name}`;
  if (!deployments.has(key)) deployments.set(key, deployedStack({ configFile: configFileOnce(name, yaml) }));
  return deployments.get(key) as Promise<DeployedStack>;
}

/** The three source servers the launch specs register: one launching as the stack says, one drifted, one with a public IP. */
export const LAUNCH_SERVERS = {
  /** web-01: in the second recovery subnet (kept there), the recovery group, no public IP, IMDSv2: right. */
  right: { id: "s-0a1b2c3d4e5f60001", template: "lt-0a1b2c3d4e5f60001", hostname: "web-01" },
  /** db-01: in a staging subnet with another group, IMDSv1 allowed, and launched stopped. */
  drifted: { id: "s-0a1b2c3d4e5f60002", template: "lt-0a1b2c3d4e5f60002", hostname: "db-01" },
  /** No hostname DRS knows: in the first recovery subnet with the recovery group, but a public IP. */
  public: { id: "s-0a1b2c3d4e5f60003", template: "lt-0a1b2c3d4e5f60003" },
} as const;

/**
 * What DRS and EC2 report of `LAUNCH_SERVERS` for a deployed stack with a recovery side (its recovery subnets and
 * group from its outputs, the launch settings of its config), typed with the SDK's own output types: DescribeSourceServers
 * items, each GetLaunchConfiguration, and each template's versions (the right one has an older, non-default version).
 */
export function launchServers(d: DeployedStack): LaunchCapture {
  const subnets = d.outputs.recoverySubnetIds as string[];
  const group = String(d.outputs.recoverySecurityGroupId);
  const staging = d.outputs.stagingSubnetIds as string[];
  const launch = d.settings.recovery?.launch;
  if (launch === undefined) throw new Error("the stack has no recovery side");
  const asStack: LaunchConfiguration = {
    launchDisposition: launch.launchDisposition,
    targetInstanceTypeRightSizingMethod: launch.rightSizing,
    copyPrivateIp: launch.copyPrivateIp,
    copyTags: launch.copyTags,
    licensing: { osByol: launch.osByol },
    postLaunchEnabled: launch.postLaunchActions,
  };
  const server = (s: { id: string; hostname?: string }, ip: string): SourceServer => ({
    sourceServerID: s.id,
    arn: `arn:aws:drs:${d.settings.drRegion}:${FAKE_ACCOUNT}:source-server/${s.id}`,
    tags: {},
    sourceProperties: {
      identificationHints: s.hostname !== undefined ? { hostname: s.hostname, fqdn: `${s.hostname}.corp.example` } : {},
      networkInterfaces: [{ macAddress: "0a:00:00:00:00:01", ips: [ip], isPrimary: true }],
    },
  });
  const version = (template: string, number: number, isDefault: boolean, data: ResponseLaunchTemplateData): LaunchTemplateVersion => ({
    LaunchTemplateId: template,
    LaunchTemplateName: `created-and-used-by-elastic-disaster-recovery-service-${template}`,
    VersionNumber: number,
    DefaultVersion: isDefault,
    CreatedBy: `arn:aws:sts::${FAKE_ACCOUNT}:assumed-role/AWSServiceRoleForElasticDisasterRecovery/drs`,
    LaunchTemplateData: { InstanceType: "t3.medium", BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { VolumeSize: 20, VolumeType: "gp3" } }], ...data },
  });
  const { right, drifted, public: exposed } = LAUNCH_SERVERS;
  return {
    DescribeSourceServers: { items: [server(right, "10.1.0.10"), server(drifted, "10.1.0.20"), server(exposed, "10.1.1.30")] },
    GetLaunchConfiguration: {
      [right.id]: { sourceServerID: right.id, name: right.hostname, ec2LaunchTemplateID: right.template, ...asStack },
      [drifted.id]: { sourceServerID: drifted.id, name: drifted.hostname, ec2LaunchTemplateID: drifted.template, ...asStack, launchDisposition: "STOPPED" },
      [exposed.id]: { sourceServerID: exposed.id, name: exposed.id, ec2LaunchTemplateID: exposed.template, ...asStack },
    },
    DescribeLaunchTemplateVersions: {
      [right.template]: {
        LaunchTemplateVersions: [
          version(right.template, 1, false, { NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: staging[1], Groups: ["sg-0000000000000000e"], AssociatePublicIpAddress: false }] }),
          version(right.template, 2, true, {
            NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnets[1], Groups: [group], AssociatePublicIpAddress: false, DeleteOnTermination: true }],
            MetadataOptions: { State: "applied", HttpTokens: "required", HttpPutResponseHopLimit: 1, HttpEndpoint: "enabled" },
          }),
        ],
      },
      [drifted.template]: {
        LaunchTemplateVersions: [
          version(drifted.template, 1, true, {
            NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: staging[0], Groups: ["sg-0000000000000000e"], AssociatePublicIpAddress: false, DeleteOnTermination: true }],
            MetadataOptions: { State: "applied", HttpTokens: "optional", HttpPutResponseHopLimit: 2, HttpEndpoint: "enabled" },
          }),
        ],
      },
      [exposed.template]: {
        LaunchTemplateVersions: [
          version(exposed.template, 1, true, {
            NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnets[0], Groups: [group], AssociatePublicIpAddress: true, DeleteOnTermination: true }],
            MetadataOptions: { State: "applied", HttpTokens: "required", HttpPutResponseHopLimit: 1, HttpEndpoint: "enabled" },
          }),
        ],
      },
    },
  };
}

/** A copy of the capture with `launch` (the source servers' reads) in `region`, its templates beside those already there (the default one). */
export function withLaunch(capture: LiveCapture, region: string, launch: LaunchCapture): LiveCapture {
  return editedCapture(capture, (regions) => {
    const ops = (regions[region] ??= {}) as LaunchRegionCapture;
    const templates = { ...ops.DescribeLaunchTemplateVersions, ...structuredClone(launch.DescribeLaunchTemplateVersions) };
    Object.assign(ops, structuredClone(launch), { DescribeLaunchTemplateVersions: templates });
  });
}
