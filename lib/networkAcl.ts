/**
 * The network ACLs of the VPCs the program creates: the second layer, behind the security groups. Network ACLs are
 * stateless, so each flow needs its rule both ways, and rules are evaluated in order, lowest number first. Pure.
 *
 * Staging subnets (their own ACL, or the VPC's default ACL with `stagingNetworkAcl: false`):
 * - From each source block (a source VPC's, an external network's): TCP 443 (to the interface endpoints) and TCP 1500
 *   (replication data) in, and UDP and TCP 53 from an external network whose servers ask the inbound resolver; then a
 *   deny of everything else from that block, so no later rule can admit another port from it; the replies out. With more
 *   source blocks than AWS's 20 rules a direction can name one by one, the rules name wider blocks made from them
 *   (`sourceBlockCovers`), each inside one private range: the routes (exact peering routes, local, S3) and the
 *   security groups (exact per source block) still admit no one else, and the staging VPC's own rules go first.
 * - Within the staging VPC: TCP 443 between the staging subnets (replication servers to the endpoints' network
 *   interfaces in every zone) and the replies.
 * - To S3 through the gateway endpoint: TCP 443 out and the replies in. A network ACL cannot name a prefix list, so
 *   these rules name 0.0.0.0/0; the route tables (local, peering and S3 prefix-list routes only) keep that traffic to
 *   S3. The replies' range leaves out 3389, so no ACL admits 0.0.0.0/0 to 22 or 3389 (Security Hub EC2.21).
 * Source subnets of a created source VPC (its default ACL, which the program manages as it does the default
 * security group): everything within the VPC's own block (the servers' own traffic), TCP 443 and 1500 to the
 * staging block and the replies, and with the package-repository gateway endpoint TCP 443 out and its replies in.
 *
 * Ephemeral ports: rules for known blocks allow 1024-65535, as AWS advises
 * (https://docs.aws.amazon.com/vpc/latest/userguide/custom-network-acl.html#nacl-ephemeral-ports); the clients here
 * (Linux and Windows servers, DRS's Linux replication servers) use 32768-60999 and 49152-65535, `CLIENT_EPHEMERAL_PORTS`.
 * Traffic to the Amazon DNS server, DHCP and the instance metadata service is not filtered by network ACLs.
 */

import { aggregateBlocks, blockContains, blockSize, blocksOverlap, Ipv4Block, parseIpv4Block, supernetOf } from "./cidr";

/** One network ACL rule, in the shape of `aws.ec2.NetworkAcl`'s and `DefaultNetworkAcl`'s inline rules. */
export interface NetworkAclRule {
  readonly ruleNo: number;
  readonly action: "allow" | "deny";
  /** `tcp`, `udp` (DNS to the inbound resolver), or `-1` for every protocol (ports then do not apply and are 0). */
  readonly protocol: "tcp" | "udp" | "-1";
  readonly cidrBlock: string;
  readonly fromPort: number;
  readonly toPort: number;
}

/** A network ACL's two rule lists. */
export interface NetworkAclRules {
  readonly ingress: NetworkAclRule[];
  readonly egress: NetworkAclRule[];
}

/** The ephemeral port range rules for known blocks open for replies. */
export const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;

/**
 * The ports the clients of these flows reply to: Linux's 32768-60999 (Amazon Linux, most distributions) and Windows
 * Server 2008 and later's 49152-65535 (AWS's network ACL guide, "Ephemeral ports"). The verifier requires replies to
 * pass on all of them.
 */
export const CLIENT_EPHEMERAL_PORTS = { from: 32768, to: 65535 } as const;

/** Ports no ACL may open to 0.0.0.0/0 (Security Hub EC2.21: SSH and RDP). */
export const REMOTE_ADMIN_PORTS = [22, 3389] as const;

/** Anywhere: only for S3 through a gateway endpoint, which a network ACL cannot name. */
export const ANYWHERE = "0.0.0.0/0";

/** The replies from anywhere (S3): the ephemeral range without 3389, so EC2.21 holds. */
const ANYWHERE_REPLY_RANGES = [
  { from: EPHEMERAL_PORTS.from, to: 3388 },
  { from: 3390, to: EPHEMERAL_PORTS.to },
] as const;

