/**
 * The DR side: the isolated staging VPC in the DR region, with one staging subnet per AZ. DRS launches its
 * replication servers in a staging subnet; the link puts the interface endpoints' ENIs in every staging subnet.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NO_RULES, stagingNetworkAclRules } from "../lib/networkAcl";
import { createIsolatedVpc, FlowLogOptions, RouteTableRef, SubnetPlan } from "./isolatedVpc";

/** Arguments of `StagingVpc`. */
export interface StagingVpcArgs {
  /** The VPC's IPv4 block. */
  readonly cidrBlock: string;
  /** One staging subnet per availability zone. */
  readonly subnets: readonly SubnetPlan[];
  /** Flow logs for the VPC, or `undefined` for none. */
  readonly flowLogs?: FlowLogOptions;
  /**
   * The staging subnets' network ACL rules, admitting only DRS's traffic from these source blocks: on an ACL of their
   * own (`dedicated`), or on the VPC's default ACL.
   */
  readonly networkAcl: { readonly sourceCidrBlocks: readonly string[]; readonly dnsCidrBlocks?: readonly string[]; readonly dedicated: boolean };
}

/** The isolated staging VPC. Pass the DR-region provider in `opts.provider`. */
export class StagingVpc extends pulumi.ComponentResource {
  /** The VPC id. */
  public readonly vpcId: pulumi.Output<string>;
  /** The VPC's IPv4 block. */
  public readonly cidrBlock: string;
  /** The staging subnets, in AZ order. */
  public readonly subnetIds: pulumi.Output<string>[];
  /** The staging subnets' IPv4 blocks, in the same order. */
  public readonly subnetCidrBlocks: string[];
  /** The staging route tables: they get the peering route and the S3 gateway endpoint. */
  public readonly routeTables: RouteTableRef[];

  constructor(name: string, args: StagingVpcArgs, opts?: pulumi.ComponentResourceOptions) {
    super("drs-secured-network:stagingVpc:StagingVpc", name, {}, opts);

    const rules = stagingNetworkAclRules({ sourceCidrBlocks: args.networkAcl.sourceCidrBlocks, dnsCidrBlocks: args.networkAcl.dnsCidrBlocks, stagingCidrBlock: args.cidrBlock });
    const vpc = createIsolatedVpc(this, name, {
      cidrBlock: args.cidrBlock,
      subnets: args.subnets,
      purpose: "DRS staging area",
      flowLogs: args.flowLogs,
      // With an ACL of their own, no subnet uses the default ACL: it denies everything.
      defaultNetworkAcl: args.networkAcl.dedicated ? { ...NO_RULES, servesSubnets: false } : { ...rules, servesSubnets: true },
    });
    this.vpcId = vpc.vpc.id;
    this.cidrBlock = args.cidrBlock;
    this.subnetIds = vpc.subnets.map((s) => s.id);
    this.subnetCidrBlocks = args.subnets.map((s) => s.cidrBlock);
    this.routeTables = [{ key: "rt", id: vpc.routeTable.id }];

    if (args.networkAcl.dedicated) {
      new aws.ec2.NetworkAcl(
        `${name}-nacl`,
        { vpcId: vpc.vpc.id, subnetIds: this.subnetIds, ingress: rules.ingress, egress: rules.egress, tags: { Name: `${name}-nacl` } },
        { parent: this },
      );
    }

    this.registerOutputs({
      vpcId: this.vpcId,
      cidrBlock: this.cidrBlock,
      subnetIds: this.subnetIds,
      subnetCidrBlocks: this.subnetCidrBlocks,
      routeTableIds: this.routeTables.map((t) => t.id),
    });
  }
}
