/**
 * How the mocks answer the lookups the program makes, by invoke token, from the fake account: IAM roles and AWS
 * managed policies, the caller's identity, availability zones and endpoint services, existing VPCs, route tables,
 * subnets and peerings, and Service Quotas. A token none of these knows is an error, so a gap is obvious.
 */
import { DEFAULT_QUOTAS, FakeAccount, zonesOf } from "./account";
import { fakeId } from "./ids";

/** What an answer reads: the invoke, its provider's region and account, and the fake account. */
export interface InvokeContext {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
  /** The region of the invoke's provider. */
  readonly region: string;
  /** The account the invoke's provider lands in. */
  readonly accountId: string;
  readonly account: FakeAccount;
}

/**
 * An invoke failure as the engine reports it: the SDK rethrows a failed invoke as `new Error(err.details)`, where
 * `details` is the gRPC status text, so a plain Error would reach the program with an empty message.
 */
export function invokeError(token: string, message: string): Error {
  return Object.assign(new Error(message), { details: `invocation of ${token} returned an error: ${message}` });
}

/** The answer to an invoke, by its token. */
export function answerInvoke(c: InvokeContext): Record<string, unknown> {
  const answer = INVOKES.get(c.token);
  if (answer === undefined) throw invokeError(c.token, `the AWS mocks do not know the invoke ${c.token}`);
  return answer(c);
}

/** A role of the provider's account; a missing one in the provider's own wording (terraform-provider-aws, data source aws_iam_role). */
function getRole({ token, inputs, accountId, account }: InvokeContext): Record<string, unknown> {
  const name = String(inputs.name);
  if (account.roleLookupError !== undefined) throw invokeError(token, account.roleLookupError);
  if (!(account.roles?.[accountId] ?? []).includes(name)) throw invokeError(token, `reading IAM Role (${name}): couldn't find resource`);
  return { id: name, name, arn: `arn:aws:iam::${accountId}:role/service-role/${name}`, path: "/service-role/" };
}

/** AWS managed policies: DRS's under /service-role/, the SSM core policy at the root (AWS managed policy reference). */
function getPolicy({ token, inputs }: InvokeContext): Record<string, unknown> {
  const name = String(inputs.name);
  const path = name.startsWith("AWSElasticDisasterRecovery") ? "service-role/" : name === "AmazonSSMManagedInstanceCore" ? "" : undefined;
  if (path === undefined) throw invokeError(token, `no IAM policy found matching criteria (name ${name})`);
  return { id: `arn:aws:iam::aws:policy/${path}${name}`, arn: `arn:aws:iam::aws:policy/${path}${name}`, name, path: `/${path}` };
}

function getVpcEndpointService({ token, inputs, region, account }: InvokeContext): Record<string, unknown> {
  const serviceName = String(inputs.serviceName);
  if (!serviceName.startsWith(`com.amazonaws.${region}.`)) {
    throw invokeError(token, `no matching VPC Endpoint Service found: ${serviceName} looked up in ${region}`);
  }
  return {
    id: serviceName,
    serviceName,
    serviceType: inputs.serviceType,
    availabilityZones: account.serviceZones[serviceName] ?? zonesOf(account, region),
  };
}

function getVpc({ token, inputs, region, account }: InvokeContext): Record<string, unknown> {
  const vpc = account.vpcs[String(inputs.id)];
  if (vpc === undefined || vpc.region !== region) throw invokeError(token, "no matching EC2 VPC found");
  return {
    id: inputs.id,
    tags: account.vpcNames?.[String(inputs.id)] !== undefined ? { Name: account.vpcNames[String(inputs.id)] } : {},
    ...(account.vpcDns?.[String(inputs.id)] ?? { enableDnsSupport: true, enableDnsHostnames: true }),
    cidrBlock: vpc.cidrBlocks[0],
    cidrBlockAssociations: vpc.cidrBlocks.map((cidrBlock, i) => ({ associationId: `vpc-cidr-assoc-${i}`, cidrBlock, state: "associated" })),
  };
}

/** An existing route table (with its routes) or subnet, in the provider's region. */
function getRouteTableOrSubnet({ token, inputs, region, account }: InvokeContext): Record<string, unknown> {
  const id = String(inputs.routeTableId ?? inputs.id);
  const table = token.includes("RouteTable");
  const found = (table ? account.routeTables : account.subnets)[id];
  if (found === undefined || found.region !== region) throw invokeError(token, `no matching EC2 ${table ? "Route Table" : "Subnet"} found`);
  return { id, vpcId: found.vpcId, ...(table ? { routes: account.routes?.[id] ?? [] } : {}) };
}

