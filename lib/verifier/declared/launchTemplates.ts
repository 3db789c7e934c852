/**
 * The declared EC2 launch templates (the account's default one, which DRS copies to each new source server): the
 * subnet and groups of the first network interface (by id, or in a preview by the `networkInterfaces` property's
 * dependencies), whether it asks for a public address, and the metadata service's `httpTokens`.
 */
import type { LaunchTemplateNode, SecurityGroupNode, SubnetNode } from "../model";
import type { DeclaredGraph } from "./graph";
import type { DeclaredNodes } from "./nodes";
import { DeclaredResource, str, TYPE } from "./types";

/** Where an interface of an adopted recovery VPC lands: the subnets the configuration names. */
export interface AdoptedSubnets {
  readonly ids: readonly string[];
  readonly of: (id: string) => SubnetNode;
}

/** Every declared launch template. */
export function declareLaunchTemplates(graph: DeclaredGraph, nodes: DeclaredNodes, adopted?: AdoptedSubnets): LaunchTemplateNode[] {
  return graph.ofType(TYPE.launchTemplate).map((r): LaunchTemplateNode => {
    const nic = firstInterface(r);
    const metadata = r.props.metadataOptions as Record<string, unknown> | undefined;
    const publicIp = booleanOf(nic?.associatePublicIpAddress);
    return {
      name: r.name,
      ...(r.region !== undefined ? { region: r.region } : {}),
      ...subnetOf(graph, nodes, r, nic, adopted),
      securityGroups: groupsOf(graph, nodes, r, nic),
      ...(publicIp !== undefined ? { associatePublicIp: publicIp } : {}),
      ...(str(metadata?.httpTokens) !== undefined ? { httpTokens: str(metadata?.httpTokens) } : {}),
    };
  });
}

/** The network interface of device index 0 (else the first listed). */
function firstInterface(r: DeclaredResource): Record<string, unknown> | undefined {
  const nics = Array.isArray(r.props.networkInterfaces) ? (r.props.networkInterfaces as Record<string, unknown>[]) : [];
  return nics.find((n) => Number(n.deviceIndex ?? 0) === 0) ?? nics[0];
}

/** `"true"`/`true` and `"false"`/`false` (the provider takes the string); anything else is unset. */
function booleanOf(value: unknown): boolean | undefined {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return undefined;
}

/** The interface's subnet: declared by id, else by dependency (a preview), else a stand-in named by its id. */
function subnetOf(graph: DeclaredGraph, nodes: DeclaredNodes, r: DeclaredResource, nic: Record<string, unknown> | undefined, adopted?: AdoptedSubnets): { subnet?: SubnetNode } {
  const id = str(nic?.subnetId);
  const byId = id !== undefined ? graph.byId(TYPE.subnet, id) : undefined;
  const byDependency = (r.propertyDependencies?.networkInterfaces ?? []).find((urn) => nodes.subnets.has(urn));
  const subnet = (byId !== undefined ? nodes.subnets.get(byId.urn) : undefined) ?? (byDependency !== undefined ? nodes.subnets.get(byDependency) : undefined);
  if (subnet !== undefined) return { subnet };
  if (id === undefined) return {};
  return { subnet: adopted !== undefined && adopted.ids.includes(id) ? adopted.of(id) : { name: id } };
}

/** The interface's groups (else the template's own `vpcSecurityGroupIds`): declared by id or dependency, or stand-ins. */
function groupsOf(graph: DeclaredGraph, nodes: DeclaredNodes, r: DeclaredResource, nic: Record<string, unknown> | undefined): SecurityGroupNode[] {
  const ids = [nic?.securityGroups, nic === undefined ? r.props.vpcSecurityGroupIds : undefined].flatMap((v) => (Array.isArray(v) ? v : []));
  const known = ids.flatMap((id): SecurityGroupNode[] => {
    if (typeof id !== "string" || id === "") return [];
    const group = graph.byId(TYPE.securityGroup, id);
    return [nodes.groupOf(group !== undefined ? { resource: group } : { external: id }) as SecurityGroupNode];
  });
  if (known.length > 0 || ids.length === 0) return known;
  // A preview: the ids are not known yet, the dependencies name the groups.
  return [...(r.propertyDependencies?.networkInterfaces ?? []), ...(r.propertyDependencies?.vpcSecurityGroupIds ?? [])].flatMap((urn) => nodes.groups.get(urn) ?? []);
}
