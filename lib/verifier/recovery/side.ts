/**
 * The recovery side as the judgments see it, from the model only: the recovery VPC (the VPC whose role is
 * `recovery`), its subnets, the recovered instances' groups, its interface endpoints of the services post-launch
 * actions call, and its S3 gateway endpoint. And, for both builders, the blocks beyond it that its groups may admit.
 */
import { blockContains, ipv4BlockProblem, parseIpv4Block } from "../../cidr";
import { POST_LAUNCH_ENDPOINT_SERVICES } from "../../recovery";
import type { EndpointNode, NetworkModel, SecurityGroupNode, SubnetNode, VpcNode } from "../model";

/** The `Purpose` tag of the recovery VPC the program creates (components/recovery/network.ts), by which both builders know it. */
export { RECOVERY_PURPOSE } from "../../recovery";

/** One recovery VPC and what lives in it. */
export interface RecoverySide {
  readonly vpc: VpcNode;
  /** Its subnets the model knows (none for an adopted VPC: its route tables then stand for its block). */
  readonly subnets: readonly SubnetNode[];
  /** The groups recovered instances wear: the VPC's own groups of the stack, but its default group and the endpoints'. */
  readonly instanceGroups: readonly SecurityGroupNode[];
  /** Its interface endpoints of the services post-launch actions call (`ssm`, `ssmmessages`, `ec2messages`, `logs`), in that order. */
  readonly endpoints: readonly { readonly service: string; readonly endpoint: EndpointNode }[];
  /** Its S3 gateway endpoint (Systems Manager's buckets), where there is one. */
  readonly s3Gateway?: EndpointNode;
}

/** Whether a VPC is a recovery VPC. */
export function isRecovery(vpc: VpcNode | undefined): boolean {
  return vpc?.role === "recovery";
}

/** The service of an AWS endpoint service name: `ssm` of `com.amazonaws.eu-west-2.ssm`. */
function serviceOf(endpoint: EndpointNode): string {
  return endpoint.serviceName.split(".").slice(3).join(".");
}

/** Each recovery VPC of the model, with its subnets, the recovered instances' groups and its endpoints. */
export function recoverySides(model: NetworkModel): RecoverySide[] {
  return model.vpcs.filter(isRecovery).map((vpc) => {
    const own = model.endpoints.filter((e) => e.vpc === vpc);
    return {
      vpc,
      subnets: model.subnets.filter((s) => s.vpc === vpc),
      instanceGroups: model.groups.filter((g) => g.vpc === vpc && g.known && g.isDefault !== true && !model.endpoints.some((e) => e.securityGroups.includes(g))),
      endpoints: POST_LAUNCH_ENDPOINT_SERVICES.flatMap((service) => own.filter((e) => e.type === "Interface" && serviceOf(e) === service).map((endpoint) => ({ service, endpoint }))),
      s3Gateway: own.find((e) => e.type === "Gateway" && serviceOf(e) === "s3"),
    };
  });
}

/**
 * The blocks beyond the recovery VPC its groups may admit: the configured ones, else (no configuration: the policy
 * pack) every IPv4 block but the whole internet that a group of the recovery VPC admits outside the VPC's own block,
 * as the configuration could have given it (`recovery.ingress[].from` refuses only `/0`). `undefined` without a
 * recovery VPC.
 */
export function recoveryIngressOf(vpcs: readonly VpcNode[], groups: readonly SecurityGroupNode[], configured: readonly string[] | undefined): NetworkModel["recoveryIngress"] {
  const recovery = vpcs.filter(isRecovery);
  if (recovery.length === 0) return undefined;
  if (configured !== undefined) return { blocks: [...configured], inferred: false };
  const inside = (cidr: string, vpc: VpcNode) => vpc.cidr !== undefined && ipv4BlockProblem(vpc.cidr) === undefined && blockContains(parseIpv4Block(vpc.cidr), parseIpv4Block(cidr));
  const blocks = groups
    .filter((g) => g.vpc !== undefined && recovery.includes(g.vpc))
    .flatMap((g) => g.ingress.flatMap((rule) => rule.cidrs.filter((c) => ipv4BlockProblem(c) === undefined && parseIpv4Block(c).prefixLength > 0 && !inside(c, g.vpc as VpcNode))));
  return { blocks: [...new Set(blocks)], inferred: true };
}
