/**
 * What verify-live reads, and as whom: the stack's VPCs, route tables and groups from its outputs (`pulumi stack
 * output --json`), which of them it adopted, the sources outside AWS and each side's credentials from its config. Pure.
 */
import { READINESS_LIMITS } from "../lib/readiness";
import type { LiveFailbackScope, LiveRecoveryScope, LiveScope } from "../lib/verifier/aws";
import type { ProviderSettings, RecoveryLaunchSettings, Settings } from "../settings";

/** The stack outputs as `pulumi stack output --json` prints them. */
export type OutputsJson = Readonly<Record<string, unknown>>;

/** Credentials as the stack's provider uses them: a profile, a role to assume, or the ambient ones. */
export interface SideAuth {
  readonly profile?: string;
  readonly assumeRoleArn?: string;
}

/** One set of reads: a region, read with one side's credentials, for these VPCs. */
export interface RegionRead {
  readonly region: string;
  readonly auth: SideAuth;
  /** Who the credentials are, for messages: `the DR side`, `source app`. */
  readonly as: string;
  readonly vpcIds: readonly string[];
  /** Whether to read the DR side's DRS templates and the private zone here. */
  readonly drSide: boolean;
  /** The private zone to read (the stack's `drsPrivateHostedZoneId`), when the DR side has one. */
  readonly zoneId?: string;
  /** With sources outside AWS (DR side): read the staging VPC's connections and resolvers, and these given gateways. */
  readonly external?: { readonly vpnGatewayIds: readonly string[] };
  /**
   * With `recovery.enabled` (DR side): read DRS's source servers, each one's launch configuration and the default
   * version of its EC2 launch template; with copyPrivateIp also these recovery subnets, for their blocks; and the
   * account's default EC2 launch template (`defaultLaunchTemplateId`), which DRS copies to new servers.
   */
  readonly launch?: { readonly recoverySubnetIds?: readonly string[]; readonly defaultLaunchTemplateId?: string };
  /**
   * With `failback.enabled` (a source region's read, as the region's first source's side): its failback staging VPC
   * is among `vpcIds`; also read the zone `drs.<region>.amazonaws.com` (`drsPrivateHostedZoneId`, else the one
   * associated with that VPC), DRS's replication templates of the region, and the default version of the region's
   * default EC2 launch template (`defaultLaunchTemplateId`).
   */
  readonly failback?: { readonly stagingVpcId: string; readonly zoneId?: string; readonly defaultLaunchTemplateId?: string };
  /**
   * With readiness (DR side): read DRS's source servers (every page) even without `launch`, which reads them itself:
   * they are read once either way.
   */
  readonly sourceServers?: boolean;
  /**
   * With readiness and `agentRollout` (a read holding a source VPC): read the region's EC2 instances the rollout
   * targets, `DescribeInstances` with filters `tag:<key>=<value>` and `instance-state-name` running or stopped.
   */
  readonly rolloutTargets?: { readonly key: string; readonly value: string };
}

/** The thresholds verify-live holds source servers to when the stack has no `readiness` settings. */
export const READINESS_DEFAULTS = { rpoMinutes: READINESS_LIMITS.rpoMinutes.default, drillMaxAgeDays: READINESS_LIMITS.drillMaxAgeDays.default } as const;

/** With readiness (`--readiness`, on by default with `replication.enabled`): what the source servers are held to, and where they are read. */
export interface ReadinessScope {
  /** The DR region, whose DRS lists the source servers (read as the DR side). */
  readonly region: string;
  readonly rpoMinutes: number;
  readonly drillMaxAgeDays: number;
  /** Whether the RPO and drill age are the stack's (`readiness`) or verify-live's defaults (`READINESS_DEFAULTS`). */
  readonly thresholds: "stack" | "defaults";
  /** With `agentRollout`: the tag it targets, and the source regions whose tagged instances must each be a source server. */
  readonly rollout?: { readonly tag: { readonly key: string; readonly value: string }; readonly regions: readonly string[] };
}

/** With `recovery.enabled`: where recovered instances must land, read as the DR side (`recoverySubnetIds`, `recoverySecurityGroupId`). */
export interface RecoveryLaunchScope {
  readonly region: string;
  readonly auth: SideAuth;
  /** Who the credentials are, for messages: `the DR side`. */
  readonly as: string;
  readonly subnetIds: readonly string[];
  readonly groupId: string;
  readonly launch: RecoveryLaunchSettings;
}

/** The scope and the reads it needs. */
export interface LivePlan {
  readonly scope: LiveScope;
  readonly reads: readonly RegionRead[];
  /** With `recovery.enabled` and its outputs: where each source server must launch (the `launch:` verdicts). */
  readonly launch?: RecoveryLaunchScope;
  /** With `recovery.enabled` but no recovery outputs (not deployed yet): why the launch check cannot be made. */
  readonly launchUnjudged?: string;
  /** With readiness: the `readiness:` verdicts' thresholds and reads (live/readiness.ts). */
  readonly readiness?: ReadinessScope;
}

