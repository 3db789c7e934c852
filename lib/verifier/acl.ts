/** Network ACL evaluation: how a list of numbered rules decides traffic, as AWS reads them (lowest number first). */
import { blockContains, blocksOverlap, ipv4BlockProblem, parseIpv4Block } from "../cidr";
import { ANYWHERE } from "../networkAcl";
import type { NaclRuleNode } from "./model";

/** Protocol names and numbers as network ACL and security group rules write them, to one name. */
export const PROTOCOL_NAMES: Readonly<Record<string, string>> = { tcp: "tcp", "6": "tcp", udp: "udp", "17": "udp", icmp: "icmp", "1": "icmp" };

/**
 * How a network ACL's rules, lowest number first, decide traffic of `protocol` on `ports` with `cidr` at the other
 * end: the port ranges, each with the rule that decides it (none: the implicit deny). `required` asks whether all of
 * `cidr` passes (an allow must hold the whole block, a deny that touches it counts); `forbidden` whether any of it
 * can (an allow that touches it counts, a deny must hold it all); `exact` reads rules for exactly that block, as
 * Security Hub does for 0.0.0.0/0. `S3` stands for the gateway endpoint's addresses, which only 0.0.0.0/0 names.
 */
export function naclDecisions(
  rules: readonly NaclRuleNode[],
  protocol: "tcp" | "udp" | "icmp" | "other",
  ports: { readonly from: number; readonly to: number },
  cidr: string,
  mode: "required" | "forbidden" | "exact",
): { from: number; to: number; rule?: NaclRuleNode }[] {
  const flow = cidr === "S3" || ipv4BlockProblem(cidr) !== undefined ? undefined : parseIpv4Block(cidr);
  const applies = (rule: NaclRuleNode): boolean => {
    if (rule.cidr === undefined || ipv4BlockProblem(rule.cidr) !== undefined) return false;
    if (cidr === "S3") return rule.cidr === ANYWHERE;
    if (flow === undefined) return false;
    const block = parseIpv4Block(rule.cidr);
    const wholeBlock = mode === "exact" || (mode === "required" ? rule.allow : !rule.allow);
    return wholeBlock ? blockContains(block, flow) : blocksOverlap(block, flow);
  };
  let open = [{ from: ports.from, to: ports.to }];
  const decided: { from: number; to: number; rule?: NaclRuleNode }[] = [];
  for (const rule of [...rules].sort((a, b) => a.ruleNo - b.ruleNo)) {
    if (open.length === 0) break;
    const anyProtocol = rule.protocol === "-1" || rule.protocol === "all";
    if (!anyProtocol && PROTOCOL_NAMES[rule.protocol] !== protocol) continue;
    if (!applies(rule)) continue;
    // Ports apply to TCP and UDP rules only.
    const [low, high] = anyProtocol || protocol === "icmp" || protocol === "other" ? [-Infinity, Infinity] : [rule.fromPort, rule.toPort];
    open = open.flatMap((range) => {
      const from = Math.max(range.from, low);
      const to = Math.min(range.to, high);
      if (from > to) return [range];
      decided.push({ from, to, rule });
      return [...(range.from < from ? [{ from: range.from, to: from - 1 }] : []), ...(to < range.to ? [{ from: to + 1, to: range.to }] : [])];
    });
  }
  return [...decided, ...open].sort((a, b) => a.from - b.from);
}

/** A port range with the given ports taken out. */
export function withoutPorts(range: { from: number; to: number }, ports: readonly number[]): { from: number; to: number }[] {
  return [...ports]
    .sort((a, b) => a - b)
    .reduce(
      (ranges, port) => ranges.flatMap((r) => (port < r.from || port > r.to ? [r] : [...(r.from < port ? [{ from: r.from, to: port - 1 }] : []), ...(port < r.to ? [{ from: port + 1, to: r.to }] : [])])),
      [{ from: range.from, to: range.to }],
    );
}
