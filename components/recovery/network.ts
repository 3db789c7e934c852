/**
 * The recovery VPC (created isolated, as every VPC of the program, or adopted), the recovered instances' group, and
 * with post-launch actions the Systems Manager and CloudWatch Logs endpoints behind a group admitting HTTPS from the
 * VPC, and the S3 gateway endpoint for Systems Manager's buckets only.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { interfaceEndpointPolicy, s3ReadOnlyPolicy } from "../../lib/endpointPolicies";
import { RECOVERY_PURPOSE, systemsManagerBuckets } from "../../lib/recovery";
import { endpointServiceName } from "../../lib/regions";
import { inlineRule, noReferences, systemsManagerEndpointGroupRules } from "../../lib/securityGroups";
import { createIsolatedVpc, RouteTableRef } from "../isolatedVpc";
import type { RecoveryArgs } from "./index";

/** What the launch settings need of the network. */
export interface RecoveryNetwork {
  readonly vpcId: pulumi.Output<string>;
  readonly subnetIds: pulumi.Output<string>[];
  /** Its route tables (failback's link adds its routes there). */
  readonly routeTables: RouteTableRef[];
  readonly securityGroupId: pulumi.Output<string>;
}

/** Declare the VPC (or take the adopted one), the group and the endpoints. */
export function createRecoveryNetwork(parent: pulumi.Resource, name: string, args: RecoveryArgs): RecoveryNetwork {
  const onDr: pulumi.CustomResourceOptions = { parent, provider: args.drProvider };
  const { vpcId, subnetIds, routeTableIds } = recoveryVpc(parent, name, args);
  const s3 = args.plan.endpointServices.length > 0 ? createS3GatewayEndpoint(name, args, vpcId, routeTableIds, onDr) : undefined;
  const rules = args.plan.groupRules;
  const group = new aws.ec2.SecurityGroup(
    `${name}-instances-sg`,
    {
      vpcId,
      description: rules.description,
      ingress: rules.ingress.map((r) => inlineRule(r, noReferences)),
      egress: rules.egress.map((r) => inlineRule(r, () => ({ prefixListIds: [s3?.prefixListId ?? pulumi.output("")] }))),
      tags: { Name: `${name}-instances-sg` },
    },
    onDr,
  );
  if (args.plan.endpointServices.length > 0) createSystemsManagerEndpoints(name, args, vpcId, subnetIds, onDr);
  const routeTables = routeTableIds.map((id, i) => ({ key: args.plan.vpc.kind === "adopt" ? args.plan.vpc.routeTableIds[i] : "rt", id }));
  return { vpcId, subnetIds, routeTables, securityGroupId: group.id };
}

/** A created isolated VPC, or the adopted one's ids. */
function recoveryVpc(parent: pulumi.Resource, name: string, args: RecoveryArgs) {
  const v = args.plan.vpc;
  if (v.kind === "adopt") {
    return { vpcId: pulumi.output(v.vpcId), subnetIds: v.subnetIds.map((id) => pulumi.output(id)), routeTableIds: v.routeTableIds.map((id) => pulumi.output(id)) };
  }
  const vpc = createIsolatedVpc(parent, name, {
    cidrBlock: v.cidrBlock,
    subnets: v.subnets,
    purpose: RECOVERY_PURPOSE,
    flowLogs: args.flowLogs,
    defaultNetworkAcl: { ...v.networkAcl, servesSubnets: true },
  });
  return { vpcId: vpc.vpc.id, subnetIds: vpc.subnets.map((s) => s.id), routeTableIds: [vpc.routeTable.id] };
}

/** S3 through the route tables, for Systems Manager's buckets only. */
function createS3GatewayEndpoint(name: string, args: RecoveryArgs, vpcId: pulumi.Output<string>, routeTableIds: pulumi.Output<string>[], opts: pulumi.CustomResourceOptions) {
  return new aws.ec2.VpcEndpoint(
    `${name}-s3-gateway-endpoint`,
    {
      vpcId,
      serviceName: endpointServiceName(args.region, "s3"),
      vpcEndpointType: "Gateway",
      routeTableIds,
      policy: s3ReadOnlyPolicy("SystemsManagerBucketsOnly", systemsManagerBuckets(args.region)),
      tags: { Name: `${name}-s3-gateway-endpoint` },
    },
    opts,
  );
}

/** One interface endpoint per service, private DNS on (the agent calls the regional names), HTTPS from the VPC only. */
function createSystemsManagerEndpoints(name: string, args: RecoveryArgs, vpcId: pulumi.Output<string>, subnetIds: pulumi.Output<string>[], opts: pulumi.CustomResourceOptions): void {
  const rules = systemsManagerEndpointGroupRules(args.plan.vpc.cidrBlock);
  const group = new aws.ec2.SecurityGroup(
    `${name}-endpoints-sg`,
    { vpcId, description: rules.description, ingress: rules.ingress.map((r) => inlineRule(r, noReferences)), egress: [], tags: { Name: `${name}-endpoints-sg` } },
    opts,
  );
  for (const service of args.plan.endpointServices) {
    const policy = interfaceEndpointPolicy(service, args.region, args.accountIds);
    new aws.ec2.VpcEndpoint(
      `${name}-${service}-endpoint`,
      {
        vpcId,
        serviceName: endpointServiceName(args.region, service),
        vpcEndpointType: "Interface",
        subnetIds,
        securityGroupIds: [group.id],
        privateDnsEnabled: true,
        policy: args.secretAccountIds === true ? pulumi.secret(policy) : policy,
        tags: { Name: `${name}-${service}-endpoint` },
      },
      opts,
    );
  }
}
