/**
 * The declared flow logs, each with its delivery role's inline policies and whether each reaches every resource; a
 * policy not known yet (a preview) is noted, not judged.
 */
import type { FlowLogNode } from "../model";
import type { DeclaredGraph } from "./graph";
import type { DeclaredNodes } from "./nodes";
import { DeclaredResource, str, TYPE } from "./types";

/** Flow logs, each with its delivery role's inline policies, and whether each policy reaches every resource. */
export function declareFlowLogs(graph: DeclaredGraph, nodes: DeclaredNodes): { flowLogs: FlowLogNode[]; flowLogNotes: string[] } {
  const flowLogNotes: string[] = [];
  const flowLogs = graph.ofType(TYPE.flowLog).map((f): FlowLogNode => {
    const role =
      graph.ref(f, "iamRoleArn", TYPE.role).find((t): t is { resource: DeclaredResource } => "resource" in t)?.resource ??
      graph.ofType(TYPE.role).find((r) => r.props.arn === f.props.iamRoleArn);
    const policies =
      role === undefined ? [] : graph.ofType(TYPE.rolePolicy).filter((p) => graph.ref(p, "role", TYPE.role).some((t) => "resource" in t && t.resource === role) || p.props.role === role.props.id);
    return {
      name: f.name,
      vpc: nodes.vpcOf(graph.ref(f, "vpcId", TYPE.vpc)[0]),
      trafficType: str(f.props.trafficType),
      rolePolicies: policies.map((p) => {
        if (typeof p.props.policy !== "string") {
          flowLogNotes.push(`${p.name}: the policy is not known yet (a preview), so its scope is not checked`);
          return { name: p.name, roleName: role?.name ?? "", wide: undefined };
        }
        const statements = (JSON.parse(p.props.policy) as { Statement?: { Effect?: string; Resource?: string | string[] }[] }).Statement ?? [];
        return { name: p.name, roleName: role?.name ?? "", wide: statements.some((st) => st.Effect === "Allow" && [st.Resource ?? "*"].flat().some((res) => res === "*")) };
      }),
    };
  });
  return { flowLogs, flowLogNotes };
}
