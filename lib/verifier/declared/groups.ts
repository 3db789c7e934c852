/**
 * The declared security groups and their rules: inline ones, and separate rule resources (the `vpc` ingress and
 * egress rules, and `ec2` SecurityGroupRule). A rule names other groups and prefix lists by id, or, where the id is not
 * known yet (a preview), by its property's dependencies; the references are matched once the groups and the gateway
 * endpoints, whose prefix lists rules name, are all declared.
 */
import type { EndpointNode, RuleNode, SecurityGroupNode } from "../model";
import type { DeclaredGraph } from "./graph";
import type { DeclaredNodes } from "./nodes";
import { DeclaredResource, str, TYPE } from "./types";

/**
 * A reference inside a security group rule to another group or a prefix list: its id, or, where the id is not
 * known yet (a preview), the URNs of the resources the rule's property depends on.
 */
type RuleRef = string | { readonly dependsOn: readonly string[] };

/** A rule as declared, before its references are matched to groups and endpoints. */
interface PendingRule extends Omit<RuleNode, "groups" | "prefixListServices"> {
  readonly groupRefs: readonly RuleRef[];
  readonly prefixListRefs: readonly RuleRef[];
}

/** The rules waiting for their references, by the list (a group's ingress or egress) they go into. */
export type PendingRules = Map<RuleNode[], PendingRule[]>;

/** Every declared group (and default group) with no rules yet; returns its inline rules, pending. */
export function declareGroups(graph: DeclaredGraph, nodes: DeclaredNodes): PendingRules {
  const pending: PendingRules = new Map();
  for (const r of [...graph.ofType(TYPE.securityGroup), ...graph.ofType(TYPE.defaultSecurityGroup)]) {
    const group: SecurityGroupNode = {
      name: r.name,
      known: true,
      isDefault: r.type === TYPE.defaultSecurityGroup,
      vpc: nodes.vpcOf(graph.ref(r, "vpcId", TYPE.vpc)[0]),
      ingress: [],
      egress: [],
    };
    pending.set(group.ingress, inlineRules(r, "ingress", group));
    pending.set(group.egress, inlineRules(r, "egress", group));
    nodes.groups.set(r.urn, group);
  }
  return pending;
}

/** Add each separate rule resource, pending, after its group's inline rules. */
export function addSeparateRules(graph: DeclaredGraph, nodes: DeclaredNodes, pending: PendingRules): void {
  for (const r of [...graph.ofType(TYPE.ingressRule), ...graph.ofType(TYPE.egressRule), ...graph.ofType(TYPE.groupRule)]) {
    const group = nodes.groupOf(graph.ref(r, "securityGroupId", TYPE.securityGroup)[0]);
    if (group === undefined) continue;
    const ingress = r.type === TYPE.ingressRule || (r.type === TYPE.groupRule && r.props.type === "ingress");
    const rules = ingress ? group.ingress : group.egress;
    pending.set(rules, [...(pending.get(rules) ?? []), separateRule(r)]);
  }
}

/** Match each rule's group and prefix-list references to the groups and gateway endpoints they name. */
export function resolveRules(graph: DeclaredGraph, nodes: DeclaredNodes, pending: PendingRules, endpoints: Map<DeclaredResource, EndpointNode>): void {
  const groupResources = [...graph.ofType(TYPE.securityGroup), ...graph.ofType(TYPE.defaultSecurityGroup)];
  for (const [rules, waiting] of pending) {
    for (const { groupRefs, prefixListRefs, ...rule } of waiting) {
      rules.push({
        ...rule,
        groups: groupResources.filter((g) => groupRefs.some((ref) => refersTo(ref, g, g.props.id))).flatMap((g) => nodes.groups.get(g.urn) ?? []),
        prefixListServices: [...endpoints]
          .filter(([r]) => prefixListRefs.some((ref) => refersTo(ref, r, r.props.prefixListId)))
          .map(([, e]) => e.serviceName),
      });
    }
  }
}

function inlineRules(r: DeclaredResource, prop: "ingress" | "egress", owner: SecurityGroupNode): PendingRule[] {
  const value = r.props[prop];
  if (!Array.isArray(value)) return [];
  const deps = r.propertyDependencies?.[prop] ?? [];
  return (value as Record<string, unknown>[]).map((rule) => ({
    owner,
    protocol: String(rule.protocol ?? "-1").toLowerCase(),
    fromPort: Number(rule.fromPort ?? 0),
    toPort: Number(rule.toPort ?? 0),
    cidrs: Array.isArray(rule.cidrBlocks) ? (rule.cidrBlocks as string[]) : [],
    ipv6Cidrs: Array.isArray(rule.ipv6CidrBlocks) ? (rule.ipv6CidrBlocks as string[]) : [],
    groupRefs: ruleRefs(rule.securityGroups, deps),
    prefixListRefs: ruleRefs(rule.prefixListIds, deps),
  }));
}

function ruleRefs(value: unknown, deps: readonly string[]): RuleRef[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => (typeof v === "string" && v !== "" ? v : { dependsOn: deps }));
}

function separateRule(r: DeclaredResource): PendingRule {
  const p = r.props;
  const one = (value: unknown, prop: string): RuleRef[] =>
    value === undefined && (r.propertyDependencies?.[prop] ?? []).length === 0 ? [] : ruleRefs([value], r.propertyDependencies?.[prop] ?? []);
  return {
    owner: { name: r.name },
    protocol: String(p.ipProtocol ?? p.protocol ?? "-1").toLowerCase(),
    fromPort: Number(p.fromPort ?? 0),
    toPort: Number(p.toPort ?? 0),
    cidrs: [...(str(p.cidrIpv4) !== undefined ? [String(p.cidrIpv4)] : []), ...(Array.isArray(p.cidrBlocks) ? (p.cidrBlocks as string[]) : [])],
    ipv6Cidrs: [...(str(p.cidrIpv6) !== undefined ? [String(p.cidrIpv6)] : []), ...(Array.isArray(p.ipv6CidrBlocks) ? (p.ipv6CidrBlocks as string[]) : [])],
    groupRefs: one(p.referencedSecurityGroupId ?? p.sourceSecurityGroupId, p.referencedSecurityGroupId !== undefined ? "referencedSecurityGroupId" : "sourceSecurityGroupId"),
    prefixListRefs: one(p.prefixListId, "prefixListId"),
  };
}

/** Whether a rule reference names this resource, by its id or by the rule's dependency on it. */
function refersTo(ref: RuleRef, target: DeclaredResource, id: unknown): boolean {
  return typeof ref === "string" ? ref === id : ref.dependsOn.includes(target.urn);
}
