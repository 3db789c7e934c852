/**
 * AWS's quotas that bind this network, what the declared network needs of each, and the judgment: every quota that
 * does not fit is one problem, with the command that raises it. Pure: the program reads the applied values and the
 * account's usage (account/quotas.ts) and the synth prints the rows.
 *
 * Quotas: Amazon VPC quotas https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html, VPC peering
 * quotas https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-connection-quotas.html, AWS PrivateLink quotas
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html, Route 53 quotas
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html. Each is per account and Region
 * (Route 53's is global, read in us-east-1); a per-resource quota, once raised, is raised for every resource of the
 * Region.
 */
import type { NetworkAclRules } from "./networkAcl";
import { GroupRules, ruleCount } from "./securityGroups";

/** One quota as Service Quotas knows it. */
export interface QuotaSpec {
  readonly serviceCode: "vpc" | "route53";
  readonly code: string;
  /** AWS's name for it in Service Quotas. */
  readonly name: string;
  /** AWS's default value. */
  readonly defaultValue: number;
  /** Whether AWS raises it on request. */
  readonly adjustable: boolean;
  /** The highest value AWS grants, where its pages give one. */
  readonly maximum?: number;
  /** What limits the maximum, where it is not a plain number. */
  readonly maximumNote?: string;
  /** The error the EC2 or Route 53 API answers with when the quota is exceeded. */
  readonly error: string;
  /** Read in us-east-1 whatever the network's regions (a global quota). */
  readonly global?: boolean;
}

/** The quotas, by a short key. */
export const QUOTAS = {
  vpcsPerRegion: { serviceCode: "vpc", code: "L-F678F1CE", name: "VPCs per Region", defaultValue: 5, adjustable: true, error: "VpcLimitExceeded" },
  gatewayEndpointsPerRegion: { serviceCode: "vpc", code: "L-1B52E74A", name: "Gateway VPC endpoints per Region", defaultValue: 20, adjustable: true, error: "VpcEndpointLimitExceeded" },
  interfaceEndpointsPerVpc: { serviceCode: "vpc", code: "L-29B6F2EB", name: "Interface VPC endpoints per VPC", defaultValue: 50, adjustable: true, error: "VpcEndpointLimitExceeded" },
  activePeeringsPerVpc: {
    serviceCode: "vpc",
    code: "L-7E9ECCDB",
    name: "Active VPC peering connections per VPC",
    defaultValue: 50,
    adjustable: true,
    maximum: 125,
    error: "ActiveVpcPeeringConnectionPerVpcLimitExceeded",
  },
  outstandingPeerings: { serviceCode: "vpc", code: "L-DC9F7029", name: "Outstanding VPC peering connection requests", defaultValue: 25, adjustable: true, error: "OutstandingVpcPeeringConnectionLimitExceeded" },
  routesPerTable: { serviceCode: "vpc", code: "L-93826ACB", name: "Routes per route table", defaultValue: 500, adjustable: true, maximum: 1000, error: "RouteLimitExceeded" },
  rulesPerAcl: { serviceCode: "vpc", code: "L-2AEEBF1A", name: "Rules per network ACL", defaultValue: 20, adjustable: true, maximum: 40, error: "NetworkAclEntryLimitExceeded" },
  rulesPerGroup: {
    serviceCode: "vpc",
    code: "L-0EA8095F",
    name: "Inbound or outbound rules per security group",
    defaultValue: 60,
    adjustable: true,
    maximum: 200,
    maximumNote: "times security groups per network interface (L-2AFB9258, 5 by default) cannot exceed 1,000",
    error: "RulesPerSecurityGroupLimitExceeded",
  },
  vpcsPerHostedZone: { serviceCode: "route53", code: "L-84B40094", name: "VPCs per hosted zone", defaultValue: 300, adjustable: true, error: "LimitsExceeded", global: true },
} as const satisfies Record<string, QuotaSpec>;

export type QuotaKey = keyof typeof QUOTAS;

/** Where a quota is counted and read: one account (through one of its providers) in one region. */
export interface QuotaSide {
  /** A stable key: `<account key>/<region>`. */
  readonly key: string;
  readonly region: string;
  /** Which config key's credentials reach it, for messages: `drProvider`, `sources[2].provider`, ... */
  readonly credentials: string;
}