/** Every VPC of the region: the default one of a fresh account, and the account's others. */
function getVpcs({ token, inputs, region, account }: InvokeContext): Record<string, unknown> {
  const filters = (inputs.filters as { name: string; values: string[] }[] | undefined) ?? [];
  const ids = [...(account.withoutDefaultVpcs === true ? [] : [fakeId("vpc", `default-${region}`)]), ...Object.keys(account.vpcs).filter((id) => account.vpcs[id].region === region)];
  const matches = (id: string) =>
    filters.every((f) => {
      if (f.name !== "tag:Name") throw invokeError(token, `the AWS mocks do not know the filter ${f.name}`);
      return f.values.includes(account.vpcNames?.[id] ?? "");
    });
  return { id: region, ids: ids.filter(matches) };
}

function getVpcPeeringConnections({ token, inputs, region, account }: InvokeContext): Record<string, unknown> {
  const filters = (inputs.filters as { name: string; values: string[] }[] | undefined) ?? [];
  const field: Record<string, (p: NonNullable<FakeAccount["peerings"]>[number]) => string | undefined> = {
    "tag:Name": (p) => p.name,
    "status-code": (p) => p.status,
    "requester-vpc-info.vpc-id": (p) => p.requesterVpcId,
    "accepter-vpc-info.vpc-id": (p) => p.accepterVpcId,
  };
  for (const f of filters) if (field[f.name] === undefined) throw invokeError(token, `the AWS mocks do not know the filter ${f.name}`);
  const found = (account.peerings ?? []).filter((p) => p.region === region && filters.every((f) => f.values.includes(field[f.name](p) ?? "")));
  return { id: region, ids: found.map((p) => p.id) };
}

function getServiceQuota({ token, inputs, region, accountId, account }: InvokeContext): Record<string, unknown> {
  const code = String(inputs.quotaCode);
  const quota = DEFAULT_QUOTAS[code];
  if (quota === undefined || quota.serviceCode !== inputs.serviceCode) throw invokeError(token, `getting Default Service Quota for (${String(inputs.serviceCode)}/${code}): NoSuchResourceException`);
  if (account.quotaReadError !== undefined) {
    throw invokeError(token, `getting Default Service Quota for (${quota.serviceCode}/${code}): ${account.quotaReadError}`);
  }
  const at = String(inputs.region ?? region);
  return {
    id: `arn:aws:servicequotas:${at}:${accountId}:${quota.serviceCode}/${code}`,
    serviceCode: quota.serviceCode,
    quotaCode: code,
    quotaName: quota.name,
    region: at,
    adjustable: true,
    defaultValue: quota.value,
    value: account.quotas?.[code] ?? quota.value,
    globalQuota: quota.serviceCode === "route53",
  };
}

/** Every invoke the mocks answer. */
const INVOKES = new Map<string, (c: InvokeContext) => Record<string, unknown>>([
  ["aws:iam/getRole:getRole", getRole],
  ["aws:iam/getPolicy:getPolicy", getPolicy],
  ["aws:index/getCallerIdentity:getCallerIdentity", ({ accountId }) => ({ id: accountId, accountId, arn: `arn:aws:iam::${accountId}:user/synth`, userId: "AIDAFAKEUSERID" })],
  [
    "aws:index/getAvailabilityZones:getAvailabilityZones",
    ({ inputs, region, account }) => {
      const names = zonesOf(account, region);
      return { id: region, names, zoneIds: names.map((n) => n.replace(region, `${region.replace(/-/g, "")}-az`)), state: inputs.state };
    },
  ],
  ["aws:ec2/getVpcEndpointService:getVpcEndpointService", getVpcEndpointService],
  ["aws:ec2/getVpc:getVpc", getVpc],
  ["aws:ec2/getRouteTable:getRouteTable", getRouteTableOrSubnet],
  ["aws:ec2/getSubnet:getSubnet", getRouteTableOrSubnet],
  ["aws:ec2/getVpcs:getVpcs", getVpcs],
  ["aws:ec2/getVpcPeeringConnections:getVpcPeeringConnections", getVpcPeeringConnections],
  ["aws:servicequotas/getServiceQuota:getServiceQuota", getServiceQuota],
]);
