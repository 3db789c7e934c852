/**
 * The declared network's shape as the quota counter (lib/quotas.ts) reads it, from the settings and the facts the
 * preflight found: each side, each VPC's peerings, endpoints, route tables, network ACLs and security groups with the
 * rules the components give them (the same pure builders). Pure.
 */
import { subnetBlocks } from "./cidr";
import { POST_LAUNCH_ENDPOINT_SERVICES, recoveryGroupRules, recoveryNetworkAclRules } from "./recovery";
import type { Settings } from "../settings";
import { rolloutEndpointServices } from "./agentRollout";
import { NO_RULES, sourceNetworkAclRules, stagingNetworkAclRules } from "./networkAcl";
import type { QuotaInput, QuotaSide, QuotaSource } from "./quotas";
import { stagingPeerBlocks } from "./external";
import { externalPlan, stagingAclBlocks } from "./plan/external";
import { failbackSides } from "./plan/failback";
import { endpointGroupRules, replicationGroupRules, resolverGroupRules, sourceServerGroupRules, systemsManagerEndpointGroupRules } from "./securityGroups";

/** What the preflight knows besides the settings. */
export interface QuotaLayout {
  /** The DR side, and each source's side, in config order. */
  readonly dr: QuotaSide;
  readonly sourceSides: readonly QuotaSide[];
  /** The staging subnets' blocks, one per chosen zone. */
  readonly stagingSubnetCidrs: readonly string[];
  /** Each adopted route table's routes besides the local one and this stack's, by id, where read. */
  readonly adoptedRoutes: Readonly<Record<string, number>>;
  /** The account's usage (account/quotas.ts). */
  readonly existingVpcs: Readonly<Record<string, number>>;
  readonly madePeerings: Readonly<Record<string, number>>;
  readonly adoptedPeerings: Readonly<Record<string, number>>;
}

/** The logical name prefix of a source's VPC component: `source` for the shorthand's single source, else `source-<name>`. */
export const sourceComponentName = (key: string) => (key === "" ? "source" : `source-${key}`);

/** The Name tag of a source's peering, as the link gives it. */
export const peeringNameTag = (key: string) => (key === "" ? "link-peering" : `link-${key}-peering`);

/** The quota counter's input for these settings. */
export function quotaInput(settings: Settings, layout: QuotaLayout): QuotaInput {
  const staging = settings.staging.vpcCidr;
  // Every block the staging VPC admits: the source VPCs' and the external networks'.
  const sourceBlocks = stagingPeerBlocks(settings);
  const external = externalPlan(settings, layout.stagingSubnetCidrs.map((cidrBlock) => ({ availabilityZone: "", cidrBlock })));
  const stagingRules = stagingNetworkAclRules({ ...stagingAclBlocks(settings), stagingCidrBlock: staging });
  const rollout = settings.agentRollout;
  const sources = settings.sources.map((source, i): QuotaSource => {
    const created = source.vpc.kind === "create";
    const componentName = sourceComponentName(source.name);
    const rolloutName = source.name === "" ? "rollout" : `rollout-${source.name}`;
    // A side's key is `<account key>/<region>`, the account key empty for the DR account (program.ts, quotaSides).
    const otherAccount = !layout.sourceSides[i].key.startsWith("/");
    const rolloutEndpoints = rollout !== undefined && (created || rollout.adoptedVpcEndpoints) ? rolloutEndpointServices({ ...rollout, otherAccount }).length : 0;
    const groups = [
      ...(rolloutEndpoints > 0 ? [{ name: `${rolloutName}-ssm-endpoints-sg`, rules: systemsManagerEndpointGroupRules(source.vpc.vpcCidr) }] : []),
      ...(settings.replication !== undefined
        ? [
            {
              name: source.name === "" ? "replication-source-server-sg" : `replication-${source.name}-source-server-sg`,
              rules: sourceServerGroupRules({
                stagingSubnetCidrs: layout.stagingSubnetCidrs,
                packageRepositories: source.s3GatewayBuckets !== undefined,
                systemsManager: rollout === undefined ? undefined : rolloutEndpoints > 0 ? "rollout-endpoints" : { cidrBlock: source.vpc.vpcCidr },
              }),
            },
          ]
        : []),
    ];
    return {
      key: source.name,
      componentName,
      side: layout.sourceSides[i],
      created,
      packageRepositories: source.s3GatewayBuckets !== undefined,
      rolloutEndpoints,
      routeTables:
        source.vpc.kind === "create"
          ? [{ name: `${componentName}-rt`, existingRoutes: 0 }]
          : source.vpc.routeTableIds.map((id) => ({ name: id, existingRoutes: layout.adoptedRoutes[id] ?? 0 })),
      existingPeerings: created ? undefined : layout.adoptedPeerings[source.name],
      acl: created
        ? {
            name: `${componentName}-default-nacl`,
            rules: sourceNetworkAclRules({ sourceCidrBlock: source.vpc.vpcCidr, stagingCidrBlock: staging, s3GatewayEndpoint: source.s3GatewayBuckets !== undefined }),
          }
        : undefined,
      groups,
    };
  });
  return {
    dr: layout.dr,
    sources,
    stagingAcls: settings.stagingNetworkAcl
      ? [
          { name: "staging-nacl", rules: stagingRules },
          { name: "staging-default-nacl", rules: NO_RULES },
        ]
      : [{ name: "staging-default-nacl", rules: stagingRules }],
    ...(external?.attachmentNetworkAcl !== undefined ? { attachmentAcl: { name: "external-tgw-nacl", rules: external.attachmentNetworkAcl } } : {}),
    stagingGroups: [
      { name: "link-endpoints-sg", rules: endpointGroupRules(sourceBlocks, layout.stagingSubnetCidrs) },
      ...(settings.replication !== undefined ? [{ name: "replication-replication-sg", rules: replicationGroupRules(sourceBlocks) }] : []),
      ...(external?.resolver !== undefined ? [{ name: "external-resolver-sg", rules: resolverGroupRules(external.resolver.clientCidrBlocks) }] : []),
    ],
    externalRoutes: external?.routes.length ?? 0,
    ...(settings.recovery !== undefined ? { recovery: recoveryQuotaInput(settings.recovery, Object.values(settings.failback?.stagingVpcCidrs ?? {})) } : {}),
    ...(settings.failback !== undefined && settings.recovery !== undefined ? { failback: failbackQuotaInput(settings, settings.failback, layout) } : {}),
    privateHostedZone: settings.drsDnsMode === "private-hosted-zone",
    existingVpcs: layout.existingVpcs,
    madePeerings: layout.madePeerings,
  };
}

