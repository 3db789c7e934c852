/**
 * Where a flow starts, and what each step of its path answers: the hops it passed, or the first component that blocks
 * it. An origin is a subnet, or for a VPC whose subnets the model does not know one of its route tables standing for
 * its block; the replication servers are an origin too, in their template's staging subnet.
 */
import type { Finding, NetworkModel, RouteTableNode, SecurityGroupNode, SubnetNode, TemplateNode, VpcNode } from "../model";

/** Where a flow starts: a subnet, or for an undeclared VPC one of its route tables standing for its block. */
export interface Origin {
  readonly name: string;
  /** The resource that stands for the origin in a diagram: its subnet, or its VPC. */
  readonly node: string;
  readonly cidr?: string;
  readonly vpc?: VpcNode;
  readonly table?: RouteTableNode;
  /** The subnet, named when the origin has no route table. */
  readonly subnet?: SubnetNode;
  /** The security groups the origin's servers wear; their egress is checked when there are any. */
  readonly groups: readonly SecurityGroupNode[];
}

/** One step of a path: the hops it adds, or what blocks it. */
export type Hops = { readonly hops: string[] } | { readonly blocked: Finding };

/** The origins of a VPC: each of its subnets, else each of its route tables. */
export function originsOf(model: NetworkModel, vpc: VpcNode, groups: readonly SecurityGroupNode[]): Origin[] {
  const subnets = model.subnets.filter((s) => s.vpc === vpc);
  if (subnets.length > 0) {
    return subnets.map((s) => ({ name: s.name, node: s.name, cidr: s.cidr, vpc, table: model.subnetTable.get(s), subnet: s, groups }));
  }
  return model.tables.filter((t) => t.vpc === vpc).map((t) => ({ name: `${vpc.name} via ${t.name}`, node: vpc.name, cidr: vpc.cidr, vpc, table: t, groups }));
}

/** A template's replication servers as an origin: in its staging subnet, wearing its groups. */
export function replicationServers(model: NetworkModel, template: TemplateNode): Origin {
  const stagingArea = template.stagingSubnet;
  return {
    name: `replication servers in ${stagingArea?.name ?? "the staging area"}`,
    node: stagingArea?.name ?? template.name,
    cidr: stagingArea?.cidr,
    vpc: stagingArea?.vpc,
    table: stagingArea !== undefined ? model.subnetTable.get(stagingArea) : undefined,
    subnet: stagingArea,
    groups: template.securityGroups,
  };
}

/** A flow verdict's id: from the origin to the target. */
export function flowId(origin: Origin, target: string): string {
  return `flow:${origin.name}->${target}`;
}

/** The origin as a finding's component: its subnet where it has one. */
export function originNode(origin: Origin) {
  return origin.subnet !== undefined && origin.subnet.name === origin.name ? origin.subnet : { name: origin.name };
}
