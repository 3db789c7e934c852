/**
 * Deploys a synth's declared network into moto by calling the AWS SDK as the provider would (each resource from its
 * declared inputs), so that verify-live's own reader can read it back. Every id moto gives replaces the mock runtime's
 * in the stack outputs. What moto does not model is said where it matters:
 * - it checks a flow log's CloudWatch Logs group only by `LogGroupName`: with `LogDestination` (the ARN the program
 *   passes, and AWS accepts) it reports the delivery FAILED, so the flow logs here are made with the group's name;
 * - interface endpoints get one DNS entry, `vpce-<id>-<random>.<service name>`, not AWS's regional and zonal names;
 * - no quota but 60 rules per security group is enforced (a deploy here proves nothing about quotas);
 * - DRS is not in moto: its calls go to the restJson1 stand-in (drsStandIn.ts).
 */
import { CreateReplicationConfigurationTemplateCommand, DrsClient } from "@aws-sdk/client-drs";
import {
  AcceptVpcPeeringConnectionCommand,
  AssociateRouteTableCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteNetworkAclEntryCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  IpPermission,
  ModifyVpcAttributeCommand,
  ReplaceNetworkAclAssociationCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  Tag,
} from "@aws-sdk/client-ec2";
import { AssociateVPCWithHostedZoneCommand, ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, Route53Client, VPCRegion } from "@aws-sdk/client-route-53";
import type { DeclaredResource } from "../../lib/verifier";
import type { OutputsJson } from "../../live/scope";
import { awsJson } from "./rawAws";

/** How to reach moto, and what to leave out. */
export interface MotoTarget {
  readonly endpoint: string;
  /** Leave these CloudWatch Logs groups uncreated (a flow log to them then fails to deliver). */
  readonly withoutLogGroups?: readonly string[];
}

/** The deployment: the outputs with moto's ids, and each mock id's moto id. */
export interface MotoDeployment {
  readonly outputs: OutputsJson;
  readonly ids: ReadonlyMap<string, string>;
}

type Props = Readonly<Record<string, unknown>>;

/** An interface endpoint's DNS name as moto gives it, and its hosted zone (an alias record names both). */
interface EndpointName {
  readonly dnsName: string;
  readonly zoneId: string;
}

const tagsOf = (props: Props): Tag[] => Object.entries((props.tags ?? {}) as Record<string, string>).map(([Key, Value]) => ({ Key, Value }));
const tagged = (type: string, props: Props) => [{ ResourceType: type as never, Tags: tagsOf(props) }];
const PROTOCOLS: Readonly<Record<string, string>> = { tcp: "6", udp: "17", icmp: "1", "-1": "-1", all: "-1" };

