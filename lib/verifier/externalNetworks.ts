/**
 * The networks outside AWS, for either builder. From the configuration's external sources where they are given
 * (authoritative: a source whose connection the model lacks is still there, unconnected), each matched to the
 * connection the model has for it; else inferred, one network per connection, its blocks the private ones the
 * connection's VPC routes to it and its VPNs' static routes, a resolver client where the inbound resolver's groups or
 * its subnets' network ACL admit DNS from one of them. Inferred networks are noted: a route missing from every table
 * then goes unseen.
 */
import { blockContains, ipv4BlockProblem, parseIpv4Block } from "../cidr";
import { externalBlockProblem } from "../external";
import { naclDecisions } from "./acl";
import type { ConnectionNode, ExternalNetworkNode, NaclNode, ResolverEndpointNode, RouteTableNode, SubnetNode, VpcNode } from "./model";

/** What the configuration says of one source outside AWS (the settings' `ExternalSourceSettings` has this shape). */
export interface ExternalSourceFacts {
  readonly name: string;
  readonly cidrBlocks: readonly string[];
  readonly connection:
    | { readonly kind: "transit-gateway"; readonly transitGatewayId: string }
    | { readonly kind: "vpn-gateway"; readonly vpnGatewayId: string }
    | { readonly kind: "site-to-site-vpn"; readonly customerGatewayIp: string };
  readonly dns: "endpoint-flag" | "resolver";
}

/** What the networks are matched against: the model's connections, route tables and resolvers so far. */
export interface ExternalInputs {
  readonly connections: readonly ConnectionNode[];
  readonly tables: readonly RouteTableNode[];
  readonly resolvers: readonly ResolverEndpointNode[];
  /** The VPC the sources reach when no connection says (the staging VPC), where known. */
  readonly staging?: VpcNode;
  readonly aclOf: (subnet: SubnetNode) => NaclNode | undefined;
}

/** The external networks: from the facts when given (even none), else inferred from the model (with a note). */
export function externalNetworks(facts: readonly ExternalSourceFacts[] | undefined, inputs: ExternalInputs, notes: string[]): ExternalNetworkNode[] {
  if (facts !== undefined) return facts.map((f) => configuredNetwork(f, inputs));
  const inferred = inputs.connections.flatMap((c) => inferredNetwork(c, inputs));
  if (inferred.length > 0) {
    notes.push(
      `the networks outside AWS are inferred from the routes to their connections (${inferred.map((n) => `${n.name}: ${n.cidrBlocks.join(", ")}`).join("; ")}); ` +
        "with the configuration's sources a block no route table names is caught too",
    );
  }
  return inferred;
}

/** One configured source, with the connection the model has for it. */
function configuredNetwork(f: ExternalSourceFacts, inputs: ExternalInputs): ExternalNetworkNode {
  const c = f.connection;
  const vgws = inputs.connections.filter((x) => x.kind === "vpn-gateway");
  const connection =
    c.kind === "transit-gateway"
      ? inputs.connections.find((x) => x.kind === "transit-gateway" && x.gatewayId === c.transitGatewayId)
      : c.kind === "vpn-gateway"
        ? vgws.find((x) => x.gatewayId === c.vpnGatewayId)
        : // A VPC has at most one virtual private gateway attached: the created VPNs land on it.
          (vgws.find((x) => x.vpns.length > 0) ?? vgws[0]);
  const label =
    c.kind === "transit-gateway" ? `the transit gateway ${c.transitGatewayId}` : c.kind === "vpn-gateway" ? `the virtual private gateway ${c.vpnGatewayId}` : `a Site-to-Site VPN to ${c.customerGatewayIp}`;
  return {
    key: `external:${f.name}`,
    name: f.name,
    cidrBlocks: [...f.cidrBlocks],
    // The staging VPC it must reach; a connection attached elsewhere is then named as such.
    vpc: inputs.staging ?? connection?.vpc ?? inputs.connections.find((x) => x.vpc !== undefined)?.vpc,
    ...(connection !== undefined ? { connection } : {}),
    connectionLabel: label,
    resolverClient: f.dns === "resolver",
  };
}

/** The network behind one connection: the private blocks its VPC routes to it, and its VPNs' static routes. */
function inferredNetwork(c: ConnectionNode, inputs: ExternalInputs): ExternalNetworkNode[] {
  if (c.vpc === undefined) return [];
  const routed = inputs.tables.filter((t) => t.vpc === c.vpc).flatMap((t) => t.routes.filter((r) => r.connection === c).map((r) => r.destination ?? ""));
  const blocks = [...new Set([...routed, ...c.vpns.flatMap((v) => v.staticRoutes ?? [])])].filter((b) => externalBlockProblem(b) === undefined);
  if (blocks.length === 0) return [];
  const label = c.kind === "transit-gateway" ? `the transit gateway ${c.gatewayId ?? c.name}` : `the virtual private gateway ${c.gatewayId ?? c.name}`;
  return [{ key: `external:${c.key}`, name: `${c.name} network`, cidrBlocks: blocks, vpc: c.vpc, connection: c, connectionLabel: label, resolverClient: asksResolver(blocks, c.vpc, inputs) }];
}

/** Whether an inbound resolver of the VPC admits DNS from one of the blocks: by its groups, or by its subnets' ACL. */
function asksResolver(blocks: readonly string[], vpc: VpcNode, inputs: ExternalInputs): boolean {
  const inBlock = (cidr: string, block: string) => ipv4BlockProblem(cidr) === undefined && blockContains(parseIpv4Block(cidr), parseIpv4Block(block));
  return inputs.resolvers
    .filter((e) => e.vpc === vpc && e.direction === "INBOUND")
    .some((e) =>
      blocks.some(
        (block) =>
          e.securityGroups.some((g) => g.ingress.some((r) => r.fromPort <= 53 && 53 <= r.toPort && r.cidrs.some((c) => inBlock(c, block)))) ||
          e.addresses.some(({ subnet }) => {
            const acl = inputs.aclOf(subnet);
            return acl !== undefined && naclDecisions(acl.ingress, "udp", { from: 53, to: 53 }, block, "required").every((d) => d.rule?.allow === true);
          }),
      ),
    );
}
