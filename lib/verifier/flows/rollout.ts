/**
 * The agent rollout's endpoints in a source VPC (lib/agentRollout.ts, rolloutEndpointServices), with the labels the
 * verdicts use: Systems Manager's, which SSM Agent calls, and STS and the source region's EC2, which the DRS installer
 * calls (cross-account roles; Marketplace product codes).
 */
import { endpointServiceName } from "../../regions";
import type { NetworkModel, VpcNode } from "../model";

/** The rollout's endpoint services, each with the label its verdicts use. */
export const ROLLOUT_LABELS: Readonly<Record<string, string>> = {
  ssm: "SSM",
  ssmmessages: "SSM messages",
  ec2messages: "EC2 messages",
  logs: "CloudWatch Logs",
  sts: "STS",
  ec2: "source-region EC2",
};
/** The rollout's endpoints the DRS installer calls, rather than SSM Agent. */
export const INSTALLER_LABELS: readonly string[] = [ROLLOUT_LABELS.sts, ROLLOUT_LABELS.ec2];

/**
 * The rollout's endpoints a source VPC must reach: with the agent rollout on (or any of its endpoints in a VPC the
 * stack creates, which is how the policy pack, with no config, sees it on), `ssm`, `ssmmessages` and `logs`, and
 * `ec2messages`, `ec2` and `sts` where the stack made them. An adopted VPC's are the owner's affair unless declared.
 */
export function agentRolloutServices(model: NetworkModel, source: VpcNode, region: string | undefined, on: boolean): string[] {
  if (region === undefined) return [];
  const present = Object.keys(ROLLOUT_LABELS).filter((service) => model.endpoints.some((e) => e.vpc === source && e.type === "Interface" && e.serviceName === endpointServiceName(region, service)));
  if (!(present.length > 0 || (on && source.created))) return [];
  const where = (service: string) => (present.includes(service) ? [service] : []);
  return ["ssm", "ssmmessages", ...where("ec2messages"), "logs", ...where("ec2"), ...where("sts")];
}
