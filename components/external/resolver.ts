/**
 * `dns: resolver`: a Route 53 Resolver inbound endpoint in two staging subnets (two zones), so the data centre's DNS
 * servers can forward DRS's and S3's names to it and get the staging VPC's answers: the DRS endpoint (its private DNS
 * or this stack's zone) and the S3 interface endpoint (private DNS for inbound-resolver traffic only). Its group admits
 * UDP and TCP 53 from the resolver clients' blocks only, and has no egress rule (a group's replies need none).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ExternalPlan } from "../../lib/plan/external";
import { inlineRule, noReferences, resolverGroupRules } from "../../lib/securityGroups";
import type { ExternalLinkArgs } from "./index";

/** Declare the resolver's group and endpoint. */
export function createResolver(parent: pulumi.Resource, name: string, args: ExternalLinkArgs, plan: NonNullable<ExternalPlan["resolver"]>) {
  const onDr: pulumi.CustomResourceOptions = { parent, provider: args.drProvider };
  const rules = resolverGroupRules(plan.clientCidrBlocks);
  const group = new aws.ec2.SecurityGroup(
    `${name}-resolver-sg`,
    { vpcId: args.staging.vpcId, description: rules.description, ingress: rules.ingress.map((r) => inlineRule(r, noReferences)), egress: [], tags: { Name: `${name}-resolver-sg` } },
    onDr,
  );
  const endpoint = new aws.route53.ResolverEndpoint(
    `${name}-resolver`,
    {
      name: `${name}-resolver`,
      direction: "INBOUND",
      resolverEndpointType: "IPV4",
      protocols: ["Do53"],
      securityGroupIds: [group.id],
      ipAddresses: plan.subnetIndexes.map((i) => ({ subnetId: args.staging.subnetIds[i] })),
      tags: { Name: `${name}-resolver` },
    },
    onDr,
  );
  return { id: endpoint.id, addresses: endpoint.ipAddresses.apply((ips) => ips.map((ip) => ip.ip ?? "")) };
}