/** The recovery VPC's share: the VPC (when created), its Systems Manager endpoints and gateway endpoint, its group and ACL. */
function recoveryQuotaInput(recovery: NonNullable<Settings["recovery"]>, failbackBlocks: readonly string[]): NonNullable<QuotaInput["recovery"]> {
  const postLaunch = recovery.launch.postLaunchActions;
  const created = recovery.vpc.kind === "create";
  return {
    created,
    interfaceEndpoints: postLaunch ? POST_LAUNCH_ENDPOINT_SERVICES.length : 0,
    gatewayEndpoint: postLaunch,
    routeTables: created ? ["recovery-rt"] : [...recovery.vpc.routeTableIds],
    ...(created ? { acl: { name: "recovery-default-nacl", rules: recoveryNetworkAclRules(recovery.vpc.vpcCidr, recovery.ingress, postLaunch, failbackBlocks) } } : {}),
    groups: [
      { name: "recovery-instances-sg", rules: recoveryGroupRules(recovery.vpc.vpcCidr, recovery.ingress, postLaunch, failbackBlocks) },
      ...(postLaunch ? [{ name: "recovery-endpoints-sg", rules: systemsManagerEndpointGroupRules(recovery.vpc.vpcCidr) }] : []),
    ],
  };
}

/** Each source region's failback side: its VPC (through the region's first source's side), endpoints, ACL and groups. */
function failbackQuotaInput(settings: Settings, failback: NonNullable<Settings["failback"]>, layout: QuotaLayout): NonNullable<QuotaInput["failback"]> {
  const recoveryBlock = settings.recovery?.vpc.vpcCidr ?? "";
  return failbackSides(settings).flatMap(({ region, cidrBlock, sourceIndex: i }) => {
    const subnets = subnetBlocks(cidrBlock, settings.staging.subnetPrefixLength, layout.stagingSubnetCidrs.length);
    const sourceBlocks = [{ key: "", cidrBlock: recoveryBlock }];
    return [
      {
        region,
        side: layout.sourceSides[i],
        interfaceEndpoints: failback.mode === "standby" || failback.active ? 3 : 0,
        acl: { name: `failback-${region}-nacl`, rules: stagingNetworkAclRules({ sourceCidrBlocks: [recoveryBlock], stagingCidrBlock: cidrBlock }) },
        groups: [
          { name: `failback-${region}-link-endpoints-sg`, rules: endpointGroupRules(sourceBlocks, subnets) },
          { name: `failback-${region}-replication-sg`, rules: replicationGroupRules(sourceBlocks) },
        ],
      },
    ];
  });
}
