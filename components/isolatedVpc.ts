/**
 * The building block both VPC components share: a VPC with no path to the internet. It creates, as children of
 * the calling component, the VPC (DNS support and host names on, as interface endpoints need), its default security
 * group with every rule removed, one private subnet per availability zone with no public IP mapping, and one route
 * table holding only the local route until the link adds the peering route. Nothing here creates or could create
 * an Internet Gateway, egress-only gateway, NAT gateway or Elastic IP.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

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
  args: { cidrBlock: string; subnets: readonly SubnetPlan[]; purpose: string },
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

  return { vpc, subnets, routeTable };
}
