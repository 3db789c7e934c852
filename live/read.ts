/**
 * Reading the deployed network with the AWS SDK v3, read-only: the EC2 describe calls in every region the stack
 * uses, Route 53's private zone and DRS's replication templates on the DR side (and, with failback, in each source
 * region: its failback zone, templates and default launch template), and with sources outside AWS the
 * staging VPC's transit gateway attachments, virtual private gateways, VPNs and Route 53 Resolver endpoints. Every paged call is followed to its
 * last page and the pages merged; a region read with several credentials (sources in other accounts) gets the items
 * of every read, each once. With readiness, DRS's source servers in the DR region (read once, with the launch reads
 * where the recovery side has them) and, with the agent rollout, the EC2 instances it targets in each source region.
 * A refused call stops the run with the IAM action it needed (`LiveAccessError`).
 */
import {
  DescribeReplicationConfigurationTemplatesCommand,
  DescribeReplicationConfigurationTemplatesResponse,
  DescribeSourceServersCommand,
  DescribeSourceServersResponse,
  DrsClient,
  GetLaunchConfigurationCommand,
  LaunchConfiguration,
  SourceServer,
} from "@aws-sdk/client-drs";
import {
  DescribeAddressesCommand,
  DescribeInstancesResult,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplateVersionsResult,
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
  VpnConnection,
} from "@aws-sdk/client-ec2";
import { GetHostedZoneCommand, ListHostedZonesByVPCCommand, ListResourceRecordSetsCommand, Route53Client, VPCRegion } from "@aws-sdk/client-route-53";
import { ListResolverEndpointIpAddressesCommand, ListResolverEndpointIpAddressesResponse, ListResolverEndpointsCommand, Route53ResolverClient } from "@aws-sdk/client-route53resolver";
import { drsClientConfig } from "../components/drsInitialization";
import type { ServerState } from "../lib/launchSettings";
import type { LiveCapture, RegionCapture } from "../lib/verifier/aws";
import type { LaunchCapture } from "./launch";
import type { LivePlan, RegionRead, SideAuth } from "./scope";

/** The IAM actions verify-live calls: docs/verify-live.md's least-privilege policy lists exactly these. */
export const LIVE_PERMISSIONS = [
  "ec2:DescribeVpcs",
  "ec2:DescribeSubnets",
  "ec2:DescribeRouteTables",
  "ec2:DescribeVpcPeeringConnections",
  "ec2:DescribeVpcEndpoints",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeSecurityGroupRules",
  "ec2:DescribeNetworkAcls",
  "ec2:DescribeManagedPrefixLists",
  "ec2:DescribeFlowLogs",
  "ec2:DescribeInternetGateways",
  "ec2:DescribeEgressOnlyInternetGateways",
  "ec2:DescribeNatGateways",
  "ec2:DescribeAddresses",
  "ec2:DescribeNetworkInterfaces",
  "route53:ListHostedZonesByVPC",
  "route53:GetHostedZone",
  "route53:ListResourceRecordSets",
  "drs:DescribeReplicationConfigurationTemplates",
  "ec2:DescribeTransitGatewayVpcAttachments",
  "ec2:DescribeVpnGateways",
  "ec2:DescribeVpnConnections",
  "route53resolver:ListResolverEndpoints",
  "route53resolver:ListResolverEndpointIpAddresses",
  "drs:DescribeSourceServers",
  "drs:GetLaunchConfiguration",
  "ec2:DescribeLaunchTemplateVersions",
  "ec2:DescribeInstances",
] as const;

/** The clients for one side's credentials in one region. */
export interface LiveClients {
  readonly ec2: Pick<EC2Client, "send">;
  readonly route53: Pick<Route53Client, "send">;
  readonly drs: Pick<DrsClient, "send">;
  readonly route53resolver: Pick<Route53ResolverClient, "send">;
}

/**
 * A call AWS refused (`refused`: the identity lacks the permission), credentials that could not be had or that AWS
 * did not accept (`credentials`), or an endpoint that could not be reached (`unreachable`): names the permission, the
 * region and the side.
 */
