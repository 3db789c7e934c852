/**
 * Sources outside AWS (a data centre, another cloud): the rules their config is held to, and the layout the staging
 * VPC gives their connection. Pure.
 *
 * Such a source reaches the staging VPC over a Site-to-Site VPN, Direct Connect or a transit gateway, never through a
 * source VPC's peering (a peering carries no traffic from beyond either VPC: "VPC peering limitations",
 * https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html). So the connection attaches to the staging
 * VPC itself: a virtual private gateway (a created Site-to-Site VPN, or an existing gateway that a VPN or a Direct
 * Connect private virtual interface lands on), or a transit gateway of the DR region (where a Direct Connect gateway
 * or VPNs may be attached too).
 */
import { Address4 } from "ip-address";
import { blockContains, ipv4BlockProblem, parseIpv4Block, subnetCapacity } from "./cidr";
import { PRIVATE_RANGES } from "./networkAcl";
import type { Settings } from "../settings";

/** How an external source's servers find DRS's endpoints: by their own names (`--endpoint`), or through an inbound resolver. */
export const EXTERNAL_DNS_MODES = ["endpoint-flag", "resolver"] as const;
export type ExternalDnsMode = (typeof EXTERNAL_DNS_MODES)[number];

/** The transit gateway attachment's subnets: one /28 per staging zone, the size AWS advises for them. */
export const ATTACHMENT_SUBNET_PREFIX_LENGTH = 28;

/** A transit gateway's or virtual private gateway's id: 8 or 17 hex digits, as every EC2 id. */
export const TRANSIT_GATEWAY_ID = /^tgw-([0-9a-f]{8}|[0-9a-f]{17})$/;
export const VPN_GATEWAY_ID = /^vgw-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** The customer gateway's BGP ASN: AWS takes 1 to 2,147,483,647 (`BgpAsn`), and up to 4,294,967,294 as `BgpAsnExtended`. */
export const BGP_ASN = { min: 1, max: 4_294_967_294 } as const;

/** Why a block cannot be an external source's network, or `undefined`: a strict IPv4 block inside a private range. */
export function externalBlockProblem(text: string): string | undefined {
  const problem = ipv4BlockProblem(text);
  if (problem !== undefined) return problem;
  const block = parseIpv4Block(text);
  if (!PRIVATE_RANGES.some((range) => blockContains(parseIpv4Block(range), block))) {
    return `is not inside a private range (${PRIVATE_RANGES.join(", ")}): the staging VPC routes only private blocks to a connection, never public ones`;
  }
  return undefined;
}

/**
 * Address ranges no internet host has (RFC 6890's special-purpose registry): a customer gateway there could not be
 * reached by AWS's tunnel endpoints. The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, which
 * AWS's own examples use) are not among them, so examples synthesize.
 */
const NOT_ON_THE_INTERNET: readonly string[] = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "224.0.0.0/4",
  "240.0.0.0/4",
];

/** Why an address cannot be a customer gateway's outside address, or `undefined`: a dotted IPv4 address on the internet. */
export function customerGatewayIpProblem(text: string): string | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text) || !Address4.isValid(text)) return "is not an IPv4 address (expected the form 203.0.113.10)";
  const address = parseIpv4Block(`${text}/32`);
  const range = NOT_ON_THE_INTERNET.find((r) => blockContains(parseIpv4Block(r), address));
  if (range !== undefined) {
    return `is in ${range}, which is not on the internet: a Site-to-Site VPN needs the public address of the customer gateway device (or of the NAT in front of it)`;
  }
  return undefined;
}

/**
 * The transit gateway attachment's subnets: one /28 per staging zone at the end of the staging block, away from the
 * staging subnets at its start. Throws if they would meet them (the settings report that first).
 */
export function attachmentSubnetBlocks(vpcCidr: string, stagingSubnetPrefixLength: number, zones: number): string[] {
  const vpc = parseIpv4Block(vpcCidr);
  const size = 1n << BigInt(32 - ATTACHMENT_SUBNET_PREFIX_LENGTH);
  const blocks = Array.from({ length: zones }, (_, i) => `${Address4.fromBigInt(vpc.last + 1n - BigInt(zones - i) * size).correctForm()}/${ATTACHMENT_SUBNET_PREFIX_LENGTH}`);
  const stagingEnd = vpc.first + BigInt(zones) * (1n << BigInt(32 - stagingSubnetPrefixLength)) - 1n;
  if (!attachmentSubnetsFit(vpc.prefixLength, stagingSubnetPrefixLength, zones) || parseIpv4Block(blocks[0]).first <= stagingEnd) {
    throw new Error(`${zones} staging subnets of /${stagingSubnetPrefixLength} and ${zones} attachment subnets of /${ATTACHMENT_SUBNET_PREFIX_LENGTH} do not fit in ${vpc.cidr}`);
  }
  return blocks;
}

