/**
 * The last pass: every field valid, and no cross-field problem, turned into `Settings` (types.ts): the sources as
 * one list whichever way the config gave them, each VPC created or adopted, each feature's settings where it is on.
 * Sources: DRS's buckets and the package repositories' from lib/endpointPolicies.ts. Pure.
 */
import { drsBuckets, packageRepositoryBuckets } from "../lib/endpointPolicies";
import type { Fields } from "./schema";
import { parsePorts, PortRange } from "../lib/recovery";
import { DEFAULTS } from "./defaults";
import { readinessOf } from "./readinessSchema";
import type { AgentRolloutSettings, AvailabilityZoneChoice, ExternalConnection, ExternalSourceSettings, RecoverySettings, ReplicationSettings, Settings, SourceSettings } from "./types";

/** The settings of valid fields, but for the secret keys, which `parseSettings` adds. */
export function toSettings(f: Fields): Omit<Settings, "secretKeys"> {
  return {
    drRegion: f.drRegion,
    sources: sourcesOf(f),
    externalSources: externalSourcesOf(f),
    drProvider: f.drProvider,
    staging: {
      vpcCidr: f.stagingVpcCidr,
      subnetPrefixLength: f.subnetPrefixLength,
      availabilityZones: zoneChoice(f, f.stagingAvailabilityZones),
    },
    tags: f.tags,
    drsDnsMode: f.drsDnsMode,
    s3EndpointBuckets: [...drsBuckets(f.drRegion), ...f.s3EndpointExtraBuckets],
    replication: f.replication.enabled ? replicationOf(f.replication) : undefined,
    flowLogs: f.flowLogs.enabled
      ? { retentionDays: f.flowLogs.retentionDays, stagingKmsKeyArn: f.flowLogs.stagingKmsKeyArn, createKeys: f.flowLogs.kms === "create" }
      : undefined,
    stagingNetworkAcl: f.stagingNetworkAcl,
    quotaIncreases: f.quotaIncreases,
    agentRollout: f.agentRollout.enabled ? agentRolloutOf(f.agentRollout) : undefined,
    recovery: f.recovery.enabled ? recoveryOf(f) : undefined,
    readiness: readinessOf(f.readiness),
    ...(f.estimate !== undefined ? { estimate: f.estimate } : {}),
    failback: f.failback.enabled ? { mode: f.failback.mode, active: f.failback.active, stagingVpcCidrs: { ...f.failback.stagingVpcCidrs }, templateIds: { ...f.failback.templateIds } } : undefined,
  };
}

/** The recovery side's settings, from a `recovery` that is enabled. */
function recoveryOf(f: Fields): RecoverySettings {
  const r = f.recovery;
  return {
    vpc:
      r.vpc !== undefined
        ? { kind: "adopt", vpcId: r.vpc.vpcId, vpcCidr: r.vpc.cidrBlock, subnetIds: r.vpc.subnetIds, routeTableIds: r.vpc.routeTableIds }
        : { kind: "create", vpcCidr: r.vpcCidr ?? DEFAULTS.recoveryVpcCidr, subnetPrefixLength: f.subnetPrefixLength, availabilityZones: { count: r.availabilityZoneCount ?? f.availabilityZoneCount } },
    ingress: r.ingress.map((i) => ({ protocol: i.protocol, ports: parsePorts(i.ports) as PortRange, cidrBlock: i.from, description: i.description })),
    launch: { ...r.launch },
  };
}

/** A VPC's zones: the names given, or the first `availabilityZoneCount` of its region. */
function zoneChoice(f: Fields, names: readonly string[] | undefined): AvailabilityZoneChoice {
  return names !== undefined ? { names } : { count: f.availabilityZoneCount };
}