export class LiveAccessError extends Error {
  readonly kind: "refused" | "credentials" | "unreachable";
  constructor(
    readonly permission: string,
    readonly region: string,
    readonly as: string,
    cause: unknown,
  ) {
    const name = (cause as { code?: string }).code ?? (cause as { name?: string }).name ?? "Error";
    const message = (cause as { message?: string }).message ?? String(cause);
    const kind = isCredentialsError(cause) ? "credentials" : isNetworkError(cause) ? "unreachable" : "refused";
    const messages = {
      credentials: `no usable AWS credentials for ${as} in ${region} (${name}: ${message})`,
      unreachable: `${permission} in ${region} as ${as} could not reach AWS: ${name}: ${message}`,
      refused: `${permission} in ${region} as ${as} was refused: ${name}: ${message}`,
    };
    super(messages[kind], { cause });
    this.name = "LiveAccessError";
    this.kind = kind;
  }
}

/** Node's and the SDK's errors for an endpoint that does not answer (no route, no DNS, refused, timed out). */
const NETWORK_ERRORS = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|TimeoutError|RequestTimeout)$/;

/** Whether an error means the service's endpoint could not be reached. */
export function isNetworkError(err: unknown): boolean {
  return NETWORK_ERRORS.test((err as { code?: string }).code ?? "") || NETWORK_ERRORS.test((err as { name?: string }).name ?? "");
}

/**
 * Errors that mean "these credentials are missing or not accepted", as the SDK's credential chain, STS, EC2, Route 53
 * and DRS name them (EC2 `AuthFailure`, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html;
 * STS `ExpiredToken`, `InvalidClientTokenId`; JSON services' `UnrecognizedClientException`), and a role that could not
 * be assumed (STS refusing `sts:AssumeRole` while the SDK gets the side's credentials).
 */
const CREDENTIALS_ERRORS = /^(CredentialsProviderError|ExpiredToken|ExpiredTokenException|InvalidClientTokenId|AuthFailure|UnrecognizedClientException|SignatureDoesNotMatch)$/;

/** Errors that mean "you may not", as EC2, Route 53, DRS and STS name them. */
const REFUSAL_ERRORS = /^(UnauthorizedOperation|AccessDenied|AccessDeniedException|NotAuthorized)$/;

function errorName(err: unknown): string {
  return (err as { name?: string }).name ?? (err as { Code?: string }).Code ?? "";
}

/** Whether an error is about the credentials themselves rather than what they may do. */
export function isCredentialsError(err: unknown): boolean {
  return CREDENTIALS_ERRORS.test(errorName(err)) || (REFUSAL_ERRORS.test(errorName(err)) && /sts:AssumeRole/.test(String((err as { message?: string }).message)));
}

/** Whether an error is a refusal or missing credentials (exit 2) rather than a fault. */
export function isAccessError(err: unknown): boolean {
  return REFUSAL_ERRORS.test(errorName(err)) || isCredentialsError(err);
}

/** Real SDK clients for a read. */
export function sdkClients(region: string, auth: SideAuth): LiveClients {
  // The same credentials as the stack's providers and its DRS initialization: the side's profile, then its role.
  const config = drsClientConfig(region, auth);
  // One credential provider serves the clients of several SDK releases; its type is the same in shape.
  const shared = config as unknown as { region: string; credentials?: never };
  return { ec2: new EC2Client(shared), route53: new Route53Client(shared), drs: new DrsClient(config), route53resolver: new Route53ResolverClient(shared) };
}

/** Every page of a call, merged: the list under `key` concatenated, the token and `$metadata` left out. */
async function allPages<O extends object>(call: (token: string | undefined) => Promise<O>, key: string, nextToken: (output: O) => string | undefined): Promise<O> {
  let merged: Record<string, unknown> | undefined;
  let token: string | undefined;
  do {
    const output = await call(token);
    const page: Record<string, unknown> = { ...(output as Record<string, unknown>) };
    delete page.$metadata;
    if (merged === undefined) merged = page;
    else merged[key] = [...((merged[key] as unknown[] | undefined) ?? []), ...((page[key] as unknown[] | undefined) ?? [])];
    token = nextToken(output);
  } while (token !== undefined && token !== "");
  for (const k of ["NextToken", "nextToken"]) delete merged[k];
  return merged as O;
}

/** EC2 filters take at most 200 values; longer lists are read in chunks. */
function chunks(values: readonly string[], size = 200): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}

