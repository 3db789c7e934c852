/**
 * The stack's VPCs and their subnets, from DescribeVpcs and DescribeSubnets; a VPC outside the scope enters the model
 * only as a peer, known by the block its peering reports (peerings.ts). The recovery VPC is the scope's, or the one
 * tagged `Purpose: DRS recovery`; a failback staging VPC is the scope's (`failbackNetworks`), or one named
 * `failback-<region>-vpc`.
 */
import { failbackRegionOfName } from "../failback/side";
import type { SubnetNode, VpcNode } from "../model";
import { RECOVERY_PURPOSE } from "../recovery/side";
import { CaptureItems, nameOf, ScopedVpc } from "./capture";

/** The VPCs of the live model by id: the stack's, then the peers they are joined to, as they are met. */
export class LiveVpcs {
  readonly byId = new Map<string, VpcNode>();

  /** The VPC of an id, where the model has it. */
  get(id: string | undefined): VpcNode | undefined {
    return id !== undefined ? this.byId.get(id) : undefined;
  }

  /** A VPC seen only as a peer: known by the block the peering reports. */
  peer(info: { VpcId?: string; CidrBlock?: string } | undefined): VpcNode | undefined {
    if (info?.VpcId === undefined) return undefined;
    const existing = this.byId.get(info.VpcId);
    if (existing !== undefined) return existing;
    const node: VpcNode = { key: info.VpcId, id: info.VpcId, name: info.VpcId, cidr: info.CidrBlock, created: false, known: false };
    this.byId.set(info.VpcId, node);
    return node;
  }
}

/** The stack's VPCs, as AWS describes them: an adopted one is neither created nor known, and named by its id. */
export function liveVpcs(items: CaptureItems, scoped: ReadonlyMap<string, ScopedVpc>, recoveryVpcId?: string, failbackVpcIds: ReadonlySet<string> = new Set()): LiveVpcs {
  const vpcs = new LiveVpcs();
  for (const { region, item: v } of items("DescribeVpcs", (o) => o.Vpcs)) {
    const scopeOf = v.VpcId !== undefined ? scoped.get(v.VpcId) : undefined;
    if (v.VpcId === undefined || scopeOf === undefined || vpcs.byId.has(v.VpcId)) continue;
    // An adopted VPC is named by its id, as the declared model names it.
    const name = scopeOf.adopted ? v.VpcId : nameOf(v.Tags, v.VpcId);
    const recovery = v.VpcId === recoveryVpcId || v.Tags?.some((t) => t.Key === "Purpose" && t.Value === RECOVERY_PURPOSE) === true;
    const failback = !recovery && (failbackVpcIds.has(v.VpcId) || (!scopeOf.adopted && failbackRegionOfName(name) !== undefined));
    vpcs.byId.set(v.VpcId, {
      key: v.VpcId,
      id: v.VpcId,
      name,
      region,
      cidr: v.CidrBlock,
      created: !scopeOf.adopted,
      known: !scopeOf.adopted,
      ...(recovery ? { role: "recovery" as const } : failback ? { role: "failback" as const } : {}),
    });
  }
  return vpcs;
}

/** The subnets of the VPCs the model knows, by id. */
export function liveSubnets(items: CaptureItems, vpcs: LiveVpcs): Map<string, SubnetNode> {
  const subnets = new Map<string, SubnetNode>();
  for (const { item: s } of items("DescribeSubnets", (o) => o.Subnets)) {
    const vpc = vpcs.get(s.VpcId);
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
  return subnets;
}