/** What the command line chooses of the plan. */
export interface LivePlanOptions {
  /** Judge the source servers' readiness: `--readiness` (true), `--no-readiness` (false); by default, with `replication.enabled`. */
  readonly readiness?: boolean;
}

/** A stack output verify-live needs that is missing or malformed. */
export class OutputsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "OutputsError";
  }
}

/** A side's credentials as the SDK clients take them: its profile and the role it assumes, where given. */
export function authOf(provider: ProviderSettings | undefined): SideAuth {
  return {
    ...(provider?.profile !== undefined ? { profile: provider.profile } : {}),
    ...(provider?.assumeRoleArn !== undefined ? { assumeRoleArn: provider.assumeRoleArn } : {}),
  };
}

function text(outputs: OutputsJson, key: string, label = key): string {
  const value = outputs[key];
  if (typeof value !== "string" || value === "") throw new OutputsError(`the stack output ${label} is ${value === undefined ? "missing" : `not an id (${JSON.stringify(value)})`}; is the stack deployed?`);
  return value;
}

function list(value: unknown, key: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw new OutputsError(`the stack output ${key} is not a list of ids (${JSON.stringify(value)})`);
  return value as string[];
}

/**
 * Where recovered instances must land, from the stack's outputs: `undefined` when the config has no recovery side.
 * A missing or malformed recovery output is an `OutputsError` naming it.
 */
export function recoveryLaunchScope(outputs: OutputsJson, settings: Settings): RecoveryLaunchScope | undefined {
  if (settings.recovery === undefined) return undefined;
  const subnetIds = list(outputs.recoverySubnetIds ?? missing("recoverySubnetIds"), "recoverySubnetIds");
  if (subnetIds.length === 0) throw new OutputsError("the stack output recoverySubnetIds lists no subnet; is the recovery side deployed?");
  return { region: settings.drRegion, auth: authOf(settings.drProvider), as: "the DR side", subnetIds, groupId: text(outputs, "recoverySecurityGroupId"), launch: settings.recovery.launch };
}

function missing(key: string): never {
  throw new OutputsError(`the stack output ${key} is missing; is the stack deployed with recovery.enabled (pulumi up)?`);
}

/**
 * The recovery VPC as lib/verifier/aws/ scopes it (`LiveScope.recovery`), from the outputs (`recoveryVpcId`,
 * `recoverySubnetIds`, `recoverySecurityGroupId`, `defaultLaunchTemplateId`) and the config (adopted or not, its
 * route tables when adopted, the ingress blocks); `undefined` without a recovery side or before it is deployed.
 */
function recoveryScope(outputs: OutputsJson, settings: Settings): LiveRecoveryScope | undefined {
  const recovery = settings.recovery;
  if (recovery === undefined || outputs.recoveryVpcId === undefined) return undefined;
  const vpcId = text(outputs, "recoveryVpcId");
  const adopted = recovery.vpc.kind === "adopt";
  const subnetIds = outputs.recoverySubnetIds !== undefined ? list(outputs.recoverySubnetIds, "recoverySubnetIds") : recovery.vpc.kind === "adopt" ? [...recovery.vpc.subnetIds] : undefined;
  return {
    vpcId,
    adopted,
    routeTableIds: recovery.vpc.kind === "adopt" ? [...recovery.vpc.routeTableIds] : [],
    groupIds: outputs.recoverySecurityGroupId !== undefined ? [text(outputs, "recoverySecurityGroupId")] : [],
    ...(subnetIds !== undefined ? { subnetIds } : {}),
    ingressBlocks: recovery.ingress.map((r) => r.cidrBlock),
    ...(outputs.defaultLaunchTemplateId !== undefined ? { defaultLaunchTemplateId: text(outputs, "defaultLaunchTemplateId") } : {}),
  };
}

/**
 * Each source region's failback side as lib/verifier/aws/ scopes it (`LiveScope.failback`), from the outputs
 * (`failbackNetworks.<region>`) and the config (its block, whether the endpoints exist now); `undefined` without
 * failback or before it is deployed (no `failbackNetworks` output: the declared verdicts then fail, naming what is
 * missing). A region the config gives that the output lacks, or a malformed entry, is an `OutputsError`.
 */