/** A guard for calls in `region` as `as`: a refusal, missing credentials or an endpoint that does not answer becomes a `LiveAccessError`. */
export function guardFor(region: string, as: string): Guard {
  return async <T>(permission: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      if (isAccessError(err) || isNetworkError(err)) throw new LiveAccessError(permission, region, as, err);
      throw err;
    }
  };
}

/** Read one region with one side's credentials. */
export async function readRegion(read: RegionRead, clients: LiveClients): Promise<RegionCapture> {
  const { ec2 } = clients;
  const guard = guardFor(read.region, read.as);
  const byVpc: Filter[] = [{ Name: "vpc-id", Values: [...read.vpcIds] }];
  const ec2Pages = <O extends { NextToken?: string }>(permission: string, call: (token: string | undefined) => Promise<O>, key: string) =>
    guard(permission, () => allPages(call, key, (o) => o.NextToken));

  const capture: RegionCapture = {};
  capture.DescribeVpcs = await ec2Pages("ec2:DescribeVpcs", (NextToken) => ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "vpc-id", Values: [...read.vpcIds] }], NextToken })), "Vpcs");
  capture.DescribeSubnets = await ec2Pages("ec2:DescribeSubnets", (NextToken) => ec2.send(new DescribeSubnetsCommand({ Filters: byVpc, NextToken })), "Subnets");
  capture.DescribeRouteTables = await ec2Pages("ec2:DescribeRouteTables", (NextToken) => ec2.send(new DescribeRouteTablesCommand({ Filters: byVpc, NextToken })), "RouteTables");
  // A peering is listed from either end: requested by one of these VPCs, or accepted by one.
  const peerings = await Promise.all(
    ["requester-vpc-info.vpc-id", "accepter-vpc-info.vpc-id"].map((Name) =>
      ec2Pages("ec2:DescribeVpcPeeringConnections", (NextToken) => ec2.send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name, Values: [...read.vpcIds] }], NextToken })), "VpcPeeringConnections"),
    ),
  );
  capture.DescribeVpcPeeringConnections = { VpcPeeringConnections: unique(peerings.flatMap((p) => p.VpcPeeringConnections ?? []), (p) => p.VpcPeeringConnectionId) };
  capture.DescribeVpcEndpoints = await ec2Pages("ec2:DescribeVpcEndpoints", (NextToken) => ec2.send(new DescribeVpcEndpointsCommand({ Filters: byVpc, NextToken })), "VpcEndpoints");
  capture.DescribeSecurityGroups = await ec2Pages("ec2:DescribeSecurityGroups", (NextToken) => ec2.send(new DescribeSecurityGroupsCommand({ Filters: byVpc, NextToken })), "SecurityGroups");
  const groupIds = (capture.DescribeSecurityGroups.SecurityGroups ?? []).flatMap((g) => (g.GroupId !== undefined ? [g.GroupId] : []));
  const rules = [];
  for (const ids of groupIds.length > 0 ? chunks(groupIds) : []) {
    rules.push(await ec2Pages("ec2:DescribeSecurityGroupRules", (NextToken) => ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: ids }], NextToken })), "SecurityGroupRules"));
  }
  capture.DescribeSecurityGroupRules = { SecurityGroupRules: rules.flatMap((r) => r.SecurityGroupRules ?? []) };
  capture.DescribeNetworkAcls = await ec2Pages("ec2:DescribeNetworkAcls", (NextToken) => ec2.send(new DescribeNetworkAclsCommand({ Filters: byVpc, NextToken })), "NetworkAcls");
  capture.DescribeManagedPrefixLists = await ec2Pages(
    "ec2:DescribeManagedPrefixLists",
    (NextToken) => ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: "prefix-list-name", Values: [`com.amazonaws.${read.region}.s3`] }], NextToken })),
    "PrefixLists",
  );
  capture.DescribeFlowLogs = await ec2Pages("ec2:DescribeFlowLogs", (NextToken) => ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: "resource-id", Values: [...read.vpcIds] }], NextToken })), "FlowLogs");
  capture.DescribeInternetGateways = await ec2Pages(
    "ec2:DescribeInternetGateways",
    (NextToken) => ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: "attachment.vpc-id", Values: [...read.vpcIds] }], NextToken })),
    "InternetGateways",
  );
  // Egress-only gateways and Elastic IPs can be filtered only by tag, not by VPC: all of the region's are read, and the
  // model keeps those attached to (or associated with an interface in) the stack's VPCs. DescribeAddresses has no pages.
  capture.DescribeEgressOnlyInternetGateways = await ec2Pages(
    "ec2:DescribeEgressOnlyInternetGateways",
    (NextToken) => ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({ NextToken })),
    "EgressOnlyInternetGateways",
  );
  capture.DescribeNatGateways = await ec2Pages("ec2:DescribeNatGateways", (NextToken) => ec2.send(new DescribeNatGatewaysCommand({ Filter: byVpc, NextToken })), "NatGateways");
  const { $metadata: _addressesMetadata, ...addresses } = await guard("ec2:DescribeAddresses", () => ec2.send(new DescribeAddressesCommand({})));
  void _addressesMetadata;
  capture.DescribeAddresses = addresses;
  capture.DescribeNetworkInterfaces = await ec2Pages("ec2:DescribeNetworkInterfaces", (NextToken) => ec2.send(new DescribeNetworkInterfacesCommand({ Filters: byVpc, NextToken })), "NetworkInterfaces");

  if (read.drSide) {
    Object.assign(capture, await readZone({ region: read.region, vpcId: read.vpcIds[0], zoneId: read.zoneId }, clients, guard));
    capture.DescribeReplicationConfigurationTemplates = await readTemplates(clients, guard);
  }
  if (read.drSide && read.external !== undefined) Object.assign(capture, await readConnections(read, clients, guard), await readResolvers(read, clients, guard));
  if (read.drSide && read.launch !== undefined) Object.assign(capture, await readLaunch(clients, guard, read.launch.recoverySubnetIds, read.launch.defaultLaunchTemplateId));
  // Readiness's servers are the launch reads' where there are any: read once.
  else if (read.drSide && read.sourceServers === true) Object.assign(capture, { DescribeSourceServers: await readSourceServers(clients, guard) } satisfies LaunchCapture);
  if (read.rolloutTargets !== undefined) capture.DescribeInstances = await readRolloutTargets(read.rolloutTargets, clients, ec2Pages);
  if (read.failback !== undefined) Object.assign(capture, await readFailback(read, read.failback, clients, guard, capture));
  return capture;
}

