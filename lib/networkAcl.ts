/**
 * The network ACLs of the VPCs the program creates: the second layer, behind the security groups. Network ACLs are
 * stateless, so each flow needs its rule both ways, and rules are evaluated in order, lowest number first. Pure.
 *
 * Staging subnets (their own ACL, or the VPC's default ACL with `stagingNetworkAcl: false`):
 * - From each source VPC: TCP 443 (to the interface endpoints) and TCP 1500 (replication data) in, then a deny of
 *   everything else from that block, so no later rule can admit another port from it; the replies out.
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

/** One network ACL rule, in the shape of `aws.ec2.NetworkAcl`'s and `DefaultNetworkAcl`'s inline rules. */
export interface NetworkAclRule {
  readonly ruleNo: number;
  readonly action: "allow" | "deny";
  /** `tcp`, or `-1` for every protocol (ports then do not apply and are 0). */
  readonly protocol: "tcp" | "-1";
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
const replies = (cidrBlock: string) => allow(cidrBlock, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to);
const repliesFromAnywhere = () => ANYWHERE_REPLY_RANGES.map((r) => allow(ANYWHERE, r.from, r.to));
/** Rules numbered from 100 in steps of 10, in the order given. */
const numbered = (rules: readonly Rule[]): NetworkAclRule[] => rules.map((r, i) => ({ ruleNo: 100 + i * 10, ...r }));

/** The staging subnets' rules. */
export function stagingNetworkAclRules(args: { readonly sourceCidrBlocks: readonly string[]; readonly stagingCidrBlock: string }): NetworkAclRules {
  return {
    ingress: numbered([
      ...args.sourceCidrBlocks.flatMap((c) => [allow(c, 443), allow(c, 1500)]),
      // Nothing else from a source block, whatever a later rule allows (0.0.0.0/0 below would otherwise admit it).
      ...args.sourceCidrBlocks.map(denyAll),
      allow(args.stagingCidrBlock, 443),
      replies(args.stagingCidrBlock),
      ...repliesFromAnywhere(),
    ]),
    egress: numbered([
      ...args.sourceCidrBlocks.map(replies),
      allow(args.stagingCidrBlock, 443),
      replies(args.stagingCidrBlock),
      allow(ANYWHERE, 443),
    ]),
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
