/**
 * The fake AWS account the mocks answer from: what it holds (zones, endpoint services, existing VPCs, route tables,
 * subnets, peerings, roles, quotas, other stacks' outputs), which a test can change, and AWS's default quotas.
 */

/** What the fake AWS account holds. */
export interface FakeAccount {
  /** Available plain AZs per region; a region not listed gets `<region>a`, `b`, `c`. */
  zones: Record<string, string[]>;
  /** AZs per endpoint service name; a service not listed is offered in every AZ of its region. */
  serviceZones: Record<string, string[]>;
  /** Existing VPCs by id: region and blocks. */
  vpcs: Record<string, { region: string; cidrBlocks: string[] }>;
  /** Existing route tables and subnets by id: region and VPC. */
  routeTables: Record<string, { region: string; vpcId: string }>;
  subnets: Record<string, { region: string; vpcId: string }>;
  /** Outputs of other stacks, for StackReferences, by stack name. */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** IAM roles that exist, by account id (a fresh account has none of DRS's service roles). */
  roles?: Record<string, string[]>;
  /** An error every IAM role lookup answers with (an identity without iam:GetRole, say). */
  roleLookupError?: string;
  /** VPCs whose DNS attributes are not both on, by id (every other adopted VPC has DNS support and host names on). */
  vpcDns?: Record<string, { enableDnsSupport: boolean; enableDnsHostnames: boolean }>;
  /** Name tags of existing VPCs, by id (a VPC an earlier `pulumi up` made carries its logical name). */
  vpcNames?: Record<string, string>;
  /** Routes an existing route table holds besides the local one, by id. */
  routes?: Record<string, { cidrBlock: string }[]>;
  /** Existing peerings: their region (where they are described), the two VPCs, status and Name tag. */
  peerings?: { id: string; region: string; requesterVpcId: string; accepterVpcId: string; status: string; name?: string }[];
  /** Applied quota values by quota code; a quota not listed has AWS's default (a fresh account). */
  quotas?: Record<string, number>;
  /** An error every Service Quotas read answers with (an identity without servicequotas:GetServiceQuota, say). */
  quotaReadError?: string;
  /** A fresh account has a default VPC in every region; set to leave them out (an account whose defaults were deleted). */
  withoutDefaultVpcs?: boolean;
}

/** AWS's defaults of the quotas the program reads (Amazon VPC, PrivateLink, peering and Route 53 quota pages). */
export const DEFAULT_QUOTAS: Readonly<Record<string, { name: string; value: number; serviceCode: string }>> = {
  "L-F678F1CE": { name: "VPCs per Region", value: 5, serviceCode: "vpc" },
  "L-1B52E74A": { name: "Gateway VPC endpoints per Region", value: 20, serviceCode: "vpc" },
  "L-29B6F2EB": { name: "Interface VPC endpoints per VPC", value: 50, serviceCode: "vpc" },
  "L-7E9ECCDB": { name: "Active VPC peering connections per VPC", value: 50, serviceCode: "vpc" },
  "L-DC9F7029": { name: "Outstanding VPC peering connection requests", value: 25, serviceCode: "vpc" },
  "L-93826ACB": { name: "Routes per route table", value: 500, serviceCode: "vpc" },
  "L-2AEEBF1A": { name: "Rules per network ACL", value: 20, serviceCode: "vpc" },
  "L-0EA8095F": { name: "Inbound or outbound rules per security group", value: 60, serviceCode: "vpc" },
  "L-84B40094": { name: "VPCs per hosted zone", value: 300, serviceCode: "route53" },
};

/** A fresh account: no zones or services listed (so the defaults), no VPCs, route tables or subnets. */
export function emptyAccount(): FakeAccount {
  return { zones: {}, serviceZones: {}, vpcs: {}, routeTables: {}, subnets: {} };
}

/** The fake account every mocked resource is in. */
export const FAKE_ACCOUNT = "123456789012";

/** The plain AZs of a region in the account: as listed, else `<region>a`, `b`, `c`. */
export function zonesOf(account: FakeAccount, region: string): string[] {
  return account.zones[region] ?? ["a", "b", "c"].map((letter) => `${region}${letter}`);
}