/** A guarded call: its failure is a `LiveAccessError` naming the permission, where it is one. */
export type Guard = <T>(permission: string, call: () => Promise<T>) => Promise<T>;

/** EC2's answers for a launch template, or its version, that is not there (EC2 API reference, error codes). */
const TEMPLATE_GONE = /^InvalidLaunchTemplate(Id\.NotFound|Id\.VersionNotFound|Name\.NotFoundException)$/;

/** At most `limit` calls at once, the results in the input's order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, call: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await call(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One server's launch configuration (DRS `GetLaunchConfiguration`), `undefined` when DRS has none for it. */
export async function readLaunchConfiguration({ drs }: Pick<LiveClients, "drs">, guard: Guard, sourceServerID: string): Promise<LaunchConfiguration | undefined> {
  try {
    const { $metadata: _metadata, ...configuration } = await guard("drs:GetLaunchConfiguration", () => drs.send(new GetLaunchConfigurationCommand({ sourceServerID })));
    void _metadata;
    return configuration;
  } catch (err) {
    if (errorName(err) === "ResourceNotFoundException") return undefined;
    throw err;
  }
}

/** The default version of an EC2 launch template (`Versions: ["$Default"]`), `undefined` when the template is gone. */
export async function readDefaultVersion({ ec2 }: Pick<LiveClients, "ec2">, guard: Guard, launchTemplateId: string): Promise<DescribeLaunchTemplateVersionsResult | undefined> {
  try {
    return await guard("ec2:DescribeLaunchTemplateVersions", () =>
      allPages((NextToken) => ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: launchTemplateId, Versions: ["$Default"], ...(NextToken !== undefined ? { NextToken } : {}) })), "LaunchTemplateVersions", (o) => o.NextToken),
    );
  } catch (err) {
    if (TEMPLATE_GONE.test(errorName(err))) return undefined;
    throw err;
  }
}