/** Whether `zones` staging subnets and as many attachment subnets fit in a VPC block of `vpcPrefixLength`. */
export function attachmentSubnetsFit(vpcPrefixLength: number, stagingSubnetPrefixLength: number, zones: number): boolean {
  if (stagingSubnetPrefixLength < vpcPrefixLength) return false;
  const vpcSize = 1n << BigInt(32 - vpcPrefixLength);
  const used = BigInt(zones) * ((1n << BigInt(32 - stagingSubnetPrefixLength)) + (1n << BigInt(32 - ATTACHMENT_SUBNET_PREFIX_LENGTH)));
  return subnetCapacity(vpcPrefixLength, stagingSubnetPrefixLength) >= zones && used <= vpcSize;
}

/** A block the staging VPC admits traffic from: a source VPC's, or one of an external source's networks. */
export interface StagingPeerBlock {
  /** The source's name (`""` for the shorthand's single source): part of rule descriptions. */
  readonly key: string;
  readonly cidrBlock: string;
  /** The block is an external network's. */
  readonly external: boolean;
  /** Its servers ask the inbound resolver: DNS is admitted from it. */
  readonly resolver: boolean;
}

/** Every block the staging VPC admits sources from: the source VPCs', then the external networks', in config order. */
export function stagingPeerBlocks(settings: Pick<Settings, "sources" | "externalSources">): StagingPeerBlock[] {
  return [
    ...settings.sources.map((s) => ({ key: s.name, cidrBlock: s.vpc.vpcCidr, external: false, resolver: false })),
    ...settings.externalSources.flatMap((e) => e.cidrBlocks.map((cidrBlock) => ({ key: e.name, cidrBlock, external: true, resolver: e.dns === "resolver" }))),
  ];
}

/** A block or address as part of a logical name: `192.168.0.0/20` is `192-168-0-0-20`. */
export const dashed = (text: string) => text.replace(/[./]/g, "-");

/** A rule the network team opens from an external source's servers (or its DNS servers) toward AWS. */
export interface ExternalFirewallRule {
  readonly protocol: "tcp" | "udp";
  /** A port, or a range `first-last`. */
  readonly ports: string;
  /** A block, an address, or (for what is not in AWS) a description. */
  readonly destination: string;
  readonly purpose: string;
}

/** What the firewall rules are made from: the staging subnets' blocks, whether DRS replicates, the resolver's addresses. */
export interface ExternalFirewallInput {
  readonly stagingSubnetBlocks: readonly string[];
  readonly replication: boolean;
  /** The inbound resolver's addresses, for a source with `dns: resolver`. */
  readonly resolverAddresses?: readonly string[];
}

/**
 * The firewall rules an external source's network team must open, outbound from the source's blocks (replies come
 * back on the same connections): TCP 443 to the endpoints' interfaces and TCP 1500 to the replication servers, both
 * in the staging subnets (AWS's network requirements, https://docs.aws.amazon.com/drs/latest/userguide/Network-Requirements.html);
 * with the resolver, DNS from their DNS servers to its addresses; and the one thing the staging VPC does not carry:
 * the Linux packages the installer needs (kernel headers matching the running kernel), from their own repositories.
 */
export function externalFirewallRules(input: ExternalFirewallInput): ExternalFirewallRule[] {
  const subnets = input.stagingSubnetBlocks;
  return [
    ...subnets.map((destination) => ({ protocol: "tcp" as const, ports: "443", destination, purpose: "DRS and S3 interface endpoints: the agent's API calls and the installer download" })),
    ...(input.replication
      ? subnets.map((destination) => ({ protocol: "tcp" as const, ports: "1500", destination, purpose: "DRS replication servers: the replicated data (TLS)" }))
      : []),
    ...(input.resolverAddresses ?? []).flatMap((address) =>
      (["udp", "tcp"] as const).map((protocol) => ({ protocol, ports: "53", destination: `${address}/32`, purpose: "Route 53 Resolver inbound endpoint: from the DNS servers that forward AWS's names (see dnsForwarders)" })),
    ),
    {
      protocol: "tcp",
      ports: "443",
      destination: "the Linux distribution's package repositories (or a local mirror)",
      purpose: "Linux servers only: the installer needs kernel headers matching the running kernel (kernel-devel or linux-headers); the staging VPC does not carry this, reach them another way",
    },
  ];
}

/** A conditional forwarding rule for the data centre's DNS servers: queries for the domain (and below) go to the targets. */
export interface DnsForwarder {
  readonly domain: string;
  readonly targets: string[];
}

/**
 * The forwarding rules a `dns: resolver` source's DNS servers need: DRS's regional name, and S3's regional name with
 * every bucket below it, both to the inbound resolver's addresses.
 */
export function dnsForwarders(drRegion: string, resolverAddresses: readonly string[]): DnsForwarder[] {
  return [`drs.${drRegion}.amazonaws.com`, `s3.${drRegion}.amazonaws.com`].map((domain) => ({ domain, targets: [...resolverAddresses] }));
}
