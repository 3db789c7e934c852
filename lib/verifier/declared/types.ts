/**
 * What the declared builders read: a declared resource (as the synth records it under the mock runtime, or as the
 * policy pack sees the stack Pulumi is about to deploy), what the program knows that its resources do not say, and
 * the type tokens of the resources the builders turn into nodes.
 */
import type { ExternalSourceFacts } from "../externalNetworks";

export type { ExternalSourceFacts } from "../externalNetworks";

/** A declared resource, as the synth or the policy pack sees it. */
export interface DeclaredResource {
  /** The Pulumi type token, e.g. `aws:ec2/vpc:Vpc`. */
  readonly type: string;
  /** The logical name, e.g. `staging-vpc`. */
  readonly name: string;
  /** The URN: the resource's unique key. */
  readonly urn: string;
  /** The region of its provider, where known. */
  readonly region?: string;
  /** Its properties: inputs, plus outputs (such as `id`) where known. */
  readonly props: Readonly<Record<string, unknown>>;
  /** For a property, the URNs of the resources its value came from (Pulumi's property dependencies). */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** What the program knows that its resources do not say. */
export interface VerifierContext {
  /** VPCs the network uses without declaring them (an adopted source VPC), with their blocks. */
  readonly externalVpcs?: readonly { readonly id: string; readonly cidrBlock: string; readonly label?: string }[];
  /** Whether every declared VPC must have flow logs (true unless the configuration turned them off). */
  readonly requireFlowLogs?: boolean;
  /** Whether the agent rollout is on: each created source VPC must then reach Systems Manager's endpoints. */
  readonly agentRollout?: boolean;
  /**
   * The sources outside AWS, as configured: each block must then reach the staging VPC, a route missing from every
   * table included. Without it (the policy pack) they are inferred from the routes to the connections, and noted.
   */
  readonly externalSources?: readonly ExternalSourceFacts[];
  /**
   * The recovery side, as configured (`recovery.enabled`): an adopted recovery VPC's id, block and subnets (a created
   * one is known by its `Purpose: DRS recovery` tag), and the blocks its ingress rules admit (`recovery.ingress[].from`).
   * Without the blocks (the policy pack) they are inferred from the recovery VPC's groups, and noted.
   */
  readonly recovery?: RecoveryFacts;
  /**
   * Failback, as configured (`failback.enabled`; the settings' `failback` has this shape): each source region's failback
   * staging block, and the mode, which says whether the DRS, EC2 and S3 interface endpoints and the zone's alias exist
   * now (`standby`, or `on-demand` with `active`). Without it (the policy pack) the failback staging VPCs are known by
   * their names and peerings, and their endpoints are expected where any of them is there.
   */
  readonly failback?: FailbackContext;
}

/** What the configuration says of failback. */
export interface FailbackContext {
  readonly mode: "standby" | "on-demand";
  readonly active: boolean;
  /** The failback staging VPC's block, by source region. */
  readonly stagingVpcCidrs: Readonly<Record<string, string>>;
}

/** What the configuration says of the recovery side that its resources do not. */
export interface RecoveryFacts {
  /** An adopted recovery VPC: its id, its block and the subnets recovered instances land in. */
  readonly vpcId?: string;
  readonly cidrBlock?: string;
  readonly subnetIds?: readonly string[];
  /** The blocks beyond the recovery VPC that its groups may admit. */
  readonly ingressBlocks?: readonly string[];
}

/** Resource types that give a VPC a path to or from the internet. */
export const INTERNET_FACING_TYPES: Readonly<Record<string, string>> = {
  "aws:ec2/internetGateway:InternetGateway": "an Internet Gateway",
  "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment": "an Internet Gateway attachment",
  "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": "an egress-only Internet Gateway",
  "aws:ec2/natGateway:NatGateway": "a NAT gateway",
  "aws:ec2/eip:Eip": "an Elastic IP",
  "aws:ec2/eipAssociation:EipAssociation": "an Elastic IP association",
};

/** The type tokens the builders read. */
export const TYPE = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
  association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  route: "aws:ec2/route:Route",
  peering: "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
  accepter: "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  template: "aws:drs/replicationConfigurationTemplate:ReplicationConfigurationTemplate",
  zone: "aws:route53/zone:Zone",
  networkAcl: "aws:ec2/networkAcl:NetworkAcl",
  defaultNetworkAcl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
  networkAclRule: "aws:ec2/networkAclRule:NetworkAclRule",
  networkAclAssociation: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
  flowLog: "aws:ec2/flowLog:FlowLog",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  record: "aws:route53/record:Record",
  zoneAssociation: "aws:route53/zoneAssociation:ZoneAssociation",
  groupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  instance: "aws:ec2/instance:Instance",
  tgwAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
  vpnGateway: "aws:ec2/vpnGateway:VpnGateway",
  vpnGatewayAttachment: "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment",
  vpnConnection: "aws:ec2/vpnConnection:VpnConnection",
  vpnConnectionRoute: "aws:ec2/vpnConnectionRoute:VpnConnectionRoute",
  resolverEndpoint: "aws:route53/resolverEndpoint:ResolverEndpoint",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  internetGateway: "aws:ec2/internetGateway:InternetGateway",
  internetGatewayAttachment: "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
  egressOnlyInternetGateway: "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
  natGateway: "aws:ec2/natGateway:NatGateway",
} as const;

/** A property's value when it is a non-empty string. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
