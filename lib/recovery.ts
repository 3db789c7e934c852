/**
 * The recovery side, apart from the resources: the ports an ingress rule may give, the recovery group's and ACL's
 * rules, the endpoints post-launch actions need, and the names DRS knows its account-level launch template by. Pure;
 * components/recovery/ declares what they say.
 *
 * Where a recovered instance lands is its source server's EC2 launch template (subnet, security groups) plus DRS's
 * launch settings; new source servers copy the region's launch configuration template and the account's default EC2
 * launch template (DRS guide, "Default DRS launch settings",
 * https://docs.aws.amazon.com/drs/latest/userguide/default-drs-launch-settings.html, and "EC2 launch template",
 * https://docs.aws.amazon.com/drs/latest/userguide/ec2-key-considerations.html).
 */
import type { NetworkAclRule, NetworkAclRules } from "./networkAcl";
import type { GroupRule, GroupRules } from "./securityGroups";
import type { RecoverySettings } from "../settings";

/**
 * The account's default EC2 launch template, which DRS copies to each new source server: AWS's own guidance template
 * (`DRSPrivateBaseTemplate.yaml`, guidance for disaster recovery of VMware workloads using AWS DRS) names and tags it
 * so. The `AWSElasticDisasterRecoveryManaged` tag also lets DRS's service-linked role edit it
 * (AWSElasticDisasterRecoveryServiceRolePolicy: launch templates with that tag only).
 */
export const DEFAULT_LAUNCH_TEMPLATE = {
  name: "created-and-used-by-elastic-disaster-recovery-service-account_level_template-230101-00000",
  tags: { "drs-default-template": "created-by-aws-drs-do-not-delete", AWSElasticDisasterRecoveryManaged: "drs.amazonaws.com" },
} as const;

/**
 * The instance profile recovered instances get, both made by DRS initialization (DRS guide, initializing): the
 * recovery instance role's; with post-launch actions the one that also lets Systems Manager run them (DRS places it
 * itself when a template names none, post-launch-action-settings-overview.html).
 */
export function recoveryInstanceProfileName(postLaunchActions: boolean): string {
  return postLaunchActions ? "AWSElasticDisasterRecoveryRecoveryInstanceWithLaunchActionsRole" : "AWSElasticDisasterRecoveryRecoveryInstanceRole";
}

/**
 * The interface endpoints post-launch actions need without internet: Systems Manager (`ssm`, `ssmmessages`, and
 * `ec2messages` for agents before 3.3.40.0) and CloudWatch Logs for the actions' output; S3 (the agent's own
 * buckets) goes through a gateway endpoint.
 */
export const POST_LAUNCH_ENDPOINT_SERVICES = ["ssm", "ssmmessages", "ec2messages", "logs"] as const;
export type PostLaunchEndpointService = (typeof POST_LAUNCH_ENDPOINT_SERVICES)[number];

/** A port or a range, as an ingress rule gives it: `443` or `8000-8100`. */
export interface PortRange {
  readonly fromPort: number;
  readonly toPort: number;
}

/** The port range of `text`, or `undefined` if it is not one. */
export function parsePorts(text: string): PortRange | undefined {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (match === null) return undefined;
  const fromPort = Number(match[1]);
  const toPort = Number(match[2] ?? match[1]);
  return fromPort >= 1 && toPort <= 65535 && fromPort <= toPort ? { fromPort, toPort } : undefined;
}

/** Why `text` is not a port or a range, or `undefined`. */
export function portsProblem(text: string): string | undefined {
  return parsePorts(text) === undefined ? 'is not a port or a range of ports from 1 to 65535 (e.g. "443" or "8000-8100")' : undefined;
}

/** One rule the recovered applications admit from beyond their own VPC. */
export interface RecoveryIngressRule {
  readonly protocol: "tcp" | "udp";
  readonly ports: PortRange;
  readonly cidrBlock: string;
  readonly description: string;
}

/**
 * The recovered instances' group: in, everything from their own VPC and the configured rules; out, only their own VPC
 * (each other and the endpoints in it) and, with post-launch actions, TCP 443 to S3's prefix list (the gateway
 * endpoint). Nothing to or from anywhere else.
 */
