/**
 * The failback side as the judgments see it, from the model only: each source region A's failback staging VPC (the
 * VPC whose role is `failback`), the peering that joins it to the recovery VPC, its subnets, its DRS, EC2 and S3
 * interface endpoints and S3 gateway endpoint of region A, the zone `drs.<A>.amazonaws.com`, the replication template
 * whose staging area is in it, and whether its interface endpoints exist now (the configuration's mode, or, without it,
 * whether any is there). And, for both builders, how a failback staging VPC is known.
 *
 * The failback staging VPCs are no staging VPC of the forward path: no source replicates to them, their templates are
 * not the forward replication's (`forwardTemplates`), and the forward checks never look at them.
 */
import { endpointServiceName } from "../../regions";
import type { EndpointNode, NetworkModel, PeeringNode, SubnetNode, TemplateNode, VpcNode, ZoneNode } from "../model";
import { isRecovery, RecoverySide, recoverySides } from "../recovery/side";

/** The `Purpose` tag of every staging VPC the program creates (components/stagingVpc.ts), the failback ones too. */
export const STAGING_PURPOSE = "DRS staging area";

/** The name the program gives a failback staging VPC (components/failback/: `failback-<region>-vpc`), with the region. */
const FAILBACK_VPC_NAME = /^failback-([a-z0-9-]+?)-vpc$/;

/** The region a failback staging VPC's name carries, or `undefined` when the name is not one. */
export function failbackRegionOfName(name: string | undefined): string | undefined {
  return name !== undefined ? FAILBACK_VPC_NAME.exec(name)?.[1] : undefined;
}

/** Whether a VPC is a failback staging VPC. */
export function isFailback(vpc: VpcNode | undefined): boolean {
  return vpc?.role === "failback";
}

/**
 * The VPCs a structural reading finds to be failback staging VPCs: a VPC the stack creates, a staging VPC by its
 * purpose, that is peered with a recovery VPC and with nothing else (the forward staging VPC is peered with the
 * sources, so a rogue peering from the recovery VPC to it does not make it a failback one), in another region.
 */
export function failbackByPeering(candidates: readonly VpcNode[], peerings: readonly PeeringNode[]): VpcNode[] {
  return candidates.filter((vpc) => {
    if (!vpc.known || !vpc.created || vpc.role !== undefined) return false;
    const own = peerings.filter((p) => p.requester === vpc || p.accepter === vpc);
    const far = (p: PeeringNode) => (p.requester === vpc ? p.accepter : p.requester);
    // In another region than the recovery VPC's (a source region): the DR region's staging VPC, peered with it by
    // mistake and with no source peered (sources outside AWS only), stays the staging VPC.
    const elsewhere = (p: PeeringNode) => vpc.region === undefined || far(p)?.region === undefined || far(p)?.region !== vpc.region;
    return own.length > 0 && own.every((p) => isRecovery(far(p)) && elsewhere(p));
  });
}

/** The failback staging VPC's endpoints of its region. */
export interface FailbackEndpoints {
  readonly drs?: EndpointNode;
  readonly ec2?: EndpointNode;
  readonly s3?: EndpointNode;
  readonly s3Gateway?: EndpointNode;
}

/** One source region's failback side. */
export interface FailbackSide {
  readonly vpc: VpcNode;
  /** The source region A it returns to. */
  readonly region: string;
  /** The recovery VPC it is peered with (else the model's first): failback's source. */
  readonly recovery?: RecoverySide;
  /** The peering joining it to that recovery VPC. */
  readonly peering?: PeeringNode;
  readonly subnets: readonly SubnetNode[];
  /** Region A's endpoints: the one in the failback staging VPC, else the first anywhere (which the flow names as misplaced). */
  readonly endpoints: FailbackEndpoints;
  /** The replication template whose staging subnet is in it (region A's). */
  readonly template?: TemplateNode;
  /** The zone for `drs.<A>.amazonaws.com` (the one associated with its VPCs, where there are several). */
  readonly zone?: ZoneNode;
  /** Whether the DRS, EC2 and S3 interface endpoints and the zone's alias exist now. */
  readonly interfaceEndpoints: boolean;
  /** Whether `interfaceEndpoints` was inferred from what is there (no configuration: the policy pack). */
  readonly inferred: boolean;
}

