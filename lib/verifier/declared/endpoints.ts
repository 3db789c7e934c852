/** The declared VPC endpoints, with their subnets, groups, route tables, DNS entries and policy. */
import type { EndpointNode, RouteTableNode, SubnetNode, VpcNode } from "../model";
import { DeclaredGraph, describeTarget, Target } from "./graph";
import { declared, DeclaredNodes } from "./nodes";
import { DeclaredResource, str, TYPE } from "./types";

/** Every declared endpoint, by its resource (the zones' aliases and the rules' prefix lists find them so). */
export function declareEndpoints(graph: DeclaredGraph, nodes: DeclaredNodes): Map<DeclaredResource, EndpointNode> {
  const endpoints = new Map<DeclaredResource, EndpointNode>();
  for (const r of graph.ofType(TYPE.endpoint)) {
    const entries = Array.isArray(r.props.dnsEntries) ? (r.props.dnsEntries as { dnsName?: unknown }[]) : [];
    const vpc = nodes.vpcOf(graph.ref(r, "vpcId", TYPE.vpc)[0]);
    // A subnet the stack does not declare, of an endpoint in a VPC it does not declare either (an adopted VPC), is
    // that VPC's: AWS creates an endpoint only in subnets of its own VPC (CreateVpcEndpoint, SubnetIds). Its block
    // is unknown; the VPC's stands for it.
    const undeclared = (t: Target): SubnetNode => (vpc !== undefined && !vpc.known ? { name: describeTarget(t), vpc, cidr: vpc.cidr } : { name: describeTarget(t) });
    endpoints.set(r, {
      name: r.name,
      vpc,
      serviceName: str(r.props.serviceName) ?? "",
      type: str(r.props.vpcEndpointType) ?? "Gateway",
      subnets: graph.ref(r, "subnetIds", TYPE.subnet).map((t) => declared(t, nodes.subnets) ?? undeclared(t)),
      securityGroups: graph.ref(r, "securityGroupIds", TYPE.securityGroup).flatMap((t) => nodes.groupOf(t) ?? []),
      routeTables: graph.ref(r, "routeTableIds", TYPE.routeTable).flatMap((t) => inVpc(nodes.tableOf(t), vpc) ?? []),
      privateDnsEnabled: r.props.privateDnsEnabled === true,
      dnsNames: entries.flatMap((e) => (typeof e.dnsName === "string" ? [e.dnsName] : [])),
      // In a preview a computed policy (or a secret one) has no value yet: known to exist, not what it says.
      policy: typeof r.props.policy === "string" ? r.props.policy : r.props.policy !== undefined || (r.propertyDependencies?.policy ?? []).length > 0 ? null : undefined,
    });
  }
  return endpoints;
}

/**
 * A route table the stack does not declare, named by an endpoint of a VPC it does not declare either (an adopted VPC),
 * is that VPC's, where nothing else placed it: AWS attaches a gateway endpoint only to its own VPC's tables.
 */
function inVpc(table: RouteTableNode | undefined, vpc: VpcNode | undefined): RouteTableNode | undefined {
  if (table !== undefined && table.vpc === undefined && table.key.startsWith("external:") && vpc !== undefined && !vpc.known) table.vpc = vpc;
  return table;
}