function failbackScope(outputs: OutputsJson, settings: Settings): LiveFailbackScope[] | undefined {
  const failback = settings.failback;
  if (failback === undefined || outputs.failbackNetworks === undefined) return undefined;
  const networks = outputs.failbackNetworks;
  if (typeof networks !== "object" || networks === null || Array.isArray(networks)) throw new OutputsError(`the stack output failbackNetworks is not an object of regions (${JSON.stringify(networks)})`);
  const byRegion = networks as Record<string, unknown>;
  const interfaceEndpoints = failback.mode === "standby" || failback.active;
  return Object.entries(failback.stagingVpcCidrs).map(([region, cidrBlock]): LiveFailbackScope => {
    const network = byRegion[region];
    if (typeof network !== "object" || network === null) throw new OutputsError(`the stack output failbackNetworks has no region ${region}; the config and the deployed stack differ (run pulumi up)`);
    const n = network as Record<string, unknown>;
    const key = (k: string) => `failbackNetworks.${region}.${k}`;
    const optional = (k: "peeringConnectionId" | "defaultLaunchTemplateId") => (typeof n[k] === "string" && n[k] !== "" ? { [k]: text(n, k, key(k)) } : {});
    return {
      region,
      stagingVpcId: text(n, "stagingVpcId", key("stagingVpcId")),
      stagingSubnetIds: list(n.stagingSubnetIds, key("stagingSubnetIds")),
      cidrBlock,
      ...optional("peeringConnectionId"),
      ...(typeof n.drsPrivateHostedZoneId === "string" && n.drsPrivateHostedZoneId !== "" ? { zoneId: n.drsPrivateHostedZoneId } : {}),
      ...optional("defaultLaunchTemplateId"),
      interfaceEndpoints,
    };
  });
}

/**
 * The readiness scope: `undefined` when off (`--no-readiness`, or by default a stack without `replication.enabled`).
 * The RPO and drill age are the stack's `readiness` settings where it has them, else `READINESS_DEFAULTS`.
 */
export function readinessScope(settings: Settings, enabled: boolean = settings.replication !== undefined): ReadinessScope | undefined {
  if (!enabled) return undefined;
  // The stack's readiness monitoring (settings/readinessSchema.ts), where enabled, sets the thresholds its alarms use.
  const own = settings.readiness;
  const rollout = settings.agentRollout;
  return {
    region: settings.drRegion,
    rpoMinutes: own?.rpoMinutes ?? READINESS_DEFAULTS.rpoMinutes,
    drillMaxAgeDays: own?.drillMaxAgeDays ?? READINESS_DEFAULTS.drillMaxAgeDays,
    thresholds: own !== undefined ? "stack" : "defaults",
    ...(rollout !== undefined ? { rollout: { tag: { key: rollout.targetTag.key, value: rollout.targetTag.value }, regions: [...new Set(settings.sources.map((s) => s.region))] } } : {}),
  };
}

