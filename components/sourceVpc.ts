/**
 * The source side: the isolated VPC of the servers to protect, in the source region. Either created (an isolated
 * VPC with one private subnet per AZ) or adopted (an existing VPC given by id, CIDR and route tables, in which
 * nothing is created: the link only adds routes to those tables).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { S3_POLICY_SIDS, s3ReadOnlyPolicy } from "../lib/endpointPolicies";
import { endpointServiceName } from "../lib/regions";
import { sourceNetworkAclRules } from "../lib/networkAcl";
import { createIsolatedVpc, FlowLogOptions, RouteTableRef, SubnetPlan } from "./isolatedVpc";

/** Arguments of `SourceVpc`: exactly one of `create` or `adopt`, and the optional package repository endpoint. */
export type SourceVpcArgs = SourceVpcShape & {
  /** The source region, for the S3 gateway endpoint's service name. */
  readonly region: string;
  /**
   * Buckets for an S3 gateway endpoint on the source route tables (the OS package repositories, so Linux servers
   * can install the kernel headers the agent needs), or `undefined` for no endpoint.
   */
  readonly s3GatewayBuckets?: readonly string[];
};

type SourceVpcShape =
  | {
      /**
       * Create a new isolated VPC with this block and these subnets, and flow logs unless `flowLogs` is absent. Its
       * default network ACL admits its own traffic and DRS's flows to and from `stagingCidrBlock` only.
       */
      readonly create: { readonly cidrBlock: string; readonly subnets: readonly SubnetPlan[]; readonly flowLogs?: FlowLogOptions; readonly stagingCidrBlock: string };
      readonly adopt?: undefined;
    }
  | {
      readonly create?: undefined;
      /** Adopt an existing VPC: its id, its block, the route tables to route from, and (for the outputs) its subnets. */
      readonly adopt: {
        readonly vpcId: string;
        readonly cidrBlock: string;
        readonly routeTableIds: readonly string[];
        readonly subnetIds: readonly string[];
      };
    };

/** The isolated VPC of the servers to protect. Pass the source-region provider in `opts.provider`. */
export class SourceVpc extends pulumi.ComponentResource {
  /** The VPC id. */
  public readonly vpcId: pulumi.Output<string>;
  /** The VPC's IPv4 block. */
  public readonly cidrBlock: string;
  /** The source subnets, one per AZ when created; as given when adopted. */
  public readonly subnetIds: pulumi.Output<string>[];
  /** The route tables that get a route to the staging VPC. */
  public readonly routeTables: RouteTableRef[];
  /** The S3 gateway endpoint's prefix list, when there is one. */
  public readonly s3PrefixListId?: pulumi.Output<string>;

  constructor(name: string, args: SourceVpcArgs, opts?: pulumi.ComponentResourceOptions) {
    super("drs-secured-network:sourceVpc:SourceVpc", name, {}, opts);

    if (args.adopt !== undefined) {
      this.vpcId = pulumi.output(args.adopt.vpcId);
      this.cidrBlock = args.adopt.cidrBlock;
      this.subnetIds = args.adopt.subnetIds.map((id) => pulumi.output(id));
      // Keyed by id, so reordering the configured list never replaces a route.
      this.routeTables = args.adopt.routeTableIds.map((id) => ({ key: id, id: pulumi.output(id) }));
    } else {
      const vpc = createIsolatedVpc(this, name, {
        cidrBlock: args.create.cidrBlock,
        subnets: args.create.subnets,
        purpose: "DRS source servers",
        flowLogs: args.create.flowLogs,
        defaultNetworkAcl: {
          ...sourceNetworkAclRules({
            sourceCidrBlock: args.create.cidrBlock,
            stagingCidrBlock: args.create.stagingCidrBlock,
            s3GatewayEndpoint: args.s3GatewayBuckets !== undefined,
          }),
          servesSubnets: true,
        },
      });
      this.vpcId = vpc.vpc.id;
      this.cidrBlock = args.create.cidrBlock;
      this.subnetIds = vpc.subnets.map((s) => s.id);
      this.routeTables = [{ key: "rt", id: vpc.routeTable.id }];
    }

    if (args.s3GatewayBuckets !== undefined) {
      // Only s3:GetObject on the package repositories: the source servers reach nothing else in S3.
      const endpoint = new aws.ec2.VpcEndpoint(
        `${name}-s3-gateway-endpoint`,
        {
          vpcId: this.vpcId,
          serviceName: endpointServiceName(args.region, "s3"),
          vpcEndpointType: "Gateway",
          routeTableIds: this.routeTables.map((t) => t.id),
          policy: s3ReadOnlyPolicy(S3_POLICY_SIDS.sourceGateway, args.s3GatewayBuckets),
          tags: { Name: `${name}-s3-gateway-endpoint` },
        },
        { parent: this },
      );
      this.s3PrefixListId = endpoint.prefixListId;
    }

    this.registerOutputs({
      vpcId: this.vpcId,
      cidrBlock: this.cidrBlock,
      subnetIds: this.subnetIds,
      routeTableIds: this.routeTables.map((t) => t.id),
      s3PrefixListId: this.s3PrefixListId,
    });
  }
}
