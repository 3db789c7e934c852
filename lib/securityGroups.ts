/**
 * What each security group the program makes admits: the rules as plain data, with the other end named by block, by
 * the key of another group of the stack, or by the key of a gateway endpoint's prefix list. The components turn keys
 * into ids; the quota counter counts the rules as AWS does. Pure.
 *
 * AWS counts a rule once per block it names, once for a group it names, and a prefix list by its weight (its maximum
 * entries; 1 for the AWS-managed S3 list, Amazon VPC guide "AWS-managed prefix list weight"); inbound and outbound,
 * IPv4 and IPv6 apart, each against the quota of rules per security group (vpc L-0EA8095F, 60 by default).
 */

/** The other end of a rule: blocks, another group of the stack, or a gateway endpoint's prefix list. */
export type Peer =
  | { readonly cidrs: readonly string[] }
  | { readonly group: "endpoints" | "rollout-endpoints" }
  | { readonly prefixList: "staging-s3" | "source-s3" | "recovery-s3" };

/** One TCP rule, or UDP where `protocol` says so (DNS to the inbound resolver). */
export interface GroupRule {
  readonly port: number;
  /** The last port of a range starting at `port` (a recovery ingress rule); `port` alone when absent. */
  readonly toPort?: number;
  /** `udp`, or `-1` for every protocol (a VPC's own traffic; ports then do not apply); TCP when absent. */
  readonly protocol?: "udp" | "-1";
  readonly peer: Peer;
  readonly description: string;
}

/** A security group's purpose and rules. */
export interface GroupRules {
  readonly description: string;
  readonly ingress: readonly GroupRule[];
  readonly egress: readonly GroupRule[];
}

/** A source as the groups name it: its key (`""` for the shorthand's single source) and its VPC's block. */
export interface SourceBlock {
  readonly key: string;
  readonly cidrBlock: string;
}

/** The weight of the AWS-managed S3 prefix list in a security group rule. */
export const S3_PREFIX_LIST_WEIGHT = 1;

/** How many rules of AWS's quota a list of rules takes. */
export function ruleCount(rules: readonly GroupRule[]): number {
  return rules.reduce((n, r) => n + ("cidrs" in r.peer ? r.peer.cidrs.length : "prefixList" in r.peer ? S3_PREFIX_LIST_WEIGHT : 1), 0);
}

/** The interface endpoints' group in the staging VPC: HTTPS in from each source block and each staging subnet; nothing out. */
export function endpointGroupRules(sources: readonly SourceBlock[], stagingSubnetCidrs: readonly string[]): GroupRules {
  return {
    description: "HTTPS to the DRS, EC2 and S3 interface endpoints from the source VPC and the staging subnets",
    ingress: [
      ...sources.map((s) => ({ port: 443, peer: { cidrs: [s.cidrBlock] }, description: s.key === "" ? "HTTPS from the source VPC" : `HTTPS from source ${s.key}` })),
      ...stagingSubnetCidrs.map((cidr) => ({ port: 443, peer: { cidrs: [cidr] }, description: `HTTPS from staging subnet ${cidr}` })),
    ],
    egress: [],
  };
}

/** The replication servers' group: TCP 1500 in from each source block; HTTPS out to the endpoints and S3 only. */
export function replicationGroupRules(sources: readonly SourceBlock[]): GroupRules {
  return {
    description: "DRS replication servers: TCP 1500 in from the source VPC, HTTPS out to the endpoints only",
    ingress: sources.map((s) => ({
      port: 1500,
      peer: { cidrs: [s.cidrBlock] },
      description: s.key === "" ? "Replication data from the source VPC" : `Replication data from source ${s.key}`,
    })),
    egress: [
      { port: 443, peer: { group: "endpoints" }, description: "HTTPS to the DRS and EC2 interface endpoints" },
      { port: 443, peer: { prefixList: "staging-s3" }, description: "HTTPS to S3 through the gateway endpoint" },
    ],
  };
}

