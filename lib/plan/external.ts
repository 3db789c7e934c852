/**
 * The sources outside AWS, planned: which connections the staging VPC gets (one attachment per transit gateway, one
 * virtual private gateway, one VPN per customer gateway address), the routes from every staging route table to each
 * external block, the attachment's subnets and their ACL, and the inbound resolver. Pure; components/external/
 * declares it.
 *
 * Routes are static, one per external block, never propagated: a route table that takes what a VPN's BGP session or
 * a transit gateway announces would take a default route too, and that is a path to whatever the other side
 * routes to, the internet included. The BGP session still tells the data centre the staging block; the static
 * routes say which blocks the staging VPC sends back.
 */
import { attachmentSubnetBlocks, dashed, stagingPeerBlocks } from "../external";
import { attachmentNetworkAclRules, NetworkAclRules } from "../networkAcl";
import type { ExternalSourceSettings, Settings } from "../../settings";
import type { SubnetPlan } from "./types";

/** One VPN connection the program creates: one customer gateway address, the sources that share it. */
export interface VpnConnectionPlan {
  /** Part of its resources' logical names: the address, dashed (`203-0-113-10`). */
  readonly key: string;
  readonly customerGatewayIp: string;
  readonly bgpAsn: number;
  /** Static routing: the VPN is told each block (`VpnConnectionRoute`); else BGP announces them. */
  readonly staticRoutes: boolean;
  /** The blocks behind it, of every source that shares it. */
  readonly cidrBlocks: readonly string[];
  readonly sources: readonly string[];
}

/** One route in each staging route table: an external block, through the transit gateway or the virtual private gateway. */
export interface ExternalRoutePlan {
  /** Part of the route's logical name: the block, dashed. */
  readonly key: string;
  readonly cidrBlock: string;
  readonly via: { readonly kind: "transit-gateway"; readonly transitGatewayId: string } | { readonly kind: "vpn-gateway" };
}

/** Everything the external sources add to the staging VPC. */
export interface ExternalPlan {
  readonly sources: readonly ExternalSourceSettings[];
  /** The transit gateways the staging VPC attaches to, each once, and the attachment's subnets (one /28 per zone). */
  readonly transitGateways: readonly string[];
  readonly attachmentSubnets: readonly SubnetPlan[];
  /** The attachment subnets' ACL, when there is a transit gateway. */
  readonly attachmentNetworkAcl?: NetworkAclRules;
  /** The staging VPC's virtual private gateway: one given (`existing`), or one the program makes for its VPNs. */
  readonly vpnGateway?: { readonly kind: "existing"; readonly vpnGatewayId: string } | { readonly kind: "create" };
  readonly vpnConnections: readonly VpnConnectionPlan[];
  readonly routes: readonly ExternalRoutePlan[];
  /** The inbound resolver, when a source asks it: two staging subnets (by index, two zones) and its clients' blocks. */
  readonly resolver?: { readonly subnetIndexes: readonly [number, number]; readonly clientCidrBlocks: readonly string[] };
}

/** The external sources' plan; `undefined` without any. `stagingSubnets` are the staging subnets, in zone order. */
export function externalPlan(settings: Settings, stagingSubnets: readonly SubnetPlan[]): ExternalPlan | undefined {
  const sources = settings.externalSources;
  if (sources.length === 0) return undefined;
  const transitGateways = [...new Set(sources.flatMap((s) => (s.connection.kind === "transit-gateway" ? [s.connection.transitGatewayId] : [])))];
  const tgwBlocks = sources.filter((s) => s.connection.kind === "transit-gateway").flatMap((s) => s.cidrBlocks);
  const resolverBlocks = sources.filter((s) => s.dns === "resolver").flatMap((s) => s.cidrBlocks);
  const staging = settings.staging;
  const attachmentSubnets =
    transitGateways.length === 0
      ? []
      : attachmentSubnetBlocks(staging.vpcCidr, staging.subnetPrefixLength, stagingSubnets.length).map((cidrBlock, i) => ({ availabilityZone: stagingSubnets[i].availabilityZone, cidrBlock }));
  const existing = sources.find((s) => s.connection.kind === "vpn-gateway")?.connection;
  const vpnConnections = vpnConnectionPlans(sources);
  return {
    sources,
    transitGateways,
    attachmentSubnets,
    ...(transitGateways.length > 0
      ? { attachmentNetworkAcl: attachmentNetworkAclRules({ externalCidrBlocks: tgwBlocks, stagingCidrBlock: staging.vpcCidr, dnsCidrBlocks: resolverBlocks.filter((b) => tgwBlocks.includes(b)) }) }
      : {}),
    ...(existing?.kind === "vpn-gateway" ? { vpnGateway: { kind: "existing", vpnGatewayId: existing.vpnGatewayId } } : vpnConnections.length > 0 ? { vpnGateway: { kind: "create" } } : {}),
    vpnConnections,
    routes: sources.flatMap((s) =>
      s.cidrBlocks.map((cidrBlock): ExternalRoutePlan => ({
        key: dashed(cidrBlock),
        cidrBlock,
        via: s.connection.kind === "transit-gateway" ? { kind: "transit-gateway", transitGatewayId: s.connection.transitGatewayId } : { kind: "vpn-gateway" },
      })),
    ),
    ...(resolverBlocks.length > 0 ? { resolver: { subnetIndexes: [0, 1] as const, clientCidrBlocks: resolverBlocks } } : {}),
  };
}

/** One VPN per customer gateway address, in the order the sources first name them. */
function vpnConnectionPlans(sources: readonly ExternalSourceSettings[]): VpnConnectionPlan[] {
  const plans = new Map<string, VpnConnectionPlan>();
  for (const s of sources) {
    const c = s.connection;
    if (c.kind !== "site-to-site-vpn") continue;
    const known = plans.get(c.customerGatewayIp);
    plans.set(c.customerGatewayIp, {
      key: dashed(c.customerGatewayIp),
      customerGatewayIp: c.customerGatewayIp,
      bgpAsn: c.bgpAsn,
      staticRoutes: c.staticRoutes,
      cidrBlocks: [...(known?.cidrBlocks ?? []), ...s.cidrBlocks],
      sources: [...(known?.sources ?? []), s.name],
    });
  }
  return [...plans.values()];
}

/** The blocks the staging ACL, the endpoint group and the replication group admit, with the DNS clients among them. */
export function stagingAclBlocks(settings: Settings): { sourceCidrBlocks: string[]; dnsCidrBlocks: string[] } {
  const blocks = stagingPeerBlocks(settings);
  return { sourceCidrBlocks: blocks.map((b) => b.cidrBlock), dnsCidrBlocks: blocks.filter((b) => b.resolver).map((b) => b.cidrBlock) };
}