/** Deploy `resources` (a synth's declared resources) into moto. */
export async function deployToMoto(resources: readonly DeclaredResource[], outputs: OutputsJson, target: MotoTarget): Promise<MotoDeployment> {
  const ids = new Map<string, string>();
  const names = new Map<string, EndpointName>();
  const clients = new Map<string, EC2Client>();
  const ec2 = (region: string | undefined) => {
    const key = region ?? "us-east-1";
    if (!clients.has(key)) clients.set(key, new EC2Client({ region: key, endpoint: target.endpoint }));
    return clients.get(key) as EC2Client;
  };
  const id = (mock: unknown) => ids.get(String(mock)) ?? String(mock);
  const ofType = (type: string) => resources.filter((r) => r.type === `aws:${type}`);
  const record = (r: DeclaredResource, live: string | undefined) => {
    if (live === undefined) throw new Error(`moto gave no id for ${r.name}`);
    ids.set(String(r.props.id), live);
  };

  await vpcs(ofType("ec2/vpc:Vpc"), ec2, ids);
  for (const r of ofType("ec2/subnet:Subnet")) {
    const out = await ec2(r.region).send(new CreateSubnetCommand({ VpcId: id(r.props.vpcId), CidrBlock: String(r.props.cidrBlock), AvailabilityZone: String(r.props.availabilityZone), TagSpecifications: tagged("subnet", r.props) }));
    record(r, out.Subnet?.SubnetId);
  }
  for (const r of ofType("ec2/routeTable:RouteTable")) {
    record(r, (await ec2(r.region).send(new CreateRouteTableCommand({ VpcId: id(r.props.vpcId), TagSpecifications: tagged("route-table", r.props) }))).RouteTable?.RouteTableId);
  }
  for (const r of ofType("ec2/routeTableAssociation:RouteTableAssociation")) {
    await ec2(r.region).send(new AssociateRouteTableCommand({ RouteTableId: id(r.props.routeTableId), SubnetId: id(r.props.subnetId) }));
  }
  await securityGroups(resources, ec2, ids);
  await endpoints(ofType("ec2/vpcEndpoint:VpcEndpoint"), ec2, ids, names);
  await groupRules(resources, ec2, ids);
  await peerings(resources, ec2, ids);
  for (const r of ofType("ec2/route:Route")) {
    await ec2(r.region).send(new CreateRouteCommand({ RouteTableId: id(r.props.routeTableId), DestinationCidrBlock: String(r.props.destinationCidrBlock), VpcPeeringConnectionId: id(r.props.vpcPeeringConnectionId) }));
  }
  await networkAcls(resources, ec2, ids);
  await flowLogs(resources, ec2, ids, target);
  await zones(resources, target.endpoint, ids, names);
  for (const r of ofType("drs/replicationConfigurationTemplate:ReplicationConfigurationTemplate")) {
    const p = r.props;
    const out = await new DrsClient({ region: r.region }).send(
      new CreateReplicationConfigurationTemplateCommand({
        stagingAreaSubnetId: id(p.stagingAreaSubnetId),
        replicationServersSecurityGroupsIDs: ((p.replicationServersSecurityGroupsIds ?? []) as string[]).map(id),
        associateDefaultSecurityGroup: p.associateDefaultSecurityGroup as boolean,
        bandwidthThrottling: Number(p.bandwidthThrottling),
        createPublicIP: p.createPublicIp as boolean,
        dataPlaneRouting: p.dataPlaneRouting as never,
        defaultLargeStagingDiskType: p.defaultLargeStagingDiskType as never,
        ebsEncryption: p.ebsEncryption as never,
        replicationServerInstanceType: String(p.replicationServerInstanceType),
        useDedicatedReplicationServer: p.useDedicatedReplicationServer as boolean,
        stagingAreaTags: (p.stagingAreaTags ?? {}) as Record<string, string>,
        pitPolicy: ((p.pitPolicies ?? []) as Record<string, unknown>[]).map((x) => ({ enabled: x.enabled as boolean, interval: Number(x.interval), retentionDuration: Number(x.retentionDuration), ruleID: Number(x.ruleId), units: x.units as never })),
        tags: (p.tags ?? {}) as Record<string, string>,
      }),
    );
    record(r, out.replicationConfigurationTemplateID);
  }

  // The outputs with moto's ids: whole DNS names first (they hold endpoint ids), then every id.
  let text = JSON.stringify(outputs);
  for (const [mock, live] of [...[...names].map(([name, e]) => [name, e.dnsName] as const), ...ids]) text = text.split(mock).join(live);
  return { outputs: JSON.parse(text) as OutputsJson, ids };
}

async function vpcs(declared: readonly DeclaredResource[], ec2: (region: string | undefined) => EC2Client, ids: Map<string, string>): Promise<void> {
  for (const r of declared) {
    const client = ec2(r.region);
    const vpcId = (await client.send(new CreateVpcCommand({ CidrBlock: String(r.props.cidrBlock), TagSpecifications: tagged("vpc", r.props) }))).Vpc?.VpcId as string;
    ids.set(String(r.props.id), vpcId);
    if (r.props.enableDnsSupport === true) await client.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
    if (r.props.enableDnsHostnames === true) await client.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    // The VPC's default network ACL and group, which the stack adopts (DefaultNetworkAcl, DefaultSecurityGroup).
    const acl = (await client.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "default", Values: ["true"] }] }))).NetworkAcls?.[0];
    const group = (await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "group-name", Values: ["default"] }] }))).SecurityGroups?.[0];
    ids.set(String(r.props.defaultNetworkAclId), String(acl?.NetworkAclId));
    ids.set(String(r.props.defaultSecurityGroupId), String(group?.GroupId));
  }
}

