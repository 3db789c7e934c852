/**
 * What the stack declares that could face the internet: gateways and Elastic IPs (with the VPC each is attached to or
 * in, where it names one), and instances with a public address.
 */
import type { Finding, VpcNode } from "../model";
import type { DeclaredGraph } from "./graph";
import { declared, DeclaredNodes } from "./nodes";
import { DeclaredResource, INTERNET_FACING_TYPES, TYPE } from "./types";

/** Every declared resource of an internet-facing type, with what it is, and the VPC of each that names one. */
export function declaredInternetFacing(graph: DeclaredGraph, nodes: DeclaredNodes): { internetFacing: Finding[]; internetFacingVpc: Map<Finding, VpcNode> } {
  const internetFacingVpc = new Map<Finding, VpcNode>();
  const internetFacing = graph.resources
    .filter((r) => r.type in INTERNET_FACING_TYPES)
    .map((r) => {
      const finding: Finding = { component: r.name, reason: `is ${INTERNET_FACING_TYPES[r.type]}` };
      const vpc = vpcOfGateway(graph, nodes, r);
      if (vpc !== undefined) internetFacingVpc.set(finding, vpc);
      return finding;
    });
  return { internetFacing, internetFacingVpc };
}

/** The VPC of the model a gateway is attached to (`vpcId`), or a NAT gateway's subnet's; none for an Elastic IP. (No stand-in is made.) */
function vpcOfGateway(graph: DeclaredGraph, nodes: DeclaredNodes, r: DeclaredResource): VpcNode | undefined {
  if (r.type === TYPE.natGateway) return declared(graph.ref(r, "subnetId", TYPE.subnet)[0], nodes.subnets)?.vpc;
  if (r.type !== TYPE.internetGateway && r.type !== TYPE.internetGatewayAttachment && r.type !== TYPE.egressOnlyInternetGateway) return undefined;
  const target = graph.ref(r, "vpcId", TYPE.vpc)[0];
  if (target === undefined) return undefined;
  return "resource" in target ? nodes.vpcs.get(target.resource.urn) : nodes.vpcs.get(`external:${target.external}`);
}

/** Every declared instance that asks for a public address. */
export function declaredPublicAddresses(graph: DeclaredGraph): Finding[] {
  return graph
    .ofType(TYPE.instance)
    .filter((r) => r.props.associatePublicIpAddress === true)
    .map((r): Finding => ({ component: r.name, reason: "has a public IP address" }));
}