/** One server's state again (after changing it): its launch configuration and its template's default version. */
export async function readServerState(clients: Pick<LiveClients, "drs" | "ec2">, guard: Guard, server: SourceServer): Promise<ServerState> {
  const configuration = server.sourceServerID !== undefined ? await readLaunchConfiguration(clients, guard, server.sourceServerID) : undefined;
  const versions = configuration?.ec2LaunchTemplateID !== undefined ? await readDefaultVersion(clients, guard, configuration.ec2LaunchTemplateID) : undefined;
  const template = versions?.LaunchTemplateVersions?.find((v) => v.DefaultVersion === true) ?? versions?.LaunchTemplateVersions?.[0];
  return { server, ...(configuration !== undefined ? { configuration } : {}), ...(template !== undefined ? { template } : {}) };
}

/**
 * DRS's source servers in the region (every page; an account where DRS is not initialized has none), each one's launch
 * configuration and the default version of each one's EC2 launch template, ten at a time; with `recoverySubnetIds`
 * also those subnets, for their blocks (copyPrivateIp); with `defaultLaunchTemplateId` that template's default version
 * too, kept beside the servers' templates.
 */
export async function readLaunch(clients: Pick<LiveClients, "drs" | "ec2">, guard: Guard, recoverySubnetIds?: readonly string[], defaultLaunchTemplateId?: string): Promise<LaunchCapture> {
  const { ec2 } = clients;
  const servers = await readSourceServers(clients, guard);
  const ids = (servers.items ?? []).flatMap((s) => (s.sourceServerID !== undefined ? [s.sourceServerID] : []));
  const configurations: Record<string, LaunchConfiguration> = {};
  for (const [i, c] of (await mapLimited(ids, 10, (id) => readLaunchConfiguration(clients, guard, id))).entries()) if (c !== undefined) configurations[ids[i]] = c;
  // Each server's template, and the account's default one (which DRS copies to new servers; lib/verifier/aws judges it).
  const templateIds = [...new Set([...Object.values(configurations).flatMap((c) => (c.ec2LaunchTemplateID ? [c.ec2LaunchTemplateID] : [])), ...(defaultLaunchTemplateId !== undefined ? [defaultLaunchTemplateId] : [])])];
  const versions: Record<string, DescribeLaunchTemplateVersionsResult> = {};
  for (const [i, v] of (await mapLimited(templateIds, 10, (id) => readDefaultVersion(clients, guard, id))).entries()) if (v !== undefined) versions[templateIds[i]] = v;
  const capture: LaunchCapture = { DescribeSourceServers: servers, GetLaunchConfiguration: configurations, DescribeLaunchTemplateVersions: versions };
  if (recoverySubnetIds !== undefined && recoverySubnetIds.length > 0) {
    capture.RecoverySubnets = await guard("ec2:DescribeSubnets", () =>
      allPages((NextToken) => ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "subnet-id", Values: [...recoverySubnetIds] }], ...(NextToken !== undefined ? { NextToken } : {}) })), "Subnets", (o) => o.NextToken),
    );
  }
  return capture;
}

/** DRS's source servers in the region, every page merged; an account where DRS is not initialized has none. */
export async function readSourceServers({ drs }: Pick<LiveClients, "drs">, guard: Guard): Promise<DescribeSourceServersResponse> {
  try {
    return await guard("drs:DescribeSourceServers", () => allPages((nextToken) => drs.send(new DescribeSourceServersCommand({ filters: {}, ...(nextToken !== undefined ? { nextToken } : {}) })), "items", (o) => o.nextToken));
  } catch (err) {
    if (errorName(err) !== "UninitializedAccountException") throw err;
    return { items: [] };
  }
}

/**
 * The region's EC2 instances the agent rollout targets, as its association does (the tag, across the region, not only
 * the source VPCs), running or stopped (a terminated or pending one is no server to protect), every page merged.
 */