/** The sources in config order: the `sources` list, or the single source of the shorthand keys, named "". */
function sourcesOf(f: Fields): SourceSettings[] {
  const vpcOf = (adopt: Fields["sourceVpc"], cidr: string, names: readonly string[] | undefined): SourceSettings["vpc"] =>
    adopt !== undefined
      ? { kind: "adopt", vpcId: adopt.vpcId, vpcCidr: adopt.cidrBlock, routeTableIds: adopt.routeTableIds, subnetIds: adopt.subnetIds }
      : { kind: "create", vpcCidr: cidr, subnetPrefixLength: f.subnetPrefixLength, availabilityZones: zoneChoice(f, names) };
  // The package-repository endpoint: on by default where the program creates the VPC; an adopted VPC may have its own.
  const repositories = (region: string, adopted: boolean) =>
    (f.sourceS3GatewayEndpoint.enabled ?? !adopted) ? (f.sourceS3GatewayEndpoint.buckets ?? packageRepositoryBuckets(region)) : undefined;
  return f.sources !== undefined
    ? f.sources.flatMap((s, configIndex) => {
        if (s.external !== undefined) return [];
        const region = s.region as string;
        return [
          {
            name: s.name,
            configIndex,
            region,
            vpc: vpcOf(s.vpc, s.vpcCidr ?? "", s.availabilityZones),
            s3GatewayBuckets: repositories(region, s.vpc !== undefined),
            flowLogsKmsKeyArn: s.flowLogsKmsKeyArn,
            provider: s.provider,
          },
        ];
      })
    : [
        {
          name: "",
          configIndex: 0,
          region: f.sourceRegion as string,
          vpc: vpcOf(f.sourceVpc, f.sourceVpcCidr, f.sourceAvailabilityZones),
          s3GatewayBuckets: repositories(f.sourceRegion as string, f.sourceVpc !== undefined),
          flowLogsKmsKeyArn: f.flowLogs.sourceKmsKeyArn,
          provider: f.sourceProvider,
        },
      ];
}

/** The `sources` list's networks outside AWS, in config order. */
function externalSourcesOf(f: Fields): ExternalSourceSettings[] {
  return (f.sources ?? []).flatMap((s, configIndex) => {
    const e = s.external;
    if (e === undefined) return [];
    const c = e.connection;
    const connection: ExternalConnection =
      c.transitGatewayId !== undefined
        ? { kind: "transit-gateway", transitGatewayId: c.transitGatewayId }
        : c.vpnGatewayId !== undefined
          ? { kind: "vpn-gateway", vpnGatewayId: c.vpnGatewayId }
          : { kind: "site-to-site-vpn", ...(c.siteToSiteVpn as NonNullable<typeof c.siteToSiteVpn>) };
    return [{ name: s.name, configIndex, cidrBlocks: e.cidrBlocks, connection, dns: e.dns }];
  });
}

/** DRS replication's settings, from a `replication` that is enabled. */
function replicationOf(r: Fields["replication"]): ReplicationSettings {
  return {
    initializeService: r.initializeService,
    failback: r.failback,
    templateId: r.templateId,
    instanceType: r.instanceType,
    pitRetentionDays: r.pitRetentionDays,
    ebsKmsKeyArn: r.ebsKmsKeyArn,
    stagingDiskType: r.stagingDiskType,
    bandwidthThrottlingMbps: r.bandwidthThrottlingMbps,
    useDedicatedReplicationServer: r.useDedicatedReplicationServer,
    stagingAreaTags: r.stagingAreaTags,
  };
}

/** The agent rollout's settings, from an `agentRollout` that is enabled. */
function agentRolloutOf(a: Fields["agentRollout"]): AgentRolloutSettings {
  return {
    targetTag: { key: a.targetTagKey, value: a.targetTagValue },
    maxConcurrency: a.maxConcurrency,
    maxErrors: a.maxErrors,
    schedule: a.schedule,
    logRetentionDays: a.logRetentionDays,
    ec2MessagesEndpoint: a.ec2MessagesEndpoint,
    adoptedVpcEndpoints: a.adoptedVpcEndpoints,
    marketplaceAmis: a.marketplaceAmis,
  };
}