type Rule = Omit<NetworkAclRule, "ruleNo">;
const allow = (cidrBlock: string, fromPort: number, toPort = fromPort): Rule => ({ action: "allow", protocol: "tcp", cidrBlock, fromPort, toPort });
const allowAll = (cidrBlock: string): Rule => ({ action: "allow", protocol: "-1", cidrBlock, fromPort: 0, toPort: 0 });
const denyAll = (cidrBlock: string): Rule => ({ action: "deny", protocol: "-1", cidrBlock, fromPort: 0, toPort: 0 });
const allowUdp = (cidrBlock: string, fromPort: number, toPort = fromPort): Rule => ({ action: "allow", protocol: "udp", cidrBlock, fromPort, toPort });
const replies = (cidrBlock: string) => allow(cidrBlock, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to);
const udpReplies = (cidrBlock: string) => allowUdp(cidrBlock, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to);
const repliesFromAnywhere = () => ANYWHERE_REPLY_RANGES.map((r) => allow(ANYWHERE, r.from, r.to));
/** Rules numbered from 100 in steps of 10, in the order given. */
const numbered = (rules: readonly Rule[]): NetworkAclRule[] => rules.map((r, i) => ({ ruleNo: 100 + i * 10, ...r }));

/**
 * AWS's quota of rules per network ACL and direction is 20 (Service Quotas vpc L-2AEEBF1A, adjustable to 40; Amazon VPC
 * quotas page). Older AWS text counts the default deny among them, so every ACL the program makes stays within 19.
 */
export const ACL_RULES_PER_DIRECTION = 19;

/**
 * Address ranges with no public address in them, so none of S3's addresses either: RFC 1918's three and RFC 6598's
 * shared space. A wider ACL block made from source blocks stays inside one of them.
 */
export const PRIVATE_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

/** The staging ACL's fixed rules, in: the staging VPC's HTTPS and replies, and S3's replies (two ranges). */
const FIXED_STAGING_INGRESS = 4;

/** The blocks the staging ACL names for the sources. */
export interface SourceBlockCovers {
  /** Blocks TCP 443 and 1500 are admitted from, and the replies go to: each holds one or more source blocks. */
  readonly allow: readonly string[];
  /** The allow blocks that hold a block asking the inbound resolver: UDP and TCP 53 are admitted from them too. */
  readonly dns: readonly string[];
  /** Blocks everything else is denied from: each holds one or more of the allow blocks. */
  readonly deny: readonly string[];
  /** Whether any block is wider than the source blocks it stands for; the staging VPC's own rules then come first. */
  readonly summarized: boolean;
}

/** Ingress rules the source blocks take: two per allow block (443, 1500), two more per DNS block (UDP, TCP 53), one per deny. */
const coverRules = (allow: readonly Ipv4Block[], dns: (b: Ipv4Block) => boolean, deny: number) =>
  allow.reduce((sum, b) => sum + (dns(b) ? 4 : 2), 0) + deny;

/**
 * The blocks the staging ACL names for the source blocks, within `ACL_RULES_PER_DIRECTION` rules a direction (in:
 * two per allow block and two more where it holds a block of `dnsCidrBlocks`, one per deny block, four fixed). Exact
 * while the source blocks fit (five or fewer without DNS); beyond, the blocks of each private range are summarized:
 * one deny block per range (the smallest block holding its sources), and allow blocks made by joining neighbours that
 * add the fewest addresses, joins that would cover the staging block last, until the rules fit. A publicly routable
 * source block is never joined with anything. Throws when even that does not fit (`sourceBlocksAclProblem` says so
 * first, in the settings).
 */