async function readRolloutTargets(
  tag: NonNullable<RegionRead["rolloutTargets"]>,
  { ec2 }: LiveClients,
  ec2Pages: <O extends { NextToken?: string }>(permission: string, call: (token: string | undefined) => Promise<O>, key: string) => Promise<O>,
): Promise<DescribeInstancesResult> {
  const Filters: Filter[] = [
    { Name: `tag:${tag.key}`, Values: [tag.value] },
    { Name: "instance-state-name", Values: ["running", "stopped"] },
  ];
  return ec2Pages("ec2:DescribeInstances", (NextToken) => ec2.send(new DescribeInstancesCommand({ Filters, NextToken })), "Reservations");
}

/**
 * The staging VPC's connections to the networks outside AWS: its transit gateway attachments (paged), the virtual
 * private gateways attached to it and those the configuration gives (by id: one not attached is still listed), and
 * the VPNs on them. DescribeVpnGateways and DescribeVpnConnections have no pages (EC2 API reference).
 */
async function readConnections(read: RegionRead, { ec2 }: LiveClients, guard: Guard): Promise<Partial<RegionCapture>> {
  const stagingVpcId = read.vpcIds[0];
  const attachments = await guard("ec2:DescribeTransitGatewayVpcAttachments", () =>
    allPages((NextToken) => ec2.send(new DescribeTransitGatewayVpcAttachmentsCommand({ Filters: [{ Name: "vpc-id", Values: [stagingVpcId] }], NextToken })), "TransitGatewayVpcAttachments", (o) => o.NextToken),
  );
  const given = read.external?.vpnGatewayIds ?? [];
  const filters: Filter[][] = [[{ Name: "attachment.vpc-id", Values: [stagingVpcId] }], ...(given.length > 0 ? [[{ Name: "vpn-gateway-id", Values: [...given] }]] : [])];
  const gateways = await Promise.all(filters.map((Filters) => guard("ec2:DescribeVpnGateways", () => ec2.send(new DescribeVpnGatewaysCommand({ Filters })))));
  const vpnGateways = unique(gateways.flatMap((g) => g.VpnGateways ?? []), (g) => g.VpnGatewayId);
  const gatewayIds = vpnGateways.flatMap((g) => g.VpnGatewayId ?? []);
  const vpns = gatewayIds.length > 0 ? await guard("ec2:DescribeVpnConnections", () => ec2.send(new DescribeVpnConnectionsCommand({ Filters: [{ Name: "vpn-gateway-id", Values: gatewayIds }] }))) : { VpnConnections: [] };
  const { $metadata: _attachmentsMetadata, ...transitGatewayVpcAttachments } = attachments as typeof attachments & { $metadata?: unknown };
  void _attachmentsMetadata;
  return {
    DescribeTransitGatewayVpcAttachments: transitGatewayVpcAttachments,
    DescribeVpnGateways: { VpnGateways: vpnGateways },
    DescribeVpnConnections: { VpnConnections: (vpns.VpnConnections ?? []).map(withoutSecrets) },
  };
}

/**
 * A VPN as the capture keeps it: never its customer gateway configuration nor its tunnels' options, which hold the
 * pre-shared keys (EC2 API reference, VpnConnection `CustomerGatewayConfiguration`, TunnelOption `PreSharedKey`).
 */
function withoutSecrets(v: VpnConnection): VpnConnection {
  const { VpnConnectionId, VpnGatewayId, TransitGatewayId, CustomerGatewayId, State, Type, Category, Routes, VgwTelemetry, Tags, Options } = v;
  const options = Options === undefined ? undefined : defined({ StaticRoutesOnly: Options.StaticRoutesOnly, LocalIpv4NetworkCidr: Options.LocalIpv4NetworkCidr, RemoteIpv4NetworkCidr: Options.RemoteIpv4NetworkCidr });
  return defined({ VpnConnectionId, VpnGatewayId, TransitGatewayId, CustomerGatewayId, State, Type, Category, Routes, VgwTelemetry, Tags, Options: options });
}