/** The region of a failback staging VPC: its own, its name's, or its endpoints' service names'. */
function regionOf(model: NetworkModel, vpc: VpcNode): string | undefined {
  return vpc.region ?? failbackRegionOfName(vpc.name) ?? model.endpoints.find((e) => e.vpc === vpc)?.serviceName.split(".")[2];
}

/** The templates of the forward replication: every one but those whose staging area is in a failback staging VPC. */
export function forwardTemplates(model: Pick<NetworkModel, "templates">): TemplateNode[] {
  return model.templates.filter((t) => !isFailback(t.stagingSubnet?.vpc));
}

/** Each failback staging VPC of the model, with what it holds and what the configuration says of it. */
export function failbackSides(model: NetworkModel): FailbackSide[] {
  const recoveries = recoverySides(model);
  return model.vpcs.filter(isFailback).flatMap((vpc): FailbackSide[] => {
    const region = regionOf(model, vpc);
    if (region === undefined) return [];
    const peering = model.peerings.find((p) => (p.requester === vpc && isRecovery(p.accepter)) || (p.accepter === vpc && isRecovery(p.requester)));
    const far = peering === undefined ? undefined : peering.requester === vpc ? peering.accepter : peering.requester;
    const recovery = recoveries.find((r) => r.vpc === far) ?? recoveries[0];
    const find = (service: string, type: string) => {
      const matching = model.endpoints.filter((e) => e.serviceName === endpointServiceName(region, service) && e.type === type);
      return matching.find((e) => e.vpc === vpc) ?? matching[0];
    };
    const endpoints: FailbackEndpoints = { drs: find("drs", "Interface"), ec2: find("ec2", "Interface"), s3: find("s3", "Interface"), s3Gateway: find("s3", "Gateway") };
    const zoneName = `drs.${region}.amazonaws.com`;
    const zones = model.zones.filter((z) => z.zoneName === zoneName);
    const zone = zones.find((z) => z.vpcs.includes(vpc) || (recovery !== undefined && z.vpcs.includes(recovery.vpc))) ?? zones[0];
    const configured = model.failback?.regions.find((r) => r.region === region);
    const present = [endpoints.drs, endpoints.ec2, endpoints.s3].some((e) => e?.vpc === vpc) || (zone?.records.some((r) => r.type === "A" && r.recordName === zoneName) ?? false);
    return [
      {
        vpc,
        region,
        ...(recovery !== undefined ? { recovery } : {}),
        ...(peering !== undefined ? { peering } : {}),
        subnets: model.subnets.filter((s) => s.vpc === vpc),
        endpoints,
        template: model.templates.find((t) => t.stagingSubnet?.vpc === vpc),
        ...(zone !== undefined ? { zone } : {}),
        interfaceEndpoints: configured?.interfaceEndpoints ?? present,
        inferred: configured === undefined,
      },
    ];
  });
}

/** The regions the configuration gives a failback staging VPC that the model has none of. */
export function missingFailbackRegions(model: NetworkModel, sides: readonly FailbackSide[]): NonNullable<NetworkModel["failback"]>["regions"] {
  return (model.failback?.regions ?? []).filter((r) => !sides.some((s) => s.region === r.region));
}

/** The source VPCs of the forward path (each forward peering's requester), with their regions. */
export function sourceVpcsOf(model: NetworkModel): { readonly vpc: VpcNode; readonly region?: string }[] {
  const found = new Map<VpcNode, string | undefined>();
  for (const p of model.peerings) {
    if (p.requester === undefined || p.accepter === undefined) continue;
    if ([p.requester, p.accepter].some((v) => isRecovery(v) || isFailback(v))) continue;
    if (!found.has(p.requester)) found.set(p.requester, p.requester.region ?? p.region);
  }
  return [...found].map(([vpc, region]) => ({ vpc, ...(region !== undefined ? { region } : {}) }));
}