export function sourceBlockCovers(sourceCidrBlocks: readonly string[], stagingCidrBlock: string, dnsCidrBlocks: readonly string[] = []): SourceBlockCovers {
  const budget = ACL_RULES_PER_DIRECTION - FIXED_STAGING_INGRESS;
  const dnsBlocks = dnsCidrBlocks.map(parseIpv4Block);
  const holdsDns = (b: Ipv4Block) => dnsBlocks.some((d) => blocksOverlap(b, d));
  const result = (allow: readonly Ipv4Block[], deny: readonly Ipv4Block[], summarized: boolean): SourceBlockCovers => ({
    allow: allow.map((b) => b.cidr),
    dns: allow.filter(holdsDns).map((b) => b.cidr),
    deny: deny.map((b) => b.cidr),
    summarized,
  });
  const exact = sourceCidrBlocks.map(parseIpv4Block);
  if (coverRules(exact, holdsDns, exact.length) <= budget) return result(exact, exact, false);
  const blocks = aggregateBlocks(exact);
  if (coverRules(blocks, holdsDns, blocks.length) <= budget) return result(blocks, blocks, false);
  const groupOf = (b: Ipv4Block) => PRIVATE_RANGES.find((r) => blockContains(parseIpv4Block(r), b)) ?? b.cidr;
  const groups = [...new Set(blocks.map(groupOf))];
  const deny = groups.map((g) => blocks.filter((b) => groupOf(b) === g).reduce(supernetOf));
  const staging = parseIpv4Block(stagingCidrBlock);
  let allow = blocks;
  while (coverRules(allow, holdsDns, deny.length) > budget) {
    // Neighbours in address order: the join of any other pair holds the blocks between them too.
    const joins = allow.slice(1).flatMap((b, i) => {
      const a = allow[i];
      if (groupOf(a) !== groupOf(b) || !PRIVATE_RANGES.includes(groupOf(a))) return [];
      const joined = supernetOf(a, b);
      const added = blockSize(joined) - allow.filter((c) => blockContains(joined, c)).reduce((sum, c) => sum + blockSize(c), 0n);
      return [{ joined, coversStaging: blocksOverlap(joined, staging), added }];
    });
    if (joins.length === 0) throw new Error(sourceBlocksAclProblem(sourceCidrBlocks, dnsCidrBlocks) ?? "the source blocks do not fit the network ACL");
    const best = joins.reduce((x, y) => (x.coversStaging !== y.coversStaging ? (x.coversStaging ? y : x) : y.added < x.added ? y : x));
    allow = aggregateBlocks([...allow.filter((c) => !blockContains(best.joined, c)), best.joined]);
  }
  return result(allow, deny, true);
}

/**
 * Why the staging ACL cannot hold these source blocks, or `undefined` when it can: each publicly routable block, and
 * each private range with sources in it, needs three rules of its own, and five where it holds a block of
 * `dnsCidrBlocks`.
 */
export function sourceBlocksAclProblem(sourceCidrBlocks: readonly string[], dnsCidrBlocks: readonly string[] = []): string | undefined {
  const blocks = aggregateBlocks(sourceCidrBlocks.map(parseIpv4Block));
  const dnsBlocks = dnsCidrBlocks.map(parseIpv4Block);
  const rangeOf = (b: Ipv4Block) => PRIVATE_RANGES.find((r) => blockContains(parseIpv4Block(r), b)) ?? b.cidr;
  const ranges = [...new Set(blocks.map(rangeOf))];
  const withDns = ranges.filter((r) => dnsBlocks.some((d) => rangeOf(d) === r)).length;
  const budget = ACL_RULES_PER_DIRECTION - FIXED_STAGING_INGRESS;
  if (3 * ranges.length + 2 * withDns <= budget) return undefined;
  const outside = blocks.filter((b) => !PRIVATE_RANGES.some((r) => blockContains(parseIpv4Block(r), b))).map((b) => b.cidr);
  const where = outside.length > 0
    ? `hold ${outside.length} publicly routable block${outside.length === 1 ? "" : "s"} (${outside.join(", ")}) beside sources in ${ranges.length - outside.length} private range${ranges.length - outside.length === 1 ? "" : "s"}`
    : `are in ${ranges.length} private range${ranges.length === 1 ? "" : "s"}`;
  const fix = outside.length > 0 ? `Use blocks of ${PRIVATE_RANGES.join(", ")} for the source VPCs, or fewer publicly routable ones` : "Use dns: endpoint-flag for the external sources of some of the ranges";
  return (
    `${where}: the staging network ACL needs three rules for each of the ${ranges.length}${withDns > 0 ? ` and two more (DNS) for each of the ${withDns} with resolver clients` : ""}, ` +
    `more than AWS's ${ACL_RULES_PER_DIRECTION + 1} rules a direction allow with its own four (Amazon VPC quotas, rules per network ACL). ${fix}`
  );
}

