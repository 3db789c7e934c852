/** The network ACLs on a flow's way, both ways: the request's port, then the replies on the clients' ephemeral ports. */
import { CLIENT_EPHEMERAL_PORTS } from "../../networkAcl";
import { naclDecisions } from "../acl";
import { aclOf, blame, NaclNode, NetworkModel, SubnetNode } from "../model";
import type { Hops, Origin } from "./origin";

/**
 * Whether the network ACLs on the way let a TCP connection (or a UDP query) to `port` through, and its replies back
 * on the clients' ephemeral ports: out of the origin's subnet and into the destination's, then back. S3 through a
 * gateway endpoint has no block a network ACL could name: its rules must name 0.0.0.0/0. Traffic within one subnet is
 * not filtered. For a network outside AWS the origin's subnet is its transit gateway attachment's, whose ACL AWS reads
 * the same way: outbound toward the destination, inbound for the replies from it
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html).
 */
export function naclsAllow(model: NetworkModel, origin: Origin, destination: { subnet: SubnetNode; cidr: string } | "S3", port: number, protocol: "tcp" | "udp" = "tcp"): Hops {
  const to = destination === "S3" ? undefined : destination.subnet;
  if (origin.subnet !== undefined && origin.subnet === to) return { hops: [] };
  const toCidr = destination === "S3" ? "S3" : destination.cidr;
  const fromAcl = aclOf(model, origin.subnet);
  const toAcl = aclOf(model, to);
  const p = protocol.toUpperCase();
  const replies = `the replies (${p} ${CLIENT_EPHEMERAL_PORTS.from}-${CLIENT_EPHEMERAL_PORTS.to})`;
  const checks: [NaclNode | undefined, "ingress" | "egress", { from: number; to: number }, string, string][] = [
    [fromAcl, "egress", { from: port, to: port }, toCidr, `out ${p} ${port} to ${toCidr}`],
    [toAcl, "ingress", { from: port, to: port }, origin.cidr ?? "", `in ${p} ${port} from ${origin.cidr}`],
    [toAcl, "egress", CLIENT_EPHEMERAL_PORTS, origin.cidr ?? "", `out ${replies} to ${origin.cidr}`],
    [fromAcl, "ingress", CLIENT_EPHEMERAL_PORTS, toCidr, `in ${replies} from ${toCidr}`],
  ];
  const hops: string[] = [];
  for (const [acl, direction, ports, cidr, what] of checks) {
    if (acl === undefined) continue;
    const decisions = naclDecisions(acl[direction], protocol, ports, cidr, "required");
    const refused = decisions.find((d) => d.rule === undefined || !d.rule.allow);
    if (refused !== undefined) {
      const which = refused.from === ports.from && refused.to === ports.to ? "" : ` on ${refused.from === refused.to ? refused.from : `${refused.from}-${refused.to}`}`;
      return { blocked: blame(acl, `does not let ${what}${which}${refused.rule !== undefined ? ` (rule ${refused.rule.ruleNo} denies)` : ""}`) };
    }
    hops.push(`${acl.name}: rule ${[...new Set(decisions.map((d) => d.rule?.ruleNo))].join(", ")} ${direction === "ingress" ? "in" : "out"}`);
  }
  return { hops };
}
