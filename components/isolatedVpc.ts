/**
 * The building block both VPC components share: a VPC with no path to the internet. It creates, as children of
 * the calling component, the VPC (DNS support and host names on, as interface endpoints need), its default security
 * group with every rule removed, its default network ACL with the given rules only, one private subnet per availability zone with no public IP mapping, and one route
 * table holding only the local route until the link adds the peering route. Nothing here creates or could create
 * an Internet Gateway, egress-only gateway, NAT gateway or Elastic IP.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { flowLogsTrustPolicy, flowLogsWritePolicy } from "../lib/iamPolicies";
import type { NetworkAclRules } from "../lib/networkAcl";

/** One subnet to create. */
export interface SubnetPlan {
  /** The availability zone name, e.g. `eu-west-2a`. */
  readonly availabilityZone: string;
  /** The subnet's IPv4 block, inside the VPC's. */
  readonly cidrBlock: string;
}

/** A route table as the link sees it: a stable key for naming the routes it adds, and the table's id. */
export interface RouteTableRef {
  /** Stable part of the logical names of resources attached to this table. */
  readonly key: string;
  /** The route table id, `rtb-...`. */
  readonly id: pulumi.Output<string>;
}

/** VPC flow logs to a CloudWatch Logs group of their own (Security Hub EC2.6, checkov CKV2_AWS_11). */
export interface FlowLogOptions {
  /** The VPC's region, for the delivery role's trust conditions. */
  readonly region: string;
  /** Days the log group keeps them. */
  readonly retentionDays: number;
  /** A KMS key of that region for the log group; CloudWatch Logs' own encryption when absent. */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** The VPC's account id is part of a secret config value: the policies that name it are kept secret. */
  readonly secretAccount?: boolean;
}

/** What `createIsolatedVpc` hands back to its component. */
export interface IsolatedVpc {
  readonly vpc: aws.ec2.Vpc;
  readonly subnets: aws.ec2.Subnet[];
  readonly routeTable: aws.ec2.RouteTable;
}

/**
 * Create an isolated VPC's resources as children of `parent`, named `<name>-vpc`, `<name>-subnet-<i>` and so on.
 * Subnet `i` is in `subnets[i].availabilityZone`.
 */
export function createIsolatedVpc(
  parent: pulumi.Resource,
  name: string,
  args: {
    cidrBlock: string;
    subnets: readonly SubnetPlan[];
    purpose: string;
    flowLogs?: FlowLogOptions;
    /** The default ACL's rules, and whether the subnets use it (else another ACL takes them over). */
    defaultNetworkAcl: NetworkAclRules & { readonly servesSubnets: boolean };
  },
): IsolatedVpc {
  const opts: pulumi.CustomResourceOptions = { parent };
  const nameTag = (suffix: string) => ({ Name: `${name}-${suffix}` });

  const vpc = new aws.ec2.Vpc(
    `${name}-vpc`,
    {
      cidrBlock: args.cidrBlock,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { ...nameTag("vpc"), Purpose: args.purpose },
    },
    opts,
  );

  // Adopts the VPC's default security group and removes every rule (Security Hub EC2.2, checkov CKV2_AWS_12).
  new aws.ec2.DefaultSecurityGroup(
    `${name}-default-sg`,
    { vpcId: vpc.id, ingress: [], egress: [], tags: nameTag("default-sg-closed") },
    opts,
  );

  const routeTable = new aws.ec2.RouteTable(`${name}-rt`, { vpcId: vpc.id, tags: nameTag("rt") }, opts);

  const subnets = args.subnets.map((plan, i) => {
    const subnet = new aws.ec2.Subnet(
      `${name}-subnet-${i}`,
      {
        vpcId: vpc.id,
        cidrBlock: plan.cidrBlock,
        availabilityZone: plan.availabilityZone,
        mapPublicIpOnLaunch: false,
        tags: { ...nameTag(`subnet-${plan.availabilityZone}`), Purpose: args.purpose },
      },
      opts,
    );
    new aws.ec2.RouteTableAssociation(`${name}-subnet-${i}-rt`, { subnetId: subnet.id, routeTableId: routeTable.id }, opts);
    return subnet;
  });

  // The default network ACL allows everything until managed (Security Hub EC2.21, checkov CKV2_AWS_1): adopted, its
  // rules replaced by the given ones (none: deny all). It names the subnets that use it: the provider reads them back
  // and, its subnet_ids being neither computed nor ignorable, shows a change on every preview where they are left
  // out (terraform-provider-aws internal/service/ec2/vpc_default_network_acl.go, "this will be a continual plan").
  new aws.ec2.DefaultNetworkAcl(
    `${name}-default-nacl`,
    {
      defaultNetworkAclId: vpc.defaultNetworkAclId,
      ingress: args.defaultNetworkAcl.ingress,
      egress: args.defaultNetworkAcl.egress,
      ...(args.defaultNetworkAcl.servesSubnets ? { subnetIds: subnets.map((s) => s.id) } : {}),
      tags: nameTag("default-nacl"),
    },
    opts,
  );

  if (args.flowLogs !== undefined) {
    createFlowLogs(parent, name, vpc, args.flowLogs);
  }
  return { vpc, subnets, routeTable };
}

/** Flow logs of every packet accepted or rejected in the VPC, to a log group only their delivery role can write. */
function createFlowLogs(parent: pulumi.Resource, name: string, vpc: aws.ec2.Vpc, options: FlowLogOptions): void {
  const opts: pulumi.CustomResourceOptions = { parent };
  const identity = aws.getCallerIdentityOutput({}, { parent }).accountId;
  const accountId = options.secretAccount === true ? pulumi.secret(identity) : identity;
  const group = new aws.cloudwatch.LogGroup(
    `${name}-flow-logs`,
    { retentionInDays: options.retentionDays, kmsKeyId: options.kmsKeyArn, tags: { Name: `${name}-flow-logs` } },
    opts,
  );
  const role = new aws.iam.Role(
    `${name}-flow-logs-role`,
    {
      description: `Delivers the VPC flow logs of ${name} to its log group, and nothing else`,
      assumeRolePolicy: accountId.apply((account) => flowLogsTrustPolicy(options.region, account)),
      tags: { Name: `${name}-flow-logs-role` },
    },
    opts,
  );
  new aws.iam.RolePolicy(
    `${name}-flow-logs-policy`,
    { role: role.id, policy: pulumi.all([accountId, group.arn]).apply(([account, arn]) => flowLogsWritePolicy(options.region, account, arn)) },
    opts,
  );
  new aws.ec2.FlowLog(
    `${name}-flow-log`,
    {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
      tags: { Name: `${name}-flow-log` },
    },
    opts,
  );
}
