/**
 * Whether a network outside AWS gets into its VPC: its connection there and usable (a transit gateway attachment
 * `available`, which a transit gateway of another account must first accept; a virtual private gateway attached),
 * and on a virtual private gateway with VPNs, one VPN that routes the block with a tunnel UP. One verdict per network
 * on its connection, and one per VPN on its tunnels: none UP fails, one down of two warns (the VPN works on the other,
 * without its redundancy). Offline a connection's state and a VPN's tunnels are not known: verify-live reads them.
 */
import { blockContains, ipv4BlockProblem, parseIpv4Block } from "../../cidr";
import { blame, ConnectionNode, ExternalNetworkNode, Finding, VpnNode } from "../model";
import type { Verdict } from "../verdict";
import type { Hops } from "./origin";

/** What a network's connection is called in a sentence: the connection the model has, else what the config names. */
export function via(network: ExternalNetworkNode): string {
  return network.connection?.name ?? network.connectionLabel;
}

/** Why a network has no usable connection into its VPC, or `undefined`. */
function connectionProblem(network: ExternalNetworkNode): Finding | undefined {
  if (network.vpc === undefined) return { component: network.connectionLabel, reason: `is attached to no VPC the stack declares, so ${network.name} reaches nothing` };
  const c = network.connection;
  if (c === undefined) return { component: network.connectionLabel, reason: `has no attachment to ${network.vpc.name}, so ${network.name} has no way in` };
  if (c.unusable !== undefined) return blame(c, c.unusable);
  if (c.vpc !== network.vpc) return blame(c, `is attached to ${c.vpc?.name ?? "no VPC"}, not to ${network.vpc.name}`);
  return undefined;
}

/** Why a VPN carries nothing, or `undefined` (tunnels not read: taken as up). */
export function vpnProblem(vpn: VpnNode): string | undefined {
  if (vpn.state !== undefined) return `is ${vpn.state}, not available`;
  if (vpn.tunnels === undefined || vpn.tunnels.some((t) => t.status === "UP")) return undefined;
  return `has no tunnel UP (${vpn.tunnels.length === 0 ? "AWS reports no tunnel" : vpn.tunnels.map(tunnelText).join(", ")})`;
}

function tunnelText(t: { outsideIp: string; status: string; statusMessage?: string }): string {
  return `tunnel ${t.outsideIp} ${t.status}${t.statusMessage !== undefined && t.statusMessage !== "" ? `: ${t.statusMessage}` : ""}`;
}

/** Whether the connection carries a block in: usable, and on a gateway with VPNs a VPN up that routes it. */
export function carries(network: ExternalNetworkNode, block: string): Hops {
  const problem = connectionProblem(network);
  if (problem !== undefined) return { blocked: problem };
  const c = network.connection as ConnectionNode;
  if (c.kind !== "vpn-gateway" || c.vpns.length === 0) return { hops: [c.name] };
  const inside = (route: string) => ipv4BlockProblem(route) === undefined && blockContains(parseIpv4Block(route), parseIpv4Block(block));
  const carriers = c.vpns.filter((v) => v.staticRoutes === undefined || v.staticRoutes.some(inside));
  if (carriers.length === 0) {
    return { blocked: blame(c, `has no VPN that routes ${block} to ${network.name} (their static routes: ${c.vpns.flatMap((v) => v.staticRoutes ?? []).join(", ") || "none"})`) };
  }
  const up = carriers.find((v) => vpnProblem(v) === undefined);
  if (up === undefined) return { blocked: blame(carriers[0], vpnProblem(carriers[0]) ?? "") };
  return { hops: [up.name, c.name] };
}

/** The verdict on a network's connection: usable into its VPC. */
export function connectionVerdict(network: ExternalNetworkNode): Verdict {
  const id = `connection:${network.name}`;
  const description = `${network.name} (${network.cidrBlocks.join(", ")}) is connected to ${network.vpc?.name ?? "the staging VPC"} through ${via(network)}`;
  const between = { from: network.name, to: network.connection?.name ?? network.connectionLabel };
  const problem = connectionProblem(network);
  if (problem !== undefined) return { id, kind: "required-flow", flow: "connection", between, description, passed: false, blockedBy: problem };
  const c = network.connection as ConnectionNode;
  // Offline (no live id) whether the owner of the transit gateway accepted the attachment is not known.
  const notes = c.kind === "transit-gateway" && c.id === undefined ? ["whether the transit gateway's owner accepts the attachment (a transit gateway of another account, without auto-accept) is read live"] : [];
  return { id, kind: "required-flow", flow: "connection", between, description, passed: true, path: [network.name, c.name, network.vpc?.name ?? ""], ...(notes.length > 0 ? { notes } : {}) };
}

/** The verdict on a VPN's tunnels: one UP at least (fails otherwise); one down of two is a warning. */
export function vpnVerdict(vpn: VpnNode, gateway: ConnectionNode): Verdict {
  const base = { id: `vpn:${vpn.name}`, flow: "IPsec", between: { from: vpn.name, to: gateway.name }, description: `the Site-to-Site VPN ${vpn.name} on ${gateway.name} has a tunnel UP` };
  const problem = vpnProblem(vpn);
  if (problem !== undefined) return { ...base, kind: "required-flow", passed: false, blockedBy: blame(vpn, problem) };
  if (vpn.tunnels === undefined) return { ...base, kind: "required-flow", passed: true, notes: ["its tunnels' status is read live (npm run verify-live)"] };
  const down = vpn.tunnels.filter((t) => t.status !== "UP");
  const path = vpn.tunnels.map(tunnelText);
  if (down.length === 0) return { ...base, kind: "required-flow", passed: true, path };
  return {
    ...base,
    kind: "warning",
    passed: true,
    path,
    notes: [`${vpn.name}${vpn.id !== undefined && vpn.id !== vpn.name ? ` (${vpn.id})` : ""} runs without its redundancy: ${down.map(tunnelText).join(", ")}`],
  };
}