export function recoveryGroupRules(vpcCidr: string, ingress: readonly RecoveryIngressRule[], postLaunchActions: boolean, failbackBlocks: readonly string[] = []): GroupRules {
  const own: GroupRule = { port: 0, protocol: "-1", peer: { cidrs: [vpcCidr] }, description: "The recovery VPC itself" };
  return {
    description: "Recovered instances: their own VPC, and the configured ingress",
    ingress: [
      own,
      ...ingress.map((r): GroupRule => ({ port: r.ports.fromPort, toPort: r.ports.toPort, ...(r.protocol === "udp" ? { protocol: "udp" as const } : {}), peer: { cidrs: [r.cidrBlock] }, description: r.description })),
    ],
    egress: [
      { ...own, description: "The recovery VPC itself, the endpoints among it" },
      ...(postLaunchActions ? [{ port: 443, peer: { prefixList: "recovery-s3" as const }, description: "S3 through the gateway endpoint (Systems Manager's buckets)" }] : []),
      ...failbackBlocks.flatMap((cidr): GroupRule[] => [
        { port: 443, peer: { cidrs: [cidr] }, description: `Failback: HTTPS to DRS, EC2 and S3 endpoints of the failback staging VPC ${cidr}` },
        { port: 1500, peer: { cidrs: [cidr] }, description: `Failback: reversed replication to the failback staging VPC ${cidr}` },
      ]),
    ],
  };
}

/** The ACL's budget for the configured ingress rules: AWS's 20 a direction, less the default deny and the fixed rules. */
export const MAX_RECOVERY_INGRESS_RULES = 16;

/**
 * The recovery subnets' ACL (on the VPC's default ACL): the VPC's own traffic both ways, each configured rule in and
 * its replies out, with post-launch actions TCP 443 out to S3 (a network ACL cannot name a prefix list; the route
 * table confines it to the gateway endpoint) and its replies in, leaving out 3389, and with failback TCP 443 and 1500
 * out to each failback staging VPC and the replies in. Numbered 100, 110, ...
 */
export function recoveryNetworkAclRules(vpcCidr: string, ingress: readonly RecoveryIngressRule[], postLaunchActions: boolean, failbackBlocks: readonly string[] = []): NetworkAclRules {
  type Entry = Omit<NetworkAclRule, "ruleNo">;
  const numbered = (entries: Entry[]): NetworkAclRule[] => entries.map((e, i) => ({ ...e, ruleNo: 100 + 10 * i }));
  const allow = (protocol: NetworkAclRule["protocol"], fromPort: number, toPort: number, cidrBlock: string): Entry => ({ action: "allow", protocol, fromPort, toPort, cidrBlock });
  const own = allow("-1", 0, 0, vpcCidr);
  const replyBlocks = [...new Set(ingress.map((r) => `${r.protocol} ${r.cidrBlock}`))].map((k) => k.split(" ") as ["tcp" | "udp", string]);
  return {
    ingress: numbered([
      own,
      ...ingress.map((r) => allow(r.protocol, r.ports.fromPort, r.ports.toPort, r.cidrBlock)),
      ...failbackBlocks.map((cidr) => allow("tcp", 1024, 65535, cidr)),
      ...(postLaunchActions ? [allow("tcp", 1024, 3388, "0.0.0.0/0"), allow("tcp", 3390, 65535, "0.0.0.0/0")] : []),
    ]),
    egress: numbered([
      own,
      ...replyBlocks.map(([protocol, cidrBlock]) => allow(protocol, 1024, 65535, cidrBlock)),
      ...failbackBlocks.flatMap((cidr) => [allow("tcp", 443, 443, cidr), allow("tcp", 1500, 1500, cidr)]),
      ...(postLaunchActions ? [allow("tcp", 443, 443, "0.0.0.0/0")] : []),
    ]),
  };
}

/**
 * The buckets Systems Manager's agent reads, which the recovery VPC's S3 gateway endpoint lets through: its own
 * installers and packages, its documents' attachments and patch baselines (Systems Manager guide, "SSM Agent
 * communications with AWS managed S3 buckets", https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html).
 */
export function systemsManagerBuckets(region: string): string[] {
  return [
    `aws-windows-downloads-${region}`,
    `amazon-ssm-${region}`,
    `amazon-ssm-packages-${region}`,
    `${region}-birdwatcher-prod`,
    `aws-ssm-distributor-file-${region}`,
    `aws-ssm-document-attachments-${region}`,
    `patch-baseline-snapshot-${region}`,
  ];
}

/** The recovery VPC's `Purpose` tag: how the verifier knows a created recovery VPC (components/recovery/network.ts sets it). */
export const RECOVERY_PURPOSE = "DRS recovery";

/** What the verifier is told of the recovery side: an adopted VPC's id, block and subnets, and the ingress blocks. */
export function recoveryFacts(recovery: RecoverySettings) {
  const v = recovery.vpc;
  return {
    ...(v.kind === "adopt" ? { vpcId: v.vpcId, cidrBlock: v.vpcCidr, subnetIds: v.subnetIds } : {}),
    ingressBlocks: [...new Set(recovery.ingress.map((r) => r.cidrBlock))],
  };
}