/** The inbound resolver's group: DNS over UDP and TCP 53 from each resolver client block; no egress (replies need none). */
export function resolverGroupRules(clientCidrBlocks: readonly string[]): GroupRules {
  return {
    description: "DNS (UDP and TCP 53) to the Route 53 Resolver inbound endpoint from the external sources' resolvers",
    ingress: clientCidrBlocks.flatMap((cidr) => [
      { port: 53, protocol: "udp" as const, peer: { cidrs: [cidr] }, description: `DNS (UDP) from ${cidr}` },
      { port: 53, peer: { cidrs: [cidr] }, description: `DNS (TCP) from ${cidr}` },
    ]),
    egress: [],
  };
}

/**
 * The group for a source's servers: HTTPS and TCP 1500 out to the staging subnets, HTTPS to the package repositories'
 * gateway endpoint where there is one, and with the agent rollout HTTPS to Systems Manager: the rollout's endpoint
 * group, or the VPC's own block where the owner's endpoints are. Nothing in.
 */
export function sourceServerGroupRules(args: {
  readonly stagingSubnetCidrs: readonly string[];
  readonly packageRepositories: boolean;
  readonly systemsManager?: "rollout-endpoints" | { readonly cidrBlock: string };
}): GroupRules {
  const ssm = args.systemsManager;
  return {
    description: "Attach to DRS source servers: HTTPS and TCP 1500 out to the staging subnets only",
    ingress: [],
    egress: [
      { port: 443, peer: { cidrs: [...args.stagingSubnetCidrs] }, description: "HTTPS to the DRS, EC2 and S3 interface endpoints" },
      { port: 1500, peer: { cidrs: [...args.stagingSubnetCidrs] }, description: "Replication data to the replication servers" },
      ...(args.packageRepositories
        ? [{ port: 443, peer: { prefixList: "source-s3" as const }, description: "HTTPS to the OS package repositories through the S3 gateway endpoint" }]
        : []),
      ...(ssm === undefined
        ? []
        : ssm === "rollout-endpoints"
          ? [{ port: 443, peer: { group: "rollout-endpoints" as const }, description: "HTTPS to the Systems Manager endpoints (agent rollout)" }]
          : [{ port: 443, peer: { cidrs: [ssm.cidrBlock] }, description: "HTTPS to the VPC's own Systems Manager endpoints (agent rollout)" }]),
    ],
  };
}

/** The agent rollout's endpoint group in a source VPC: HTTPS in from that VPC only; nothing out. */
export function systemsManagerEndpointGroupRules(vpcCidrBlock: string): GroupRules {
  return {
    description: "HTTPS to the Systems Manager and CloudWatch Logs endpoints from the source VPC",
    ingress: [{ port: 443, peer: { cidrs: [vpcCidrBlock] }, description: "HTTPS from the source VPC" }],
    egress: [],
  };
}

/** A rule in the shape of `aws.ec2.SecurityGroup`'s inline rules, with group and prefix-list keys resolved by `resolve`. */
export function inlineRule<T>(
  rule: GroupRule,
  resolve: (peer: Exclude<Peer, { cidrs: readonly string[] }>) => { securityGroups: T[] } | { prefixListIds: T[] },
): { protocol: string; fromPort: number; toPort: number; description: string; cidrBlocks?: string[]; securityGroups?: T[]; prefixListIds?: T[] } {
  const base = rule.protocol === "-1" ? { protocol: "-1", fromPort: 0, toPort: 0 } : { protocol: rule.protocol ?? "tcp", fromPort: rule.port, toPort: rule.toPort ?? rule.port };
  const peer = "cidrs" in rule.peer ? { cidrBlocks: [...rule.peer.cidrs] } : resolve(rule.peer);
  return { ...base, ...peer, description: rule.description };
}

/** For groups whose rules name only blocks: any other peer is a mistake. */
export function noReferences(peer: Exclude<Peer, { cidrs: readonly string[] }>): never {
  throw new Error(`this group names only blocks, not ${JSON.stringify(peer)}`);
}
