/**
 * AWS as aws-sdk-client-mock plays it, answering from a `LiveCapture`: every call verify-live makes, with the
 * filters applied as EC2 applies them (values of one filter OR-ed, filters AND-ed), and every list cut into pages of
 * `pageSize` so that a reader that stops at the first page loses items. Each client is mocked per instance, so each
 * region and each side's credentials get their own; every call is recorded.
 *
 * The source servers' launch state (live/launch.ts's `LaunchCapture`) is the one thing it changes: each region's is
 * copied once, and `UpdateLaunchConfiguration`, `CreateLaunchTemplateVersion` (from its source version, the fields it
 * names replacing the source's, a client token answered again with the version it made) and `ModifyLaunchTemplate`
 * change the copy, so a second run sees what the first made (`launchState`).
 */
import { mockClient } from "aws-sdk-client-mock";
import {
  DescribeReplicationConfigurationTemplatesCommand,
  DescribeSourceServersCommand,
  DrsClient,
  GetLaunchConfigurationCommand,
  LaunchConfiguration,
  UpdateLaunchConfigurationCommand,
} from "@aws-sdk/client-drs";
import {
  CreateLaunchTemplateVersionCommand,
  DescribeLaunchTemplateVersionsCommand,
  LaunchTemplateVersion,
  ModifyLaunchTemplateCommand,
  CreateNetworkInsightsPathCommand,
  DeleteNetworkInsightsAnalysisCommand,
  DeleteNetworkInsightsPathCommand,
  DescribeNetworkInsightsAnalysesCommand,
  StartNetworkInsightsAnalysisCommand,
  DescribeAddressesCommand,
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  DescribeVpnConnectionsCommand,
  DescribeVpnGatewaysCommand,
  EC2Client,
  Filter,
} from "@aws-sdk/client-ec2";
import { GetHostedZoneCommand, ListHostedZonesByVPCCommand, ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import { ListResolverEndpointIpAddressesCommand, ListResolverEndpointsCommand, Route53ResolverClient } from "@aws-sdk/client-route53resolver";
import type { LiveCapture, RegionCapture } from "../../lib/verifier/aws";
import type { LaunchCapture } from "../../live/launch";
import type { VerifyLiveEnvironment } from "../../live/cli";
import type { LiveClients } from "../../live/read";
import type { SideAuth } from "../../live/scope";

/** A call the fake answered. */
export interface FakeCall {
  readonly region: string;
  readonly auth: SideAuth;
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/** How each EC2 filter name reads an item. */
const FILTER_FIELDS: Readonly<Record<string, (item: Record<string, unknown>) => unknown[]>> = {
  "vpc-id": (i) => [i.VpcId],
  "requester-vpc-info.vpc-id": (i) => [(i.RequesterVpcInfo as { VpcId?: string } | undefined)?.VpcId],
  "accepter-vpc-info.vpc-id": (i) => [(i.AccepterVpcInfo as { VpcId?: string } | undefined)?.VpcId],
  "group-id": (i) => [i.GroupId],
  "prefix-list-name": (i) => [i.PrefixListName],
  "resource-id": (i) => [i.ResourceId],
  // Internet gateways list `Attachments`, virtual private gateways `VpcAttachments`.
  "attachment.vpc-id": (i) => ((i.Attachments ?? i.VpcAttachments ?? []) as { VpcId?: string }[]).map((a) => a.VpcId),
  "vpn-gateway-id": (i) => [i.VpnGatewayId],
  "subnet-id": (i) => [i.SubnetId],
  // DescribeInstances filters the instances (within their reservations).
  "instance-state-name": (i) => [(i.State as { Name?: string } | undefined)?.Name],
};

/** How each Route 53 Resolver filter name reads an endpoint (ListResolverEndpoints, `Filters`). */
const RESOLVER_FILTER_FIELDS: Readonly<Record<string, (item: Record<string, unknown>) => unknown[]>> = {
  HostVPCId: (i) => [i.HostVPCId],
};

function matches(item: Record<string, unknown>, filters: readonly Filter[] | undefined): boolean {
  return (filters ?? []).every((f) => {
    // `tag:<key>`: the item has the tag with one of the values (EC2 API reference, filters).
    const tagKey = /^tag:(.+)$/.exec(f.Name ?? "")?.[1];
    const field = tagKey !== undefined ? (i: Record<string, unknown>) => ((i.Tags ?? []) as { Key?: string; Value?: string }[]).filter((t) => t.Key === tagKey).map((t) => t.Value) : FILTER_FIELDS[f.Name ?? ""];
    if (field === undefined) throw new Error(`the fake AWS does not know the filter ${f.Name}`);
    return field(item).some((v) => (f.Values ?? []).includes(String(v)));
  });
}

/**
 * aws-sdk-client-mock is typed against the @smithy/types that npm hoists (2.x, from @aws-sdk/client-drs 3.523.0, the
 * newest the registry has); client-ec2 and client-route-53 3.1169 bring 4.x. The mock patches `send` and works the
 * same on both; only the types differ, so newer clients are handed to it through this one cast.
 */
function mockOf(client: EC2Client | Route53Client | Route53ResolverClient) {
  return mockClient(client as unknown as Parameters<typeof mockClient>[0]);
}

/**
 * verify-live's environment in the specs: no Pulumi CLI, AWS only through `aws` (a run given none must not call it),
 * and a fixed clock.
 */
export function offlineLiveEnvironment(aws?: FakeAws, now = "2026-11-26T12:00:00Z"): VerifyLiveEnvironment {
  return {
    stackOutputs: () => Promise.reject(new Error("no Pulumi CLI in this test")),
    clients: (region, auth) => {
      if (aws === undefined) throw new Error("this run must not call AWS");
      return aws.clientsFor(region, auth);
    },
    now: () => new Date(now),
  };
}

export interface FakeAws {
  /** Clients for a region and a side's credentials, as verify-live's `clients` wants them. */
  clientsFor(region: string, auth: SideAuth): LiveClients;
  readonly calls: FakeCall[];
  /** Make every call of `operation` (e.g. `DescribeSecurityGroupRules`) fail with this error. */
  refuse(operation: string, error: Error): void;
  /** The source servers' launch state in a region as the fake holds it now: every template version, not only the default. */
  launchState(region: string): Required<Pick<LaunchCapture, "DescribeSourceServers" | "GetLaunchConfiguration">> & { readonly templates: Record<string, LaunchTemplateVersion[]> };
}

/** The launch state the fake changes, per region. */
interface LaunchState {
  DescribeSourceServers: NonNullable<LaunchCapture["DescribeSourceServers"]>;
  GetLaunchConfiguration: Record<string, LaunchConfiguration>;
  templates: Record<string, LaunchTemplateVersion[]>;
  /** Client tokens of CreateLaunchTemplateVersion, and the version each made. */
  tokens: Map<string, LaunchTemplateVersion>;
}

/** AWS answering from `capture`, `pageSize` items a page. */
export function fakeAws(capture: LiveCapture, pageSize = 2): FakeAws {
  const calls: FakeCall[] = [];
  const refusals = new Map<string, Error>();
  const launchStates = new Map<string, LaunchState>();
  const launchStateOf = (region: string): LaunchState => {
    let state = launchStates.get(region);
    if (state === undefined) {
      const ops = structuredClone((capture.regions[region] ?? {}) as LaunchCapture);
      state = {
        DescribeSourceServers: ops.DescribeSourceServers ?? { items: [] },
        GetLaunchConfiguration: { ...ops.GetLaunchConfiguration },
        templates: Object.fromEntries(Object.entries(ops.DescribeLaunchTemplateVersions ?? {}).map(([id, v]) => [id, v.LaunchTemplateVersions ?? []])),
        tokens: new Map(),
      };
      launchStates.set(region, state);
    }
    return state;
  };
  // The last field: whether EC2 pages the operation (DescribeAddresses returns every address at once).
  const ec2Lists: [new (input: never) => object, keyof RegionCapture, string, boolean?][] = [
    [DescribeVpcsCommand, "DescribeVpcs", "Vpcs"],
    [DescribeSubnetsCommand, "DescribeSubnets", "Subnets"],
    [DescribeRouteTablesCommand, "DescribeRouteTables", "RouteTables"],
    [DescribeVpcPeeringConnectionsCommand, "DescribeVpcPeeringConnections", "VpcPeeringConnections"],
    [DescribeVpcEndpointsCommand, "DescribeVpcEndpoints", "VpcEndpoints"],
    [DescribeSecurityGroupsCommand, "DescribeSecurityGroups", "SecurityGroups"],
    [DescribeSecurityGroupRulesCommand, "DescribeSecurityGroupRules", "SecurityGroupRules"],
    [DescribeNetworkAclsCommand, "DescribeNetworkAcls", "NetworkAcls"],
    [DescribeManagedPrefixListsCommand, "DescribeManagedPrefixLists", "PrefixLists"],
    [DescribeFlowLogsCommand, "DescribeFlowLogs", "FlowLogs"],
    [DescribeInternetGatewaysCommand, "DescribeInternetGateways", "InternetGateways"],
    [DescribeEgressOnlyInternetGatewaysCommand, "DescribeEgressOnlyInternetGateways", "EgressOnlyInternetGateways"],
    [DescribeNatGatewaysCommand, "DescribeNatGateways", "NatGateways"],
    [DescribeAddressesCommand, "DescribeAddresses", "Addresses", false],
    [DescribeNetworkInterfacesCommand, "DescribeNetworkInterfaces", "NetworkInterfaces"],
    [DescribeTransitGatewayVpcAttachmentsCommand, "DescribeTransitGatewayVpcAttachments", "TransitGatewayVpcAttachments"],
    [DescribeVpnGatewaysCommand, "DescribeVpnGateways", "VpnGateways", false],
    [DescribeVpnConnectionsCommand, "DescribeVpnConnections", "VpnConnections", false],
  ];
  const page = <T>(items: readonly T[], token: unknown) => {
    const start = typeof token === "string" ? Number(token) : 0;
    const next = start + pageSize < items.length ? String(start + pageSize) : undefined;
    return { items: items.slice(start, start + pageSize), next };
  };

  return {
    calls,
    refuse(operation, error) {
      refusals.set(operation, error);
    },
    launchState(region) {
      const { DescribeSourceServers, GetLaunchConfiguration, templates } = launchStateOf(region);
      return { DescribeSourceServers, GetLaunchConfiguration, templates };
    },
    clientsFor(region, auth) {
      const ops: RegionCapture = capture.regions[region] ?? {};
      const record = (operation: string, input: object) => {
        calls.push({ region, auth, operation, input: input as Record<string, unknown> });
        const refusal = refusals.get(operation);
        if (refusal !== undefined) throw refusal;
      };
      const ec2 = new EC2Client({ region });
      const ec2Mock = mockOf(ec2);
      for (const [command, operation, list, paged = true] of ec2Lists) {
        ec2Mock.on(command as never).callsFake((input: Record<string, unknown>) => {
          record(operation, input);
          const all = (((ops[operation] as Record<string, unknown> | undefined)?.[list] ?? []) as Record<string, unknown>[]).filter((item) => matches(item, (input.Filters ?? input.Filter) as Filter[] | undefined));
          const { items, next } = paged ? page(all, input.NextToken) : { items: all, next: undefined };
          return { [list]: structuredClone(items), ...(next !== undefined ? { NextToken: next } : {}), $metadata: {} };
        });
      }
      // Instances: the filters apply to each reservation's instances; a reservation left without any is not listed.
      ec2Mock.on(DescribeInstancesCommand as never).callsFake((input: { Filters?: Filter[]; NextToken?: string }) => {
        record("DescribeInstances", input);
        const all = (ops.DescribeInstances?.Reservations ?? [])
          .map((r) => ({ ...r, Instances: (r.Instances ?? []).filter((i) => matches(i as Record<string, unknown>, input.Filters)) }))
          .filter((r) => r.Instances.length > 0);
        const { items, next } = page(all, input.NextToken);
        return { Reservations: structuredClone(items), ...(next !== undefined ? { NextToken: next } : {}), $metadata: {} };
      });
      // Reachability Analyzer: every path is found (a test that wants otherwise mocks it itself), except from a peering
      // another account requested (the analysis runs in the accepter's): no organization is shared here, so the analyzer
      // refuses it. (AWS's own answer to that is not documented; the fake's error says it is the fake's.)
      let paths = 0;
      const createPath = (input: Record<string, unknown>) => {
        const pcx = String(input.Source).replace(/^arn:aws:ec2:[^:]*:\d*:vpc-peering-connection\//, "");
        const peering = ops.DescribeVpcPeeringConnections?.VpcPeeringConnections?.find((p) => p.VpcPeeringConnectionId === pcx);
        const [requester, accepter] = [peering?.RequesterVpcInfo?.OwnerId, peering?.AccepterVpcInfo?.OwnerId];
        if (requester !== accepter) throw Object.assign(new Error(`(fake AWS) ${pcx} belongs to ${requester}, and no organization is shared with ${accepter}`), { name: "FakeCrossAccountRefusal" });
        return { NetworkInsightsPath: { NetworkInsightsPathId: `nip-${region}-${++paths}` } };
      };
      const analyzer: [new (input: never) => object, string, (input: Record<string, unknown>) => unknown][] = [
        [CreateNetworkInsightsPathCommand, "CreateNetworkInsightsPath", createPath],
        [StartNetworkInsightsAnalysisCommand, "StartNetworkInsightsAnalysis", (i) => ({ NetworkInsightsAnalysis: { NetworkInsightsAnalysisId: `nia-${String(i.NetworkInsightsPathId)}`, Status: "succeeded", NetworkPathFound: true } })],
        [DescribeNetworkInsightsAnalysesCommand, "DescribeNetworkInsightsAnalyses", () => ({ NetworkInsightsAnalyses: [] })],
        [DeleteNetworkInsightsAnalysisCommand, "DeleteNetworkInsightsAnalysis", () => ({})],
        [DeleteNetworkInsightsPathCommand, "DeleteNetworkInsightsPath", () => ({})],
      ];
      for (const [command, operation, answer] of analyzer) {
        ec2Mock.on(command as never).callsFake(async (input: Record<string, unknown>) => {
          record(operation, input);
          return answer(input);
        });
      }
      // Launch templates: the default version, a new version from a source version, and the default moved.
      const notFound = (id: unknown) => Object.assign(new Error(`(fake AWS) The specified launch template, with template ID ${String(id)}, does not exist.`), { name: "InvalidLaunchTemplateId.NotFound" });
      ec2Mock.on(DescribeLaunchTemplateVersionsCommand as never).callsFake((input: { LaunchTemplateId?: string; Versions?: string[] }) => {
        record("DescribeLaunchTemplateVersions", input);
        const versions = launchStateOf(region).templates[String(input.LaunchTemplateId)];
        if (versions === undefined) throw notFound(input.LaunchTemplateId);
        const latest = Math.max(...versions.map((v) => v.VersionNumber ?? 0));
        const wanted = (input.Versions ?? []).map((v) => (v === "$Default" ? versions.find((x) => x.DefaultVersion === true)?.VersionNumber : v === "$Latest" ? latest : Number(v)));
        return { LaunchTemplateVersions: structuredClone(versions.filter((v) => wanted.length === 0 || wanted.includes(v.VersionNumber))), $metadata: {} };
      });
      ec2Mock.on(CreateLaunchTemplateVersionCommand as never).callsFake((input: { LaunchTemplateId?: string; SourceVersion?: string; VersionDescription?: string; ClientToken?: string; LaunchTemplateData?: Record<string, unknown> }) => {
        record("CreateLaunchTemplateVersion", input);
        const state = launchStateOf(region);
        const versions = state.templates[String(input.LaunchTemplateId)];
        if (versions === undefined) throw notFound(input.LaunchTemplateId);
        const again = input.ClientToken !== undefined ? state.tokens.get(input.ClientToken) : undefined;
        if (again !== undefined) return { LaunchTemplateVersion: structuredClone(again), $metadata: {} };
        const source = versions.find((v) => String(v.VersionNumber) === input.SourceVersion);
        if (source === undefined) throw Object.assign(new Error(`(fake AWS) no version ${input.SourceVersion}`), { name: "InvalidLaunchTemplateId.VersionNotFound" });
        const made: LaunchTemplateVersion = {
          ...structuredClone(source),
          VersionNumber: Math.max(...versions.map((v) => v.VersionNumber ?? 0)) + 1,
          VersionDescription: input.VersionDescription,
          DefaultVersion: false,
          LaunchTemplateData: { ...structuredClone(source.LaunchTemplateData), ...(structuredClone(input.LaunchTemplateData) as LaunchTemplateVersion["LaunchTemplateData"]) },
        };
        versions.push(made);
        if (input.ClientToken !== undefined) state.tokens.set(input.ClientToken, made);
        return { LaunchTemplateVersion: structuredClone(made), $metadata: {} };
      });
      ec2Mock.on(ModifyLaunchTemplateCommand as never).callsFake((input: { LaunchTemplateId?: string; DefaultVersion?: string }) => {
        record("ModifyLaunchTemplate", input);
        const versions = launchStateOf(region).templates[String(input.LaunchTemplateId)];
        if (versions === undefined) throw notFound(input.LaunchTemplateId);
        if (!versions.some((v) => String(v.VersionNumber) === input.DefaultVersion)) throw Object.assign(new Error(`(fake AWS) no version ${input.DefaultVersion}`), { name: "InvalidLaunchTemplateId.VersionNotFound" });
        for (const v of versions) v.DefaultVersion = String(v.VersionNumber) === input.DefaultVersion;
        return { LaunchTemplate: { LaunchTemplateId: input.LaunchTemplateId, DefaultVersionNumber: Number(input.DefaultVersion) }, $metadata: {} };
      });
      const route53 = new Route53Client({ region });
      const r53 = mockOf(route53);
      r53.on(ListHostedZonesByVPCCommand as never).callsFake((input: { VPCId?: string; NextToken?: string }) => {
        record("ListHostedZonesByVPC", input);
        const all = (ops.ListHostedZonesByVPC?.HostedZoneSummaries ?? []).filter(() => ops.GetHostedZone?.VPCs?.some((v) => v.VPCId === input.VPCId) ?? true);
        const { items, next } = page(all, input.NextToken);
        return { HostedZoneSummaries: items, MaxItems: pageSize, ...(next !== undefined ? { NextToken: next } : {}) };
      });
      r53.on(GetHostedZoneCommand as never).callsFake((input: { Id?: string }) => {
        record("GetHostedZone", input);
        const zone = ops.GetHostedZone;
        if (zone?.HostedZone?.Id !== `/hostedzone/${input.Id}`) throw Object.assign(new Error(`No hosted zone found with ID: ${input.Id}`), { name: "NoSuchHostedZone" });
        return structuredClone(zone);
      });
      r53.on(ListResourceRecordSetsCommand as never).callsFake((input: { StartRecordName?: string; StartRecordType?: string }) => {
        record("ListResourceRecordSets", input);
        const all = ops.ListResourceRecordSets?.ResourceRecordSets ?? [];
        const start = input.StartRecordName === undefined ? 0 : all.findIndex((r) => r.Name === input.StartRecordName && r.Type === input.StartRecordType);
        const items = all.slice(start, start + pageSize);
        const next = all[start + pageSize];
        return { ResourceRecordSets: structuredClone(items), IsTruncated: next !== undefined, MaxItems: pageSize, ...(next !== undefined ? { NextRecordName: next.Name, NextRecordType: next.Type } : {}) };
      });
      const drs = new DrsClient({ region });
      const drsMock = mockClient(drs);
      drsMock.on(DescribeReplicationConfigurationTemplatesCommand).callsFake((input) => {
        record("DescribeReplicationConfigurationTemplates", input);
        const { items, next } = page(ops.DescribeReplicationConfigurationTemplates?.items ?? [], input.nextToken);
        return { items: structuredClone(items), ...(next !== undefined ? { nextToken: next } : {}) };
      });
      // DRS's source servers and their launch configurations (DRS API reference: ResourceNotFoundException for an unknown server).
      const noServer = (id: unknown) => Object.assign(new Error(`(fake AWS) no source server ${String(id)}`), { name: "ResourceNotFoundException" });
      drsMock.on(DescribeSourceServersCommand).callsFake((input) => {
        record("DescribeSourceServers", input);
        const { items, next } = page(launchStateOf(region).DescribeSourceServers.items ?? [], input.nextToken);
        return { items: structuredClone(items), ...(next !== undefined ? { nextToken: next } : {}) };
      });
      drsMock.on(GetLaunchConfigurationCommand).callsFake((input) => {
        record("GetLaunchConfiguration", input);
        const configuration = launchStateOf(region).GetLaunchConfiguration[String(input.sourceServerID)];
        if (configuration === undefined) throw noServer(input.sourceServerID);
        return structuredClone(configuration);
      });
      drsMock.on(UpdateLaunchConfigurationCommand).callsFake((input) => {
        record("UpdateLaunchConfiguration", input);
        const state = launchStateOf(region);
        const { sourceServerID, ...changes } = input;
        const configuration = state.GetLaunchConfiguration[String(sourceServerID)];
        if (configuration === undefined) throw noServer(sourceServerID);
        state.GetLaunchConfiguration[String(sourceServerID)] = { ...configuration, ...structuredClone(changes) };
        return structuredClone(state.GetLaunchConfiguration[String(sourceServerID)]);
      });
      const route53resolver = new Route53ResolverClient({ region });
      const resolver = mockOf(route53resolver);
      resolver.on(ListResolverEndpointsCommand as never).callsFake((input: { Filters?: { Name?: string; Values?: string[] }[]; NextToken?: string }) => {
        record("ListResolverEndpoints", input);
        const all = (ops.ListResolverEndpoints?.ResolverEndpoints ?? []).filter((e) =>
          (input.Filters ?? []).every((f) => {
            const field = RESOLVER_FILTER_FIELDS[f.Name ?? ""];
            if (field === undefined) throw new Error(`the fake AWS does not know the resolver filter ${f.Name}`);
            return field(e as Record<string, unknown>).some((v) => (f.Values ?? []).includes(String(v)));
          }),
        );
        const { items, next } = page(all, input.NextToken);
        return { ResolverEndpoints: structuredClone(items), MaxResults: pageSize, ...(next !== undefined ? { NextToken: next } : {}) };
      });
      resolver.on(ListResolverEndpointIpAddressesCommand as never).callsFake((input: { ResolverEndpointId?: string; NextToken?: string }) => {
        record("ListResolverEndpointIpAddresses", input);
        const known = ops.ListResolverEndpointIpAddresses?.[String(input.ResolverEndpointId)];
        if (known === undefined) throw Object.assign(new Error(`(fake AWS) no resolver endpoint ${input.ResolverEndpointId}`), { name: "ResourceNotFoundException" });
        const { items, next } = page(known.IpAddresses ?? [], input.NextToken);
        return { IpAddresses: structuredClone(items), MaxResults: pageSize, ...(next !== undefined ? { NextToken: next } : {}) };
      });
      return { ec2, route53, drs, route53resolver };
    },
  };
}
