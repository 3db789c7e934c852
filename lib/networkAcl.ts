/**
 * The staging subnets' network ACL: only the traffic DRS needs, both ways, since network ACLs are stateless. Pure.
 *
 * - From the source VPCs: TCP 443 (to the interface endpoints) and TCP 1500 (replication data) in, the replies out
 *   on the ephemeral ports.
 * - Within the staging VPC: TCP 443 between the staging subnets (replication servers to the endpoints' network
 *   interfaces in every zone) and the replies.
 * - To S3 through the gateway endpoint: TCP 443 out and the replies in. A network ACL cannot name a prefix list, so
 *   these two rules name 0.0.0.0/0; the route tables, which hold only the local route, the peering routes and the S3
 *   prefix-list route, are what keep that traffic to S3. The verifier checks both.
 *
 * Ephemeral ports 1024-65535, as AWS advises for network ACLs (https://docs.aws.amazon.com/vpc/latest/userguide/custom-network-acl.html#nacl-ephemeral-ports).
 * Traffic to the Amazon DNS server, DHCP and the instance metadata service is not filtered by network ACLs.
 */

/** One network ACL rule, in the shape of `aws.ec2.NetworkAcl`'s inline `ingress`/`egress`. */
export interface NetworkAclRule {
  readonly ruleNo: number;
  readonly action: "allow" | "deny";
  readonly protocol: "tcp";
  readonly cidrBlock: string;
  readonly fromPort: number;
  readonly toPort: number;
}

/** The ephemeral port range replies come back on. */
export const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;

/** Anywhere: only for S3 through the gateway endpoint, which a network ACL cannot name. */
const S3_THROUGH_GATEWAY = "0.0.0.0/0";

/** The staging network ACL's rules, numbered from 100 in steps of 10. */
export function stagingNetworkAclRules(args: { readonly sourceCidrBlocks: readonly string[]; readonly stagingCidrBlock: string }): {
  ingress: NetworkAclRule[];
  egress: NetworkAclRule[];
} {
  const rule = (cidrBlock: string, fromPort: number, toPort = fromPort) => ({ action: "allow" as const, protocol: "tcp" as const, cidrBlock, fromPort, toPort });
  const number = (rules: Omit<NetworkAclRule, "ruleNo">[]) => rules.map((r, i) => ({ ruleNo: 100 + i * 10, ...r }));
  return {
    ingress: number([
      ...args.sourceCidrBlocks.flatMap((c) => [rule(c, 443), rule(c, 1500)]),
      rule(args.stagingCidrBlock, 443),
      rule(args.stagingCidrBlock, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to),
      rule(S3_THROUGH_GATEWAY, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to),
    ]),
    egress: number([
      ...args.sourceCidrBlocks.map((c) => rule(c, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to)),
      rule(args.stagingCidrBlock, 443),
      rule(args.stagingCidrBlock, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to),
      rule(S3_THROUGH_GATEWAY, 443),
    ]),
  };
}