/** An object without its undefined fields, as the SDK leaves out what AWS did not send. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The staging VPC's Route 53 Resolver endpoints, and each one's addresses (both paged). */
async function readResolvers(read: RegionRead, { route53resolver }: LiveClients, guard: Guard): Promise<Partial<RegionCapture>> {
  const stagingVpcId = read.vpcIds[0];
  const listed = await guard("route53resolver:ListResolverEndpoints", () =>
    allPages((NextToken) => route53resolver.send(new ListResolverEndpointsCommand({ Filters: [{ Name: "HostVPCId", Values: [stagingVpcId] }], NextToken })), "ResolverEndpoints", (o) => o.NextToken),
  );
  const addresses: Record<string, ListResolverEndpointIpAddressesResponse> = {};
  for (const id of (listed.ResolverEndpoints ?? []).flatMap((e) => e.Id ?? [])) {
    addresses[id] = await guard("route53resolver:ListResolverEndpointIpAddresses", () =>
      allPages((NextToken) => route53resolver.send(new ListResolverEndpointIpAddressesCommand({ ResolverEndpointId: id, NextToken })), "IpAddresses", (o) => o.NextToken),
    );
  }
  return { ListResolverEndpoints: listed, ListResolverEndpointIpAddresses: addresses };
}

/**
 * Failback's reads in a source region: the zone `drs.<region>.amazonaws.com` (the stack's, else the one associated
 * with the failback staging VPC), DRS's replication templates of the region, and the default version of the region's
 * default launch template (`undefined`, left out, where it is gone). Where the region is the DR region too, its zone
 * and templates are the DR side's reads.
 */
async function readFailback(read: RegionRead, failback: NonNullable<RegionRead["failback"]>, clients: LiveClients, guard: Guard, so: RegionCapture): Promise<Partial<RegionCapture>> {
  const capture: Partial<RegionCapture> = {};
  if (!read.drSide) {
    Object.assign(capture, await readZone({ region: read.region, vpcId: failback.stagingVpcId, zoneId: failback.zoneId }, clients, guard));
    capture.DescribeReplicationConfigurationTemplates = await readTemplates(clients, guard);
  }
  const id = failback.defaultLaunchTemplateId;
  if (id !== undefined) {
    const versions = await readDefaultVersion(clients, guard, id);
    capture.DescribeLaunchTemplateVersions = { ...so.DescribeLaunchTemplateVersions, ...(versions !== undefined ? { [id]: versions } : {}) };
  }
  return capture;
}

/** The private zone for `drs.<region>.amazonaws.com`: the stack's (`zoneId`), else the one associated with the VPC (the staging VPC, or a failback staging VPC). */
async function readZone(where: { readonly region: string; readonly vpcId: string; readonly zoneId?: string }, { route53 }: LiveClients, guard: <T>(permission: string, call: () => Promise<T>) => Promise<T>): Promise<Partial<RegionCapture>> {
  const byVpc = await guard("route53:ListHostedZonesByVPC", () =>
    allPages((NextToken) => route53.send(new ListHostedZonesByVPCCommand({ VPCId: where.vpcId, VPCRegion: where.region as VPCRegion, NextToken })), "HostedZoneSummaries", (o) => o.NextToken),
  );
  const zoneName = `drs.${where.region}.amazonaws.com.`;
  const zoneId = where.zoneId ?? byVpc.HostedZoneSummaries?.find((z) => z.Name === zoneName)?.HostedZoneId;
  if (zoneId === undefined) return { ListHostedZonesByVPC: byVpc };
  let zone;
  try {
    zone = await guard("route53:GetHostedZone", () => route53.send(new GetHostedZoneCommand({ Id: zoneId })));
  } catch (err) {
    // The stack's zone deleted: nothing more to read; the verdicts and the drift say so.
    if ((err as { name?: string }).name === "NoSuchHostedZone") return { ListHostedZonesByVPC: byVpc };
    throw err;
  }
  const { $metadata: _zoneMetadata, ...hostedZone } = zone;
  void _zoneMetadata;
  const records = await guard("route53:ListResourceRecordSets", async () => {
    const all = [];
    let next: { StartRecordName?: string; StartRecordType?: never; StartRecordIdentifier?: string } = {};
    for (;;) {
      const page = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, ...next }));
      all.push(...(page.ResourceRecordSets ?? []));
      if (page.IsTruncated !== true) return { ResourceRecordSets: all, IsTruncated: false, MaxItems: page.MaxItems };
      next = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType as never, ...(page.NextRecordIdentifier !== undefined ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}) };
    }
  });
  return { ListHostedZonesByVPC: byVpc, GetHostedZone: hostedZone, ListResourceRecordSets: records };
}

