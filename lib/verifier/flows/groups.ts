/** The security groups on a flow's way: the target's ingress, and the origin's own egress where it wears groups. */
import { blockContains, ipv4BlockProblem, parseIpv4Block } from "../../cidr";
import { PROTOCOL_NAMES } from "../acl";
import { blame, EndpointNode, RuleNode, SecurityGroupNode } from "../model";
import type { Hops, Origin } from "./origin";

/** Whether `groups` admit TCP (or UDP) `port` from every address of the origin, by block or by the origin's own groups. */
export function admits(groups: readonly SecurityGroupNode[], origin: Origin, port: number, owner: { name: string; id?: string }, protocol: "tcp" | "udp" = "tcp"): Hops {
  const cidr = origin.cidr ?? "";
  const what = `${protocol.toUpperCase()} ${port}`;
  if (groups.length === 0) {
    return { blocked: blame(owner, "has no security group, so it gets its VPC's default group, which admits nothing") };
  }
  const source = parseIpv4Block(cidr);
  for (const group of groups) {
    for (const rule of group.ingress) {
      if (!coversPort(rule, port, protocol)) continue;
      const match = rule.cidrs.find((c) => ipv4BlockProblem(c) === undefined && blockContains(parseIpv4Block(c), source));
      if (match !== undefined) return { hops: [`${group.name}: ${what} from ${match}`] };
      const byGroup = origin.groups.find((g) => rule.groups.includes(g));
      if (byGroup !== undefined) return { hops: [`${group.name}: ${what} from ${byGroup.name}`] };
    }
  }
  const unknown = groups.find((g) => !g.known);
  if (unknown !== undefined) {
    return { blocked: blame(unknown, `is not declared in this stack, so whether it admits ${what} from ${cidr} cannot be checked`) };
  }
  const ids = groups.flatMap((g) => (g.id !== undefined ? [g.id] : []));
  return { blocked: { component: groups.map((g) => g.name).join(", "), ...(ids.length > 0 ? { id: ids.join(", ") } : {}), reason: `admits no ${what} from ${cidr}` } };
}

/**
 * Whether the origin's own security groups let TCP `port` out to the target: its block, one of its groups, or a
 * gateway endpoint's prefix list. An origin that wears no group is not checked.
 */
export function egressAllows(
  origin: Origin,
  port: number,
  target: { readonly cidr?: string; readonly groups?: readonly SecurityGroupNode[]; readonly prefixListOf?: EndpointNode },
  what: string,
): Hops {
  if (origin.groups.length === 0) return { hops: [] };
  for (const group of origin.groups) {
    for (const rule of group.egress) {
      if (!coversPort(rule, port)) continue;
      if (target.cidr !== undefined) {
        const dest = parseIpv4Block(target.cidr);
        const match = rule.cidrs.find((c) => ipv4BlockProblem(c) === undefined && blockContains(parseIpv4Block(c), dest));
        if (match !== undefined) return { hops: [`${group.name}: out TCP ${port} to ${match}`] };
      }
      const toGroup = (target.groups ?? []).find((g) => rule.groups.includes(g));
      if (toGroup !== undefined) return { hops: [`${group.name}: out TCP ${port} to ${toGroup.name}`] };
      const gateway = target.prefixListOf;
      if (gateway !== undefined && rule.prefixListServices.includes(gateway.serviceName)) {
        return { hops: [`${group.name}: out TCP ${port} to the prefix list of ${gateway.name}`] };
      }
    }
  }
  const ids = origin.groups.flatMap((g) => (g.id !== undefined ? [g.id] : []));
  return {
    blocked: {
      component: origin.groups.map((g) => g.name).join(", "),
      ...(ids.length > 0 ? { id: ids.join(", ") } : {}),
      reason: `lets no TCP ${port} out to ${what}${target.cidr !== undefined ? ` (${target.cidr})` : ""}`,
    },
  };
}

function coversPort(rule: RuleNode, port: number, protocol: "tcp" | "udp" = "tcp"): boolean {
  const all = rule.protocol === "-1" || rule.protocol === "all";
  return all || (PROTOCOL_NAMES[rule.protocol] === protocol && rule.fromPort <= port && port <= rule.toPort);
}