/** A side's account in us-east-1, where global quotas (Route 53's) are read. */
export function globalSide(side: QuotaSide): QuotaSide {
  return { key: `${side.key.slice(0, side.key.lastIndexOf("/"))}/us-east-1`, region: "us-east-1", credentials: side.credentials };
}

/** What one thing of the network needs of one quota. */
export interface QuotaNeed {
  readonly quota: QuotaKey;
  readonly side: QuotaSide;
  /** What is counted: `VPCs in eu-west-2`, `link-endpoints-sg inbound`. */
  readonly what: string;
  /** How many the network needs, what the account already has counted in. */
  readonly need: number;
  /** Of `need`, what the account already has that this stack does not make (where it counts and was read). */
  readonly existing?: number;
}

/** A source as the counter sees it. */
export interface QuotaSource {
  /** The source key (`""` for the shorthand's single source) and its VPC's logical name prefix (`source`, `source-app`). */
  readonly key: string;
  readonly componentName: string;
  readonly side: QuotaSide;
  /** Whether the program creates its VPC. */
  readonly created: boolean;
  /** Whether its VPC gets the package-repository gateway endpoint. */
  readonly packageRepositories: boolean;
  /** The Systems Manager interface endpoints the rollout puts in its VPC (0 without). */
  readonly rolloutEndpoints: number;
  /** Its route tables: name (logical, or the adopted id) and the routes the account already holds there besides this stack's. */
  readonly routeTables: readonly { readonly name: string; readonly existingRoutes: number }[];
  /** An adopted VPC's active peerings besides this stack's, where they were read. */
  readonly existingPeerings?: number;
  /** Its ACL, where the program makes one (a created VPC's default ACL). */
  readonly acl?: { readonly name: string; readonly rules: NetworkAclRules };
  /** Its security groups with their rules (source-server group, rollout endpoint group). */
  readonly groups: readonly { readonly name: string; readonly rules: GroupRules }[];
}

/** Everything the counter needs: the declared network's shape, and the account's own usage where it counts. */
export interface QuotaInput {
  readonly dr: QuotaSide;
  readonly sources: readonly QuotaSource[];
  readonly stagingAcls: readonly { readonly name: string; readonly rules: NetworkAclRules }[];
  readonly stagingGroups: readonly { readonly name: string; readonly rules: GroupRules }[];
  /** The transit gateway attachment subnets' ACL (external sources over a transit gateway). */
  readonly attachmentAcl?: { readonly name: string; readonly rules: NetworkAclRules };
  /** The static routes each staging route table gets to the external sources' blocks. */
  readonly externalRoutes?: number;
  /** The recovery VPC (`recovery.enabled`), in the DR side's account and region. */
  readonly recovery?: {
    readonly created: boolean;
    readonly interfaceEndpoints: number;
    readonly gatewayEndpoint: boolean;
    /** Its route tables' names (created: logical; adopted: ids), each holding the local route and S3's. */
    readonly routeTables: readonly string[];
    readonly acl?: { readonly name: string; readonly rules: NetworkAclRules };
    readonly groups: readonly { readonly name: string; readonly rules: GroupRules }[];
  };
  /** Failback's side in each source region (`failback.enabled`): made through that region's first source's side. */
  readonly failback?: readonly {
    readonly region: string;
    readonly side: QuotaSide;
    readonly interfaceEndpoints: number;
    readonly acl: { readonly name: string; readonly rules: NetworkAclRules };
    readonly groups: readonly { readonly name: string; readonly rules: GroupRules }[];
  }[];
  /** Whether the private hosted zone for DRS's name is made (it lists the staging VPC and every source VPC). */
  readonly privateHostedZone: boolean;
  /** VPCs in each side's region that this stack does not make (the default VPC among them), by side key, where read. */
  readonly existingVpcs: Readonly<Record<string, number>>;
  /** Peerings this stack already has (a later `pulumi up`), by side key: they are not requested again. */
  readonly madePeerings: Readonly<Record<string, number>>;
}

