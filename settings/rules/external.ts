/**
 * Cross-field rules on the sources outside AWS (`sources[].external`): exactly one connection each; at most one
 * virtual private gateway for the staging VPC; one customer gateway address, one set of VPN options; two staging
 * zones for an inbound resolver; room in the staging block for the transit gateway attachment's subnets. Pure.
 */
import { ATTACHMENT_SUBNET_PREFIX_LENGTH, attachmentSubnetsFit } from "../../lib/external";
import { parseIpv4Block } from "../../lib/cidr";
import type { RawConfig } from "../codec";
import type { ConfigProblem, Quote } from "../problems";
import type { Fields } from "../schema";

type ExternalEntry = NonNullable<NonNullable<NonNullable<Fields["sources"]>[number]["external"]>>;

/** The external entries of the `sources` list, with their index in it. */
const externals = (f: Partial<Fields>): { e: ExternalEntry; i: number }[] =>
  (f.sources ?? []).flatMap((s, i) => (s.external !== undefined ? [{ e: s.external, i }] : []));

/** Each external source's connection: exactly one of transitGatewayId, vpnGatewayId or siteToSiteVpn. */
export function externalConnectionIsOne(f: Partial<Fields>): ConfigProblem[] {
  return externals(f).flatMap(({ e, i }) => {
    const given = [e.connection.transitGatewayId, e.connection.vpnGatewayId, e.connection.siteToSiteVpn].filter((c) => c !== undefined).length;
    return given === 1
      ? []
      : [{ key: `sources[${i}].external.connection`, message: `${given === 0 ? "gives none" : `gives ${given}`} of transitGatewayId, vpnGatewayId and siteToSiteVpn: give exactly one (several sources may name the same connection)` }];
  });
}

/**
 * A VPC takes one virtual private gateway at a time (AttachVpnGateway, Amazon VPC quotas: "virtual private gateways per
 * VPC 1"): every `vpnGatewayId` is the same one. A created VPN lands on that gateway when there is one, on a created
 * gateway otherwise.
 */
export function oneVirtualPrivateGateway(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  const given = externals(f).filter(({ e }) => e.connection.vpnGatewayId !== undefined);
  const first = given[0];
  return given
    .filter(({ e }) => e.connection.vpnGatewayId !== first.e.connection.vpnGatewayId)
    .map(({ e, i }) => ({
      key: `sources[${i}].external.connection.vpnGatewayId`,
      message:
        `${quote("sources", e.connection.vpnGatewayId as string)} is not ${quote("sources", first.e.connection.vpnGatewayId as string)} (sources[${first.i}]): ` +
        "the staging VPC takes one virtual private gateway; land every VPN and Direct Connect virtual interface on the same one",
    }));
}

/** Sources naming the same customer gateway address share one VPN: its BGP ASN and routing must agree. */
export function sharedVpnsAgree(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  const vpns = externals(f).flatMap(({ e, i }) => (e.connection.siteToSiteVpn !== undefined ? [{ vpn: e.connection.siteToSiteVpn, i }] : []));
  return vpns.flatMap(({ vpn, i }) => {
    const first = vpns.find((v) => v.vpn.customerGatewayIp === vpn.customerGatewayIp);
    if (first === undefined || first.i === i) return [];
    return (["bgpAsn", "staticRoutes"] as const)
      .filter((k) => vpn[k] !== first.vpn[k])
      .map((k) => ({
        key: `sources[${i}].external.connection.siteToSiteVpn.${k}`,
        message:
          `${quote("sources", String(vpn[k]))} differs from sources[${first.i}]'s ${quote("sources", String(first.vpn[k]))} for the same customer gateway ` +
          `${quote("sources", vpn.customerGatewayIp)}: both sources use one VPN connection, so give them the same ${k}`,
      }));
  });
}

/** The staging zones, as many as listed or counted. */
const stagingZones = (f: Partial<Fields>): number | undefined => f.stagingAvailabilityZones?.length ?? f.availabilityZoneCount;

/** An inbound resolver endpoint needs two addresses, in two zones for AWS's availability advice: two staging zones. */
export function resolverHasTwoZones(f: Partial<Fields>): ConfigProblem[] {
  const first = externals(f).find(({ e }) => e.dns === "resolver");
  const zones = stagingZones(f);
  if (first === undefined || zones === undefined || zones >= 2) return [];
  return [
    {
      key: `sources[${first.i}].external.dns`,
      message:
        `"resolver" needs at least two staging zones (there is ${zones}): a Route 53 Resolver inbound endpoint takes two addresses, one in each of two zones; ` +
        "set availabilityZoneCount (or stagingAvailabilityZones) to 2 or more, or use dns: endpoint-flag",
    },
  ];
}

/** A transit gateway attachment gets one /28 per staging zone at the end of the staging block: there must be room. */
export function attachmentSubnetsFitStaging(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  const zones = stagingZones(f);
  if (!externals(f).some(({ e }) => e.connection.transitGatewayId !== undefined)) return [];
  if (f.stagingVpcCidr === undefined || f.subnetPrefixLength === undefined || zones === undefined) return [];
  if (attachmentSubnetsFit(parseIpv4Block(f.stagingVpcCidr).prefixLength, f.subnetPrefixLength, zones)) return [];
  return [
    {
      key: "stagingVpcCidr",
      message:
        `${quote("stagingVpcCidr", f.stagingVpcCidr)} has no room for ${zones} staging subnet${zones === 1 ? "" : "s"} of /${f.subnetPrefixLength} and ${zones} transit gateway attachment ` +
        `subnet${zones === 1 ? "" : "s"} of /${ATTACHMENT_SUBNET_PREFIX_LENGTH} (one per zone, at the end of the block): use a larger block or a larger subnetPrefixLength`,
    },
  ];
}
