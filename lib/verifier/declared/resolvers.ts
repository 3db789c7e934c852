/**
 * The declared Route 53 Resolver endpoints: each address's subnet (by id, or in a preview by the property's
 * dependencies, in order), the endpoint's VPC (its subnets'), its direction and security groups.
 */
import type { ResolverEndpointNode, SubnetNode } from "../model";
import type { DeclaredGraph } from "./graph";
import type { DeclaredNodes } from "./nodes";
import { str, TYPE } from "./types";

/** Every declared resolver endpoint. */
export function declareResolverEndpoints(graph: DeclaredGraph, nodes: DeclaredNodes): ResolverEndpointNode[] {
  return graph.ofType(TYPE.resolverEndpoint).map((r): ResolverEndpointNode => {
    const given = Array.isArray(r.props.ipAddresses) ? (r.props.ipAddresses as { subnetId?: unknown; ip?: unknown }[]) : [];
    const dependencies = (r.propertyDependencies?.ipAddresses ?? []).flatMap((urn) => nodes.subnets.get(urn) ?? []);
    const addresses = given.flatMap((a, i): { subnet: SubnetNode; ip?: string }[] => {
      const id = str(a.subnetId);
      const resource = id !== undefined ? graph.byId(TYPE.subnet, id) : undefined;
      const subnet = (resource !== undefined ? nodes.subnets.get(resource.urn) : undefined) ?? dependencies[i] ?? (id !== undefined ? { name: id } : undefined);
      return subnet === undefined ? [] : [{ subnet, ...(str(a.ip) !== undefined ? { ip: str(a.ip) } : {}) }];
    });
    return {
      name: r.name,
      vpc: addresses.find((a) => a.subnet.vpc !== undefined)?.subnet.vpc,
      direction: str(r.props.direction) ?? "INBOUND",
      addresses,
      securityGroups: graph.ref(r, "securityGroupIds", TYPE.securityGroup).flatMap((t) => nodes.groupOf(t) ?? []),
    };
  });
}