const GROUP = "aws:ec2/securityGroup:SecurityGroup";
const DEFAULT_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

/** Groups first (rules name one another); a VPC's default group has its rules taken away, as DefaultSecurityGroup does. */
async function securityGroups(resources: readonly DeclaredResource[], ec2: (region: string | undefined) => EC2Client, ids: Map<string, string>): Promise<void> {
  for (const r of resources.filter((x) => x.type === GROUP || x.type === DEFAULT_GROUP)) {
    const client = ec2(r.region);
    const vpc = resources.find((v) => v.type === "aws:ec2/vpc:Vpc" && v.props.id === r.props.vpcId);
    const groupId =
      r.type === DEFAULT_GROUP
        ? (ids.get(String(vpc?.props.defaultSecurityGroupId)) as string)
        : ((await client.send(new CreateSecurityGroupCommand({ GroupName: String(r.props.name ?? r.name), Description: String(r.props.description ?? "Managed by Pulumi"), VpcId: ids.get(String(r.props.vpcId)), TagSpecifications: tagged("security-group", r.props) }))).GroupId as string);
    ids.set(String(r.props.id), groupId);
    // AWS gives a new group an allow-all egress rule, and a default group two rules; the provider removes what is not declared.
    const existing = (await client.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [groupId] }] }))).SecurityGroupRules ?? [];
    const ruleIds = (egress: boolean) => existing.filter((x) => (x.IsEgress === true) === egress).flatMap((x) => (x.SecurityGroupRuleId !== undefined ? [x.SecurityGroupRuleId] : []));
    if (ruleIds(false).length > 0) await client.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: ruleIds(false) }));
    if (ruleIds(true).length > 0) await client.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, SecurityGroupRuleIds: ruleIds(true) }));
    if (r.type === DEFAULT_GROUP) await client.send(new CreateTagsCommand({ Resources: [groupId], Tags: tagsOf(r.props) }));
  }
}

/** Each group's inline rules, once every group and gateway endpoint (its prefix list) exists. */
async function groupRules(resources: readonly DeclaredResource[], ec2: (region: string | undefined) => EC2Client, ids: Map<string, string>): Promise<void> {
  for (const r of resources.filter((x) => x.type === GROUP || x.type === DEFAULT_GROUP)) {
    const groupId = ids.get(String(r.props.id)) as string;
    for (const [prop, egress] of [["ingress", false], ["egress", true]] as const) {
      const rules = (Array.isArray(r.props[prop]) ? r.props[prop] : []) as Record<string, unknown>[];
      if (rules.length === 0) continue;
      const permissions: IpPermission[] = rules.map((rule) => {
        const protocol = String(rule.protocol ?? "-1").toLowerCase();
        const all = protocol === "-1" || protocol === "all";
        return {
          IpProtocol: all ? "-1" : protocol,
          ...(all ? {} : { FromPort: Number(rule.fromPort), ToPort: Number(rule.toPort) }),
          IpRanges: ((rule.cidrBlocks ?? []) as string[]).map((CidrIp) => ({ CidrIp, Description: rule.description as string | undefined })),
          UserIdGroupPairs: ((rule.securityGroups ?? []) as string[]).map((g) => ({ GroupId: ids.get(g) ?? g })),
          PrefixListIds: ((rule.prefixListIds ?? []) as string[]).map((p) => ({ PrefixListId: ids.get(p) ?? p })),
        };
      });
      const command = egress ? new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: permissions }) : new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: permissions });
      await ec2(r.region).send(command as never);
    }
  }
}

