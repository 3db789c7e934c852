/** The declared DRS replication configuration templates, with the staging subnet and groups each names. */
import type { TemplateNode } from "../model";
import type { DeclaredGraph } from "./graph";
import { declared, DeclaredNodes } from "./nodes";
import { str, TYPE } from "./types";

/** Every declared template; a subnet or group it names that the stack does not declare is left out. */
export function declareTemplates(graph: DeclaredGraph, nodes: DeclaredNodes): TemplateNode[] {
  return graph.ofType(TYPE.template).map((r): TemplateNode => ({
    name: r.name,
    stagingSubnet: declared(graph.ref(r, "stagingAreaSubnetId", TYPE.subnet)[0], nodes.subnets),
    securityGroups: graph.ref(r, "replicationServersSecurityGroupsIds", TYPE.securityGroup).flatMap((t) => declared(t, nodes.groups) ?? []),
    dataPlaneRouting: str(r.props.dataPlaneRouting),
    createPublicIp: typeof r.props.createPublicIp === "boolean" ? r.props.createPublicIp : undefined,
    associateDefaultSecurityGroup: typeof r.props.associateDefaultSecurityGroup === "boolean" ? r.props.associateDefaultSecurityGroup : undefined,
  }));
}
