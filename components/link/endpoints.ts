/**
 * The four endpoints of the blog in the staging VPC: DRS, EC2 and S3 interface endpoints behind one security group
 * that admits HTTPS only from the source VPCs and the staging subnets, and the S3 gateway endpoint on the staging
 * route tables. Both S3 endpoints let through only s3:GetObject on DRS's buckets (and the config's); DRS's and EC2's
 * only the stack's own accounts, on both ends (lib/endpointPolicies.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { interfaceEndpointPolicy, S3_POLICY_SIDS, s3ReadOnlyPolicy } from "../../lib/endpointPolicies";
import { endpointDnsName } from "../../lib/installer";
import { privateDnsEnabled } from "../../lib/linkDns";
import { endpointServiceName, InterfaceEndpointService } from "../../lib/regions";
import { endpointGroupRules, inlineRule, noReferences } from "../../lib/securityGroups";
import type { LinkArgs } from "./index";
import { nameTag } from "./names";

/** What the rest of the link and its outputs read of the endpoints. */
export interface LinkEndpoints {
  readonly securityGroupId: pulumi.Output<string>;
  /** The interface endpoints, absent where `interfaceEndpoints` is false. */
  readonly interface?: Record<InterfaceEndpointService, aws.ec2.VpcEndpoint>;
  readonly dnsNames: Record<InterfaceEndpointService, pulumi.Output<string>>;
  readonly s3Gateway: aws.ec2.VpcEndpoint;
}

/** Declare the endpoints' security group, the three interface endpoints and the S3 gateway endpoint. */
export function createEndpoints(parent: pulumi.Resource, name: string, args: LinkArgs): LinkEndpoints {
  const onDr: pulumi.CustomResourceOptions = { parent, provider: args.drProvider };
  // HTTPS in from exactly the blocks that must reach the endpoints; no egress (endpoints never initiate).
  const rules = endpointGroupRules(
    [...args.sources.map((source) => ({ key: source.key, cidrBlock: source.cidrBlock })), ...(args.externalBlocks ?? [])],
    args.staging.subnetCidrBlocks,
  );
  const group = new aws.ec2.SecurityGroup(
    `${name}-endpoints-sg`,
    { vpcId: args.staging.vpcId, description: rules.description, ingress: rules.ingress.map((rule) => inlineRule(rule, noReferences)), egress: [], tags: nameTag(name, "endpoints-sg") },
    onDr,
  );
  const s3Policy = s3ReadOnlyPolicy(S3_POLICY_SIDS.staging, args.s3EndpointBuckets);
  // The replication servers fetch their software from S3 by the regional name: the gateway endpoint serves that.
  const s3Gateway = new aws.ec2.VpcEndpoint(
    `${name}-s3-gateway-endpoint`,
    {
      vpcId: args.staging.vpcId,
      serviceName: endpointServiceName(args.drRegion, "s3"),
      vpcEndpointType: "Gateway",
      routeTableIds: args.staging.routeTables.map((t) => t.id),
      policy: s3Policy,
      tags: nameTag(name, "s3-gateway-endpoint"),
    },
    onDr,
  );
  const policyOf = (service: InterfaceEndpointService): pulumi.Input<string> => {
    if (service === "s3") return s3Policy;
    const policy = interfaceEndpointPolicy(service, args.drRegion, args.accountIds);
    return args.secretAccountIds === true ? pulumi.secret(policy) : policy;
  };
  // S3 with private DNS for the inbound resolver only: AWS wants the gateway endpoint made first (EC2 DnsOptionsSpecification).
  const resolverS3 = (service: InterfaceEndpointService) => service === "s3" && args.s3PrivateDnsForInboundResolver === true;
  const interfaceEndpoint = (service: InterfaceEndpointService) =>
    new aws.ec2.VpcEndpoint(
      `${name}-${service}-endpoint`,
      {
        vpcId: args.staging.vpcId,
        serviceName: endpointServiceName(args.drRegion, service),
        vpcEndpointType: "Interface",
        subnetIds: [...args.staging.subnetIds],
        securityGroupIds: [group.id],
        privateDnsEnabled: privateDnsEnabled(service, args.drsDnsMode) || resolverS3(service),
        ...(resolverS3(service) ? { dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: true } } : {}),
        policy: policyOf(service),
        tags: nameTag(name, `${service}-endpoint`),
      },
      resolverS3(service) ? { ...onDr, dependsOn: [s3Gateway] } : onDr,
    );
  if (args.interfaceEndpoints === false) {
    const none = pulumi.output("");
    return { securityGroupId: group.id, interface: undefined, dnsNames: { drs: none, ec2: none, s3: none }, s3Gateway };
  }
  const endpoints = { drs: interfaceEndpoint("drs"), ec2: interfaceEndpoint("ec2"), s3: interfaceEndpoint("s3") };
  return {
    securityGroupId: group.id,
    interface: endpoints,
    dnsNames: {
      drs: endpoints.drs.dnsEntries.apply(endpointDnsName),
      ec2: endpoints.ec2.dnsEntries.apply(endpointDnsName),
      s3: endpoints.s3.dnsEntries.apply(endpointDnsName),
    },
    s3Gateway,
  };
}