/** Endpoints; a gateway endpoint's prefix list is AWS's (moto's) own list for the service. */
async function endpoints(declared: readonly DeclaredResource[], ec2: (region: string | undefined) => EC2Client, ids: Map<string, string>, names: Map<string, EndpointName>): Promise<void> {
  for (const r of declared) {
    const p = r.props;
    const client = ec2(r.region);
    const out = await client.send(
      new CreateVpcEndpointCommand({
        VpcId: ids.get(String(p.vpcId)),
        ServiceName: String(p.serviceName),
        VpcEndpointType: String(p.vpcEndpointType ?? "Gateway") as never,
        SubnetIds: ((p.subnetIds ?? []) as string[]).map((s) => ids.get(s) ?? s),
        SecurityGroupIds: ((p.securityGroupIds ?? []) as string[]).map((s) => ids.get(s) ?? s),
        RouteTableIds: ((p.routeTableIds ?? []) as string[]).map((s) => ids.get(s) ?? s),
        ...(p.vpcEndpointType === "Interface" ? { PrivateDnsEnabled: p.privateDnsEnabled === true } : {}),
        ...(typeof p.policy === "string" ? { PolicyDocument: p.policy } : {}),
        TagSpecifications: tagged("vpc-endpoint", p),
      }),
    );
    ids.set(String(p.id), String(out.VpcEndpoint?.VpcEndpointId));
    // moto gives one DNS entry where AWS gives several: each declared name maps to it.
    const live = out.VpcEndpoint?.DnsEntries?.[0];
    for (const entry of (p.dnsEntries ?? []) as { dnsName: string }[]) if (live?.DnsName !== undefined) names.set(entry.dnsName.replace(/^\*\./, ""), { dnsName: live.DnsName, zoneId: String(live.HostedZoneId) });
    if (p.vpcEndpointType !== "Interface" && typeof p.prefixListId === "string") {
      const list = (await client.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: "prefix-list-name", Values: [String(p.serviceName)] }] }))).PrefixLists?.[0];
      ids.set(p.prefixListId, String(list?.PrefixListId));
    }
  }
}

/** Each peering requested in its region and accepted in the peer's, tagged on both sides as declared. */
async function peerings(resources: readonly DeclaredResource[], ec2: (region: string | undefined) => EC2Client, ids: Map<string, string>): Promise<void> {
  for (const r of resources.filter((x) => x.type === "aws:ec2/vpcPeeringConnection:VpcPeeringConnection")) {
    const out = await ec2(r.region).send(
      new CreateVpcPeeringConnectionCommand({ VpcId: ids.get(String(r.props.vpcId)), PeerVpcId: ids.get(String(r.props.peerVpcId)), PeerRegion: r.props.peerRegion as string | undefined, TagSpecifications: tagged("vpc-peering-connection", r.props) }),
    );
    ids.set(String(r.props.id), String(out.VpcPeeringConnection?.VpcPeeringConnectionId));
  }
  for (const r of resources.filter((x) => x.type === "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter")) {
    const pcx = ids.get(String(r.props.vpcPeeringConnectionId)) as string;
    await ec2(r.region).send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx }));
    await ec2(r.region).send(new CreateTagsCommand({ Resources: [pcx], Tags: tagsOf(r.props) }));
  }
}

/** Network ACLs with their rules and subnets; a VPC's default ACL gets the declared rules instead of its allow-all ones. */
async function networkAcls(resources: readonly DeclaredResource[], ec2: (region: string | undefined) => EC2Client, ids: Map<string, string>): Promise<void> {
  const entries = async (client: EC2Client, aclId: string, p: Props) => {
    for (const [prop, egress] of [["ingress", false], ["egress", true]] as const) {
      for (const rule of (Array.isArray(p[prop]) ? p[prop] : []) as Record<string, unknown>[]) {
        const protocol = PROTOCOLS[String(rule.protocol).toLowerCase()] ?? String(rule.protocol);
        await client.send(
          new CreateNetworkAclEntryCommand({
            NetworkAclId: aclId,
            RuleNumber: Number(rule.ruleNo),
            Protocol: protocol,
            RuleAction: String(rule.action).toLowerCase() as never,
            Egress: egress,
            CidrBlock: String(rule.cidrBlock),
            ...(protocol === "6" || protocol === "17" ? { PortRange: { From: Number(rule.fromPort), To: Number(rule.toPort) } } : {}),
          }),
        );
      }
    }
  };
  for (const r of resources.filter((x) => x.type === "aws:ec2/networkAcl:NetworkAcl")) {
    const client = ec2(r.region);
    const aclId = (await client.send(new CreateNetworkAclCommand({ VpcId: ids.get(String(r.props.vpcId)), TagSpecifications: tagged("network-acl", r.props) }))).NetworkAcl?.NetworkAclId as string;
    ids.set(String(r.props.id), aclId);
    await entries(client, aclId, r.props);
    for (const subnet of (r.props.subnetIds ?? []) as string[]) {
      const current = (await client.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "association.subnet-id", Values: [ids.get(subnet) as string] }] }))).NetworkAcls?.[0];
      const association = current?.Associations?.find((a) => a.SubnetId === ids.get(subnet));
      await client.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: association?.NetworkAclAssociationId, NetworkAclId: aclId }));
    }
  }
  for (const r of resources.filter((x) => x.type === "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl")) {
    const client = ec2(r.region);
    const aclId = ids.get(String(r.props.defaultNetworkAclId)) as string;
    for (const egress of [false, true]) await client.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 100, Egress: egress }));
    await entries(client, aclId, r.props);
    await client.send(new CreateTagsCommand({ Resources: [aclId], Tags: tagsOf(r.props) }));
  }
}

