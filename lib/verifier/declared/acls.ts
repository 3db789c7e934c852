/**
 * The declared network ACLs: a VPC's default ACL the stack manages (DefaultNetworkAcl, found by the VPC's
 * `defaultNetworkAclId`), and its own ACLs with their inline rules, separate rules and subnet associations.
 */
import type { NaclNode, NaclRuleNode, NetworkModel, SubnetNode, VpcNode } from "../model";
import type { DeclaredGraph } from "./graph";
import { declared, DeclaredNodes } from "./nodes";
import { str, TYPE } from "./types";

/** Every ACL with its VPC; each subnet's ACL; each VPC's managed default ACL. */
export function declareAcls(graph: DeclaredGraph, nodes: DeclaredNodes): Pick<NetworkModel, "subnetAcl" | "vpcDefaultAcl" | "acls"> {
  const subnetAcl = new Map<SubnetNode, NaclNode>();
  const vpcDefaultAcl = new Map<VpcNode, NaclNode>();
  const all: { acl: NaclNode; vpc?: VpcNode }[] = [];
  const acls = new Map<string, NaclNode>();
  for (const r of graph.ofType(TYPE.defaultNetworkAcl)) {
    // The VPC whose defaultNetworkAclId it adopts: by id, or in a preview by the property's dependency.
    const vpcResource =
      graph.ofType(TYPE.vpc).find((v) => typeof r.props.defaultNetworkAclId === "string" && v.props.defaultNetworkAclId === r.props.defaultNetworkAclId) ??
      graph.ofType(TYPE.vpc).find((v) => (r.propertyDependencies?.defaultNetworkAclId ?? []).includes(v.urn));
    const vpc = vpcResource !== undefined ? nodes.vpcs.get(vpcResource.urn) : undefined;
    const acl: NaclNode = { name: r.name, ingress: naclRules(r.props.ingress), egress: naclRules(r.props.egress) };
    all.push({ acl, vpc });
    if (vpc !== undefined) vpcDefaultAcl.set(vpc, acl);
  }
  for (const r of graph.ofType(TYPE.networkAcl)) {
    const acl: NaclNode = { name: r.name, ingress: naclRules(r.props.ingress), egress: naclRules(r.props.egress) };
    acls.set(r.urn, acl);
    all.push({ acl, vpc: nodes.vpcOf(graph.ref(r, "vpcId", TYPE.vpc)[0]) });
    for (const t of graph.ref(r, "subnetIds", TYPE.subnet)) {
      const subnet = declared(t, nodes.subnets);
      if (subnet !== undefined) subnetAcl.set(subnet, acl);
    }
  }
  for (const r of graph.ofType(TYPE.networkAclRule)) {
    const acl = declared(graph.ref(r, "networkAclId", TYPE.networkAcl)[0], acls);
    const rule = naclRules([{ ruleNo: r.props.ruleNumber, action: r.props.ruleAction, protocol: r.props.protocol, cidrBlock: r.props.cidrBlock, fromPort: r.props.fromPort, toPort: r.props.toPort }])[0];
    if (acl !== undefined) (r.props.egress === true ? acl.egress : acl.ingress).push(rule);
  }
  for (const r of graph.ofType(TYPE.networkAclAssociation)) {
    const acl = declared(graph.ref(r, "networkAclId", TYPE.networkAcl)[0], acls);
    const subnet = declared(graph.ref(r, "subnetId", TYPE.subnet)[0], nodes.subnets);
    if (acl !== undefined && subnet !== undefined) subnetAcl.set(subnet, acl);
  }
  return { subnetAcl, vpcDefaultAcl, acls: all };
}

function naclRules(value: unknown): NaclRuleNode[] {
  if (!Array.isArray(value)) return [];
  return (value as Record<string, unknown>[]).map((rule) => ({
    ruleNo: Number(rule.ruleNo ?? rule.ruleNumber ?? 0),
    allow: String(rule.action ?? "deny").toLowerCase() === "allow",
    protocol: String(rule.protocol ?? "-1").toLowerCase(),
    cidr: str(rule.cidrBlock),
    fromPort: Number(rule.fromPort ?? 0),
    toPort: Number(rule.toPort ?? 0),
  }));
}