/** The interface endpoints of the staging VPC: DRS, EC2 and S3. */
const STAGING_INTERFACE_ENDPOINTS = 3;

/** Every need the declared network has, in a stable order. */
export function quotaNeeds(input: QuotaInput): QuotaNeed[] {
  const needs: QuotaNeed[] = [];
  const sides = new Map<string, QuotaSide>([[input.dr.key, input.dr], ...input.sources.map((s) => [s.side.key, s.side] as const)]);
  const where = (side: QuotaSide) => side.region;

  // Per account and region: VPCs, gateway endpoints, peering requests.
  for (const side of sides.values()) {
    const onDr = side.key === input.dr.key;
    const failbackHere = (input.failback ?? []).filter((f) => f.side.key === side.key).length;
    const created = input.sources.filter((s) => s.side.key === side.key && s.created).length + (onDr ? 1 + (input.recovery?.created === true ? 1 : 0) : 0) + failbackHere;
    const existing = input.existingVpcs[side.key];
    if (created > 0) needs.push({ quota: "vpcsPerRegion", side, what: `VPCs in ${where(side)}`, need: created + (existing ?? 0), existing });
    const gateways = input.sources.filter((s) => s.side.key === side.key && s.packageRepositories).length + (onDr ? 1 + (input.recovery?.gatewayEndpoint === true ? 1 : 0) : 0) + failbackHere;
    if (gateways > 0) needs.push({ quota: "gatewayEndpointsPerRegion", side, what: `gateway endpoints in ${where(side)} made by this stack`, need: gateways });
    const requested = Math.max(0, input.sources.filter((s) => s.side.key === side.key).length - (input.madePeerings[side.key] ?? 0));
    // Requests a `pulumi up` makes at once, each pending until the DR side accepts it.
    if (requested > 0) needs.push({ quota: "outstandingPeerings", side, what: `peering requests made at once from ${where(side)}`, need: requested });
  }

  // The staging VPC: one peering, one route and (with the zone) one association per source.
  const n = input.sources.length;
  needs.push({ quota: "activePeeringsPerVpc", side: input.dr, what: "staging-vpc", need: n });
  needs.push({ quota: "interfaceEndpointsPerVpc", side: input.dr, what: "staging-vpc", need: STAGING_INTERFACE_ENDPOINTS });
  // The local route, one per source VPC, the S3 gateway endpoint's prefix-list route, one per external block.
  needs.push({ quota: "routesPerTable", side: input.dr, what: "staging-rt", need: 1 + n + 1 + (input.externalRoutes ?? 0) });
  for (const acl of [...input.stagingAcls, ...(input.attachmentAcl !== undefined ? [input.attachmentAcl] : [])]) needs.push(...aclNeeds(input.dr, acl.name, acl.rules));
  for (const group of input.stagingGroups) needs.push(...groupNeeds(input.dr, group.name, group.rules));
  if (input.privateHostedZone) {
    needs.push({ quota: "vpcsPerHostedZone", side: globalSide(input.dr), what: "the DRS private hosted zone", need: 1 + n });
  }

  if (input.recovery !== undefined) needs.push(...recoveryNeeds(input.dr, input.recovery));
  for (const f of input.failback ?? []) {
    const vpc = `failback-${f.region}-vpc`;
    if (f.interfaceEndpoints > 0) needs.push({ quota: "interfaceEndpointsPerVpc", side: f.side, what: vpc, need: f.interfaceEndpoints });
    // The local route, the route back to the recovery VPC, the S3 gateway endpoint's.
    needs.push({ quota: "routesPerTable", side: f.side, what: `failback-${f.region}-rt`, need: 3 });
    needs.push(...aclNeeds(f.side, f.acl.name, f.acl.rules));
    for (const group of f.groups) needs.push(...groupNeeds(f.side, group.name, group.rules));
  }

  for (const source of input.sources) {
    const vpc = `${source.componentName}-vpc`;
    needs.push({ quota: "activePeeringsPerVpc", side: source.side, what: source.created ? vpc : `${vpc} (adopted)`, need: 1 + (source.existingPeerings ?? 0), existing: source.existingPeerings });
    if (source.rolloutEndpoints > 0) needs.push({ quota: "interfaceEndpointsPerVpc", side: source.side, what: vpc, need: source.rolloutEndpoints });
    for (const table of source.routeTables) {
      // Local, the route to the staging VPC, and the gateway endpoint's on a created table.
      const own = 1 + (source.created ? 1 + (source.packageRepositories ? 1 : 0) : 0);
      needs.push({ quota: "routesPerTable", side: source.side, what: table.name, need: own + table.existingRoutes, existing: source.created ? undefined : table.existingRoutes });
    }
    if (source.acl !== undefined) needs.push(...aclNeeds(source.side, source.acl.name, source.acl.rules));
    for (const group of source.groups) needs.push(...groupNeeds(source.side, group.name, group.rules));
  }
  return needs;
}