/** Flow logs to their CloudWatch Logs groups, which are made first unless the target leaves them out. */
async function flowLogs(resources: readonly DeclaredResource[], ec2: (region: string | undefined) => EC2Client, ids: Map<string, string>, target: MotoTarget): Promise<void> {
  for (const r of resources.filter((x) => x.type === "aws:cloudwatch/logGroup:LogGroup")) {
    if (target.withoutLogGroups?.includes(String(r.props.name))) continue;
    await awsJson(target.endpoint, "logs", r.region ?? "us-east-1", "Logs_20140328.CreateLogGroup", { logGroupName: r.props.name });
  }
  for (const r of resources.filter((x) => x.type === "aws:ec2/flowLog:FlowLog")) {
    await ec2(r.region).send(
      new CreateFlowLogsCommand({
        ResourceType: "VPC",
        ResourceIds: [ids.get(String(r.props.vpcId)) as string],
        TrafficType: r.props.trafficType as never,
        LogDestinationType: "cloud-watch-logs",
        // moto checks the group by LogGroupName only (see the header); the program gives its ARN as LogDestination.
        LogGroupName: String(r.props.logDestination).split(":log-group:")[1],
        DeliverLogsPermissionArn: String(r.props.iamRoleArn),
        TagSpecifications: tagged("vpc-flow-log", r.props),
      }),
    );
  }
}

/** The private zone with its VPCs, and its records (an alias names the endpoint's DNS name moto gave). */
async function zones(resources: readonly DeclaredResource[], endpoint: string, ids: Map<string, string>, names: Map<string, EndpointName>): Promise<void> {
  const route53 = new Route53Client({ region: "us-east-1", endpoint });
  for (const zone of resources.filter((x) => x.type === "aws:route53/zone:Zone")) {
    const vpcs = (zone.props.vpcs ?? []) as { vpcId: string; vpcRegion: string }[];
    const [first, ...others] = vpcs;
    const out = await route53.send(
      new CreateHostedZoneCommand({ Name: String(zone.props.name), CallerReference: zone.urn, HostedZoneConfig: { Comment: zone.props.comment as string | undefined, PrivateZone: true }, VPC: { VPCId: ids.get(first.vpcId), VPCRegion: first.vpcRegion as VPCRegion } }),
    );
    const zoneId = String(out.HostedZone?.Id).replace(/^\/hostedzone\//, "");
    ids.set(String(zone.props.id), zoneId);
    for (const vpc of others) await route53.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: zoneId, VPC: { VPCId: ids.get(vpc.vpcId), VPCRegion: vpc.vpcRegion as VPCRegion } }));
  }
  for (const r of resources.filter((x) => x.type === "aws:route53/record:Record")) {
    const alias = ((r.props.aliases ?? []) as { name: string; zoneId: string; evaluateTargetHealth: boolean }[])[0];
    await route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: ids.get(String(r.props.zoneId)),
        ChangeBatch: {
          Changes: [
            {
              Action: "CREATE",
              ResourceRecordSet: {
                Name: String(r.props.name),
                Type: String(r.props.type) as never,
                AliasTarget: { HostedZoneId: names.get(alias.name)?.zoneId ?? alias.zoneId, DNSName: names.get(alias.name)?.dnsName ?? alias.name, EvaluateTargetHealth: alias.evaluateTargetHealth },
              },
            },
          ],
        },
      }),
    );
  }
}