/** The staging subnets' rules: `dnsCidrBlocks` are the source blocks that ask the inbound resolver. */
export function stagingNetworkAclRules(args: { readonly sourceCidrBlocks: readonly string[]; readonly stagingCidrBlock: string; readonly dnsCidrBlocks?: readonly string[] }): NetworkAclRules {
  const covers = sourceBlockCovers(args.sourceCidrBlocks, args.stagingCidrBlock, args.dnsCidrBlocks);
  const fromSources = [
    ...covers.allow.flatMap((c) => [allow(c, 443), allow(c, 1500), ...(covers.dns.includes(c) ? [allowUdp(c, 53), allow(c, 53)] : [])]),
    // Nothing else from a source block, whatever a later rule allows (0.0.0.0/0 below would otherwise admit it).
    ...covers.deny.map(denyAll),
  ];
  // A summarized deny block may hold the staging block: the staging VPC's own rules then come first, and decide
  // all of its traffic those rules admit before any block made from the sources is read.
  const fromStaging = [allow(args.stagingCidrBlock, 443), replies(args.stagingCidrBlock)];
  return {
    ingress: numbered([...(covers.summarized ? [...fromStaging, ...fromSources] : [...fromSources, ...fromStaging]), ...repliesFromAnywhere()]),
    egress: numbered([
      ...covers.allow.flatMap((c) => [replies(c), ...(covers.dns.includes(c) ? [udpReplies(c)] : [])]),
      allow(args.stagingCidrBlock, 443),
      replies(args.stagingCidrBlock),
      allow(ANYWHERE, 443),
    ]),
  };
}

/**
 * The transit gateway attachment's subnets' rules (their own ACL: they hold only the attachment's network interfaces).
 * AWS evaluates this ACL on the traffic between the attachment and the staging subnets, in one direction or the other
 * ("Network ACLs for transit gateways", https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html); both directions
 * here admit exactly the flows of the external blocks reached through the transit gateway: TCP 443 and 1500 (and UDP
 * and TCP 53 from resolver clients) from them to the staging block, and the replies back. Nothing else, no 0.0.0.0/0.
 */
export function attachmentNetworkAclRules(args: { readonly externalCidrBlocks: readonly string[]; readonly stagingCidrBlock: string; readonly dnsCidrBlocks?: readonly string[] }): NetworkAclRules {
  const covers = sourceBlockCovers(args.externalCidrBlocks, args.stagingCidrBlock, args.dnsCidrBlocks);
  const dns = covers.dns.length > 0;
  const services = (peer: string, udpToo: boolean) => [allow(peer, 443), allow(peer, 1500), ...(udpToo ? [allowUdp(peer, 53), allow(peer, 53)] : [])];
  const bothReplies = (peer: string, udpToo: boolean) => [replies(peer), ...(udpToo ? [udpReplies(peer)] : [])];
  return {
    ingress: numbered([...covers.allow.flatMap((c) => services(c, covers.dns.includes(c))), ...bothReplies(args.stagingCidrBlock, dns)]),
    egress: numbered([...services(args.stagingCidrBlock, dns), ...covers.allow.flatMap((c) => bothReplies(c, covers.dns.includes(c)))]),
  };
}

/** The source subnets' rules, on the created source VPC's default ACL. */
export function sourceNetworkAclRules(args: { readonly sourceCidrBlock: string; readonly stagingCidrBlock: string; readonly s3GatewayEndpoint: boolean }): NetworkAclRules {
  return {
    ingress: numbered([allowAll(args.sourceCidrBlock), replies(args.stagingCidrBlock), ...(args.s3GatewayEndpoint ? repliesFromAnywhere() : [])]),
    egress: numbered([
      allowAll(args.sourceCidrBlock),
      allow(args.stagingCidrBlock, 443),
      allow(args.stagingCidrBlock, 1500),
      ...(args.s3GatewayEndpoint ? [allow(ANYWHERE, 443)] : []),
    ]),
  };
}

/** No rule at all: a default ACL no subnet uses denies everything (its implicit rule). */
export const NO_RULES: NetworkAclRules = { ingress: [], egress: [] };