/** The recovery VPC's endpoints, routes, ACL and groups. */
function recoveryNeeds(dr: QuotaSide, recovery: NonNullable<QuotaInput["recovery"]>): QuotaNeed[] {
  const vpc = recovery.created ? "recovery-vpc" : "recovery-vpc (adopted)";
  return [
    ...(recovery.interfaceEndpoints > 0 ? [{ quota: "interfaceEndpointsPerVpc" as const, side: dr, what: vpc, need: recovery.interfaceEndpoints }] : []),
    // The local route and the S3 gateway endpoint's (adopted tables: at least those).
    ...recovery.routeTables.map((name) => ({ quota: "routesPerTable" as const, side: dr, what: name, need: 1 + (recovery.gatewayEndpoint ? 1 : 0) })),
    ...(recovery.acl !== undefined ? aclNeeds(dr, recovery.acl.name, recovery.acl.rules) : []),
    ...recovery.groups.flatMap((g) => groupNeeds(dr, g.name, g.rules)),
  ];
}

function aclNeeds(side: QuotaSide, name: string, rules: NetworkAclRules): QuotaNeed[] {
  return [
    { quota: "rulesPerAcl", side, what: `${name} inbound`, need: rules.ingress.length },
    { quota: "rulesPerAcl", side, what: `${name} outbound`, need: rules.egress.length },
  ];
}

function groupNeeds(side: QuotaSide, name: string, rules: GroupRules): QuotaNeed[] {
  return [
    { quota: "rulesPerGroup", side, what: `${name} inbound`, need: ruleCount(rules.ingress) },
    { quota: "rulesPerGroup", side, what: `${name} outbound`, need: ruleCount(rules.egress) },
  ];
}

/** A quota's applied value as Service Quotas answered, or why it could not be read. */
export type AppliedQuota = { readonly value: number; readonly defaultValue?: number; readonly adjustable?: boolean } | { readonly error: string };

/** The key a quota's applied value is held under: side key and quota code. */
export const appliedKey = (side: QuotaSide, quota: QuotaKey) => `${side.key}|${QUOTAS[quota].code}`;

/** One row of the headroom table: a quota on one side, its largest need, and what the account allows. */
export interface QuotaRow {
  readonly quota: QuotaKey;
  readonly serviceCode: string;
  readonly code: string;
  readonly name: string;
  readonly region: string;
  readonly credentials: string;
  /** The largest need of this quota on this side, and what it is. */
  readonly need: number;
  readonly what: string;
  readonly defaultValue: number;
  /** The applied value, or undefined where it could not be read. */
  readonly applied?: number;
  /** `applied - need`, or against the default where the applied value is unknown. */
  readonly headroom: number;
}

/** A shortfall that AWS can raise: the request the program can make with `quotaIncreases: request`. */
export interface QuotaShortfall {
  readonly quota: QuotaKey;
  readonly side: QuotaSide;
  readonly desiredValue: number;
}

/** The judgment: the rows, the refusals, the warnings (a quota that could not be read), and what can be requested. */
export interface QuotaJudgment {
  readonly rows: readonly QuotaRow[];
  readonly problems: readonly { readonly key: string; readonly message: string }[];
  readonly warnings: readonly string[];
  readonly shortfalls: readonly QuotaShortfall[];
}