/** DRS's replication templates; an account where DRS is not initialized has none. */
async function readTemplates({ drs }: LiveClients, guard: <T>(permission: string, call: () => Promise<T>) => Promise<T>): Promise<DescribeReplicationConfigurationTemplatesResponse> {
  try {
    return await guard("drs:DescribeReplicationConfigurationTemplates", () =>
      allPages((nextToken) => drs.send(new DescribeReplicationConfigurationTemplatesCommand({ nextToken })), "items", (o) => o.nextToken),
    );
  } catch (err) {
    if ((err as { name?: string }).name === "UninitializedAccountException") return { items: [] };
    throw err;
  }
}

/** Read every region of the plan and merge what each read returned. */
export async function readLive(plan: LivePlan, clientsFor: (region: string, auth: SideAuth) => LiveClients = sdkClients, now: () => Date = () => new Date()): Promise<LiveCapture> {
  const regions: Record<string, RegionCapture> = {};
  const captures = await Promise.all(plan.reads.map(async (read) => ({ read, capture: await readRegion(read, clientsFor(read.region, read.auth)) })));
  for (const { read, capture } of captures) regions[read.region] = mergeRegion(regions[read.region], capture);
  return { capturedAt: now().toISOString(), regions };
}

/** The id of each listed item, per operation, to keep one copy when two reads of a region return it. */
const ITEM_IDS: { readonly [K in keyof RegionCapture]?: readonly [string, string] } = {
  DescribeVpcs: ["Vpcs", "VpcId"],
  DescribeSubnets: ["Subnets", "SubnetId"],
  DescribeRouteTables: ["RouteTables", "RouteTableId"],
  DescribeVpcPeeringConnections: ["VpcPeeringConnections", "VpcPeeringConnectionId"],
  DescribeVpcEndpoints: ["VpcEndpoints", "VpcEndpointId"],
  DescribeSecurityGroups: ["SecurityGroups", "GroupId"],
  DescribeSecurityGroupRules: ["SecurityGroupRules", "SecurityGroupRuleId"],
  DescribeNetworkAcls: ["NetworkAcls", "NetworkAclId"],
  DescribeManagedPrefixLists: ["PrefixLists", "PrefixListId"],
  DescribeFlowLogs: ["FlowLogs", "FlowLogId"],
  DescribeInternetGateways: ["InternetGateways", "InternetGatewayId"],
  DescribeEgressOnlyInternetGateways: ["EgressOnlyInternetGateways", "EgressOnlyInternetGatewayId"],
  DescribeNatGateways: ["NatGateways", "NatGatewayId"],
  DescribeAddresses: ["Addresses", "AllocationId"],
  DescribeNetworkInterfaces: ["NetworkInterfaces", "NetworkInterfaceId"],
  DescribeInstances: ["Reservations", "ReservationId"],
  DescribeReplicationConfigurationTemplates: ["items", "replicationConfigurationTemplateID"],
  ListHostedZonesByVPC: ["HostedZoneSummaries", "HostedZoneId"],
  DescribeTransitGatewayVpcAttachments: ["TransitGatewayVpcAttachments", "TransitGatewayAttachmentId"],
  DescribeVpnGateways: ["VpnGateways", "VpnGatewayId"],
  DescribeVpnConnections: ["VpnConnections", "VpnConnectionId"],
  ListResolverEndpoints: ["ResolverEndpoints", "Id"],
};

function mergeRegion(into: RegionCapture | undefined, from: RegionCapture): RegionCapture {
  if (into === undefined) return from;
  const merged: Record<string, unknown> = { ...into };
  for (const [op, output] of Object.entries(from) as [keyof RegionCapture, Record<string, unknown>][]) {
    const ids = ITEM_IDS[op];
    const existing = merged[op] as Record<string, unknown> | undefined;
    if (existing === undefined || ids === undefined) {
      merged[op] ??= output;
      continue;
    }
    const [list, id] = ids;
    merged[op] = { ...existing, [list]: unique([...((existing[list] as Record<string, unknown>[]) ?? []), ...((output[list] as Record<string, unknown>[]) ?? [])], (item) => item[id] as string | undefined) };
  }
  return merged as RegionCapture;
}

function unique<T>(items: readonly T[], key: (item: T) => string | undefined): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (k === undefined) return true;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
