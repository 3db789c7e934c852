/**
 * Systems Manager (and STS, EC2 where the installer needs them) reachable without internet: interface endpoints in
 * the source VPC, behind a security group that admits HTTPS from that VPC only, each admitting only the stack's
 * accounts (lib/endpointPolicies.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { interfaceEndpointPolicy } from "../../lib/endpointPolicies";
import { endpointServiceName } from "../../lib/regions";
import { inlineRule, noReferences, systemsManagerEndpointGroupRules } from "../../lib/securityGroups";
import type { AgentRolloutArgs } from "./index";
import { own, nameTag, secretIf } from "./names";

/** Declare the endpoints' group and one endpoint per service; their ids by service, and the group's. */
export function createRolloutEndpoints(
  parent: pulumi.Resource,
  name: string,
  args: AgentRolloutArgs,
  endpoints: NonNullable<AgentRolloutArgs["endpoints"]>,
): { ids: Record<string, pulumi.Output<string>>; securityGroupId: pulumi.Output<string> } {
  const opts = own(parent, args);
  const rules = systemsManagerEndpointGroupRules(endpoints.cidrBlock);
  const group = new aws.ec2.SecurityGroup(
    `${name}-ssm-endpoints-sg`,
    { vpcId: args.vpcId, description: rules.description, ingress: rules.ingress.map((rule) => inlineRule(rule, noReferences)), egress: [], tags: nameTag(name, "ssm-endpoints-sg") },
    opts,
  );
  const ids: Record<string, pulumi.Output<string>> = {};
  for (const service of endpoints.services) {
    const endpoint = new aws.ec2.VpcEndpoint(
      `${name}-${service}-endpoint`,
      {
        vpcId: args.vpcId,
        serviceName: endpointServiceName(args.region, service),
        vpcEndpointType: "Interface",
        subnetIds: endpoints.subnetIds,
        securityGroupIds: [group.id],
        // SSM Agent and the installer call the regional names (ssm.<region>.amazonaws.com, ...): private DNS points them here.
        privateDnsEnabled: true,
        policy: secretIf(args.secretAccountIds === true, interfaceEndpointPolicy(service, args.region, args.accountIds)),
        tags: nameTag(name, `${service}-endpoint`),
      },
      opts,
    );
    ids[service] = endpoint.id;
  }
  return { ids, securityGroupId: group.id };
}