/** The scope and reads for a deployed stack, from its outputs and its settings (and the command line's choices). */
export function livePlan(outputs: OutputsJson, settings: Settings, options: LivePlanOptions = {}): LivePlan {
  const networks = outputs.sourceNetworks as Record<string, Record<string, unknown>> | undefined;
  const sources = settings.sources.map((source, i) => {
    const adopted = source.vpc.kind === "adopt";
    if (source.name === "" || networks === undefined) {
      if (i > 0) throw new OutputsError("the stack has several sources but no sourceNetworks output");
      return {
        name: source.name,
        region: source.region,
        vpcId: text(outputs, "sourceVpcId"),
        adopted,
        routeTableIds: list(outputs.sourceRouteTableIds, "sourceRouteTableIds"),
        groupIds: typeof outputs.sourceServerSecurityGroupId === "string" ? [outputs.sourceServerSecurityGroupId] : [],
        auth: authOf(source.provider),
      };
    }
    const network = networks[source.name];
    if (network === undefined) throw new OutputsError(`the stack output sourceNetworks has no source ${source.name}; the config and the deployed stack differ (run pulumi up)`);
    return {
      name: source.name,
      region: source.region,
      vpcId: text(network, "vpcId", `sourceNetworks.${source.name}.vpcId`),
      adopted,
      routeTableIds: list(network.routeTableIds, `sourceNetworks.${source.name}.routeTableIds`),
      groupIds: typeof network.sourceServerSecurityGroupId === "string" ? [network.sourceServerSecurityGroupId] : [],
      auth: authOf(source.provider),
    };
  });
  const stagingVpcId = text(outputs, "stagingVpcId");
  const zoneId = typeof outputs.drsPrivateHostedZoneId === "string" ? outputs.drsPrivateHostedZoneId : undefined;

  // One read per region and set of credentials; the DR side's also reads the zone and the DRS templates.
  const reads = new Map<string, { region: string; auth: SideAuth; as: string[]; vpcIds: string[]; drSide: boolean; source: boolean; failback?: RegionRead["failback"] }>();
  const add = (region: string, auth: SideAuth, as: string, vpcId: string, drSide: boolean, source = false) => {
    const key = `${region} ${auth.profile ?? ""} ${auth.assumeRoleArn ?? ""}`;
    const read = reads.get(key) ?? { region, auth, as: [], vpcIds: [], drSide: false, source: false };
    if (!read.as.includes(as)) read.as.push(as);
    if (!read.vpcIds.includes(vpcId)) read.vpcIds.push(vpcId);
    read.drSide ||= drSide;
    read.source ||= source;
    reads.set(key, read);
    return read;
  };
  add(settings.drRegion, authOf(settings.drProvider), "the DR side", stagingVpcId, true);
  for (const s of sources) add(s.region, s.auth, s.name === "" ? "the source side" : `source ${s.name}`, s.vpcId, false, true);

  // The recovery VPC (with its outputs) is read as the DR side, after the staging VPC (the reads take the first VPC
  // for the staging VPC's zone and connections).
  const recovery = recoveryScope(outputs, settings);
  if (recovery !== undefined) add(settings.drRegion, authOf(settings.drProvider), "the DR side", recovery.vpcId, true);

  // Each failback staging VPC is read in its source region as that region's first source (whose provider built it),
  // with the region's zone, DRS templates and default launch template.
  const failback = failbackScope(outputs, settings);
  for (const f of failback ?? []) {
    const first = sources.find((s) => s.region === f.region);
    const read = add(f.region, first?.auth ?? {}, first === undefined || first.name === "" ? "the source side" : `source ${first.name}`, f.stagingVpcId, false);
    read.failback = { stagingVpcId: f.stagingVpcId, ...(f.zoneId !== undefined ? { zoneId: f.zoneId } : {}), ...(f.defaultLaunchTemplateId !== undefined ? { defaultLaunchTemplateId: f.defaultLaunchTemplateId } : {}) };
  }

  // The launch check needs the recovery outputs; a stack whose recovery side is not deployed yet gets a failing verdict
  // saying so, rather than no verdict at all (malformed outputs are an error, as any other's).
  const recoveryMissing = settings.recovery !== undefined && (outputs.recoverySubnetIds === undefined || outputs.recoverySecurityGroupId === undefined);
  const launch = recoveryMissing ? undefined : recoveryLaunchScope(outputs, settings);
  const defaultLaunchTemplateId = recovery?.defaultLaunchTemplateId;
  const launchRead =
    launch !== undefined || defaultLaunchTemplateId !== undefined
      ? { ...(launch?.launch.copyPrivateIp === true ? { recoverySubnetIds: launch.subnetIds } : {}), ...(defaultLaunchTemplateId !== undefined ? { defaultLaunchTemplateId } : {}) }
      : undefined;

  // Readiness: the DR side reads the source servers (once: with the launch reads, they are theirs), and each read
  // holding a source VPC the instances the agent rollout targets in its region (a region of sources in two accounts
  // is read with each one's credentials, and merged).
  const readiness = readinessScope(settings, options.readiness);
  const rolloutTargets = readiness?.rollout?.tag;

  const externalSources = settings.externalSources ?? [];
  const external = externalSources.length > 0 ? { vpnGatewayIds: externalSources.flatMap((s) => (s.connection.kind === "vpn-gateway" ? [s.connection.vpnGatewayId] : [])) } : undefined;
  return {
    scope: {
      drRegion: settings.drRegion,
      stagingVpcId,
      sources: sources.map(({ region, vpcId, adopted, routeTableIds, groupIds }) => ({ region, vpcId, adopted, routeTableIds, groupIds })),
      external: externalSources,
      ...(recovery !== undefined ? { recovery } : {}),
      ...(failback !== undefined ? { failback } : {}),
    },
    reads: [...reads.values()].map((r) => ({
      region: r.region,
      auth: r.auth,
      as: r.as.join(", "),
      vpcIds: r.vpcIds,
      drSide: r.drSide,
      ...(r.drSide && zoneId !== undefined ? { zoneId } : {}),
      ...(r.drSide && external !== undefined ? { external } : {}),
      ...(r.drSide && launchRead !== undefined ? { launch: launchRead } : {}),
      ...(r.failback !== undefined ? { failback: r.failback } : {}),
      ...(r.drSide && readiness !== undefined ? { sourceServers: true } : {}),
      ...(r.source && rolloutTargets !== undefined ? { rolloutTargets } : {}),
    })),
    ...(launch !== undefined ? { launch } : {}),
    ...(recoveryMissing
      ? { launchUnjudged: "the stack outputs have no recoverySubnetIds or recoverySecurityGroupId, though the config enables recovery: is the recovery side deployed (pulumi up)?" }
      : {}),
    ...(readiness !== undefined ? { readiness } : {}),
  };
}
