/**
 * The nodes the declared builders have made so far, by URN, and the stand-ins for what a reference names that the
 * stack does not declare: an external VPC (its block from the context, where given; the adopted recovery VPC with its
 * role), a group whose rules are unknown, a route table of the undeclared side of a peering.
 */
import type { ConnectionNode, PeeringNode, RouteTableNode, SecurityGroupNode, SubnetNode, VpcNode } from "../model";
import type { Target } from "./graph";
import type { VerifierContext } from "./types";

/** The nodes of the declared model, by URN (a stand-in by `external:<id>`). */
export class DeclaredNodes {
  readonly vpcs = new Map<string, VpcNode>();
  readonly subnets = new Map<string, SubnetNode>();
  readonly tables = new Map<string, RouteTableNode>();
  readonly peerings = new Map<string, PeeringNode>();
  readonly groups = new Map<string, SecurityGroupNode>();
  /** Transit gateway attachments and virtual private gateways, by URN (an undeclared gateway by `external:<id>`). */
  readonly connections = new Map<string, ConnectionNode>();
  private readonly externalBlocks: Map<string, string>;
  private readonly recoveryVpcId?: string;
  /** The failback staging blocks the configuration gives, by source region. */
  readonly failbackBlocks: ReadonlyMap<string, string>;

  constructor(context: VerifierContext) {
    this.failbackBlocks = new Map(Object.entries(context.failback?.stagingVpcCidrs ?? {}));
    this.externalBlocks = new Map((context.externalVpcs ?? []).map((v) => [v.id, v.cidrBlock]));
    const recovery = context.recovery;
    if (recovery?.vpcId !== undefined) {
      this.recoveryVpcId = recovery.vpcId;
      if (recovery.cidrBlock !== undefined && !this.externalBlocks.has(recovery.vpcId)) this.externalBlocks.set(recovery.vpcId, recovery.cidrBlock);
    }
  }

  /** The VPC a reference names; an undeclared one becomes an external node, with its block from the context. */
  vpcOf(target: Target | undefined): VpcNode | undefined {
    if (target === undefined) return undefined;
    if ("resource" in target) return this.vpcs.get(target.resource.urn);
    const key = `external:${target.external}`;
    let node = this.vpcs.get(key);
    if (node === undefined) {
      node = { key, name: target.external, cidr: this.externalBlocks.get(target.external), created: false, known: false, ...(target.external === this.recoveryVpcId ? { role: "recovery" as const } : {}) };
      this.vpcs.set(key, node);
    }
    return node;
  }

  /** The group a reference names: declared, or a stand-in whose rules are unknown. */
  groupOf(target: Target | undefined): SecurityGroupNode | undefined {
    if (target === undefined) return undefined;
    if ("resource" in target) return this.groups.get(target.resource.urn);
    const key = `external:${target.external}`;
    let node = this.groups.get(key);
    if (node === undefined) {
      node = { name: target.external, known: false, ingress: [], egress: [] };
      this.groups.set(key, node);
    }
    return node;
  }

  /** The route table a reference names: declared, or a stand-in with no routes yet. */
  tableOf(target: Target | undefined): RouteTableNode | undefined {
    if (target === undefined) return undefined;
    if ("resource" in target) return this.tables.get(target.resource.urn);
    const key = `external:${target.external}`;
    let table = this.tables.get(key);
    if (table === undefined) {
      table = { key, name: target.external, routes: [] };
      this.tables.set(key, table);
    }
    return table;
  }
}

/** The node a reference names, when it names a declared resource. */
export function declared<T>(target: Target | undefined, nodes: ReadonlyMap<string, T>): T | undefined {
  return target !== undefined && "resource" in target ? nodes.get(target.resource.urn) : undefined;
}