/** The command that asks AWS for `desired` of a quota on a side. */
export function increaseCommand(quota: QuotaKey, side: QuotaSide, desired: number): string {
  const spec: QuotaSpec = QUOTAS[quota];
  return `aws service-quotas request-service-quota-increase --service-code ${spec.serviceCode} --quota-code ${spec.code} --desired-value ${desired} --region ${side.region}`;
}

/**
 * Judge every need against the applied values: one problem per quota and side that does not fit (its largest need
 * decides the value to ask for), one warning per quota that could not be read and whose default would not fit or
 * is unknown to be enough. `configKey` is the key the problems are reported under.
 */
export function judgeQuotas(needs: readonly QuotaNeed[], applied: ReadonlyMap<string, AppliedQuota>, configKey: string): QuotaJudgment {
  const groups = new Map<string, QuotaNeed[]>();
  for (const need of needs) {
    const key = appliedKey(need.side, need.quota);
    groups.set(key, [...(groups.get(key) ?? []), need]);
  }
  const rows: QuotaRow[] = [];
  const problems: { key: string; message: string }[] = [];
  const warnings: string[] = [];
  const shortfalls: QuotaShortfall[] = [];
  for (const [key, group] of groups) {
    const largest = group.reduce((a, b) => (b.need > a.need ? b : a));
    const spec: QuotaSpec = QUOTAS[largest.quota];
    const side = largest.side;
    const read = applied.get(key) ?? { error: "not read" };
    const value = "value" in read ? read.value : undefined;
    rows.push({
      quota: largest.quota,
      serviceCode: spec.serviceCode,
      code: spec.code,
      name: spec.name,
      region: side.region,
      credentials: side.credentials,
      need: largest.need,
      what: largest.what,
      defaultValue: spec.defaultValue,
      applied: value,
      headroom: (value ?? spec.defaultValue) - largest.need,
    });
    const over = group.filter((g) => g.need > (value ?? spec.defaultValue)).sort((a, b) => b.need - a.need);
    if ("error" in read) {
      warnings.push(
        `could not read the quota "${spec.name}" (${spec.serviceCode} ${spec.code}) in ${side.region} (the account of ${side.credentials}): ${read.error}. ` +
          `The network needs ${largest.need} (${largest.what}); AWS's default is ${spec.defaultValue}. ` +
          `${over.length > 0 ? `If the account still has the default, the deploy fails with ${spec.error}. ` : ""}` +
          "Grant servicequotas:GetServiceQuota and servicequotas:GetAWSDefaultServiceQuota to the deploying identity so the program can check it before anything is made",
      );
      continue;
    }
    if (over.length === 0) continue;
    const ceiling = spec.maximum;
    const raisable = spec.adjustable && (ceiling === undefined || largest.need <= ceiling);
    const listed = over.slice(0, 3).map((g) => `${g.what}: ${g.need}${g.existing !== undefined && g.existing > 0 ? ` (${g.existing} already there)` : ""}`);
    const more = over.length > 3 ? ` and ${over.length - 3} more` : "";
    const fix = raisable
      ? `Raise it before deploying, in that account: ${increaseCommand(largest.quota, side, largest.need)}; or set quotaIncreases to "request" to have the program ask`
      : `AWS grants at most ${ceiling ?? spec.defaultValue}${spec.maximumNote !== undefined ? ` (${spec.maximumNote})` : ""}: spread the sources over more staging VPCs (stacks) or accounts`;
    problems.push({
      key: configKey,
      message:
        `need ${largest.need} of AWS's quota "${spec.name}" (${spec.serviceCode} ${spec.code}) in ${side.region}, but the account of ${side.credentials} has ${value} ` +
        `(AWS default ${spec.defaultValue}; ${spec.adjustable ? `adjustable${ceiling !== undefined ? ` up to ${ceiling}` : ""}` : "not adjustable"}): ${listed.join(", ")}${more}. ` +
        `AWS would refuse with ${spec.error}. ${fix}`,
    });
    if (raisable) shortfalls.push({ quota: largest.quota, side, desiredValue: largest.need });
  }
  return { rows, problems, warnings, shortfalls };
}
