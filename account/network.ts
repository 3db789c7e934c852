/**
 * What a region and an adopted VPC look like to the account: the availability zones (and, for the staging VPC, the
 * zones of each interface endpoint service), and an adopted VPC's blocks, DNS attributes, route tables and subnets.
 * Lookups only; lib/plan/checks.ts judges them.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { AdoptedVpcFacts, EndpointServiceZones, Lookup } from "../lib/plan/checks";
import type { ZoneFacts } from "../lib/plan/types";
import { endpointServiceName, INTERFACE_ENDPOINT_SERVICES } from "../lib/regions";
import type { AdoptedSourceVpc } from "../settings";

/** A region's plain availability zones; with `endpointServices`, the zones of each of the staging VPC's interface endpoint services. */
export async function readZones(provider: pulumi.ProviderResource, region: string, endpointServices: boolean): Promise<ZoneFacts> {
  const invoke = { provider };
  const [zones, services] = await Promise.all([
    aws.getAvailabilityZones({ state: "available", filters: [{ name: "zone-type", values: ["availability-zone"] }] }, invoke),
    endpointServices
      ? Promise.all(
          INTERFACE_ENDPOINT_SERVICES.map(async (service): Promise<EndpointServiceZones> => {
            const found = await aws.ec2.getVpcEndpointService({ serviceName: endpointServiceName(region, service), serviceType: "Interface" }, invoke);
            return { serviceName: found.serviceName, availabilityZones: found.availabilityZones };
          }),
        )
      : Promise.resolve(undefined),
  ]);
  return { offered: zones.names, ...(services !== undefined ? { services } : {}) };
}

/**
 * An adopted VPC, its route tables and subnets as the account has them; and each table's routes besides the local one
 * and this stack's own to the staging VPC (the quota of routes per table counts them).
 */
export async function readAdoptedVpc(
  provider: pulumi.ProviderResource,
  adopt: AdoptedSourceVpc,
  stagingCidrBlock: string,
): Promise<{ vpc: AdoptedVpcFacts; routes: Record<string, number> }> {
  const invoke = { provider };
  const vpcIdOf = <T extends { vpcId: string }>(ids: readonly string[], read: (id: string) => Promise<T>) =>
    Promise.all(ids.map(async (id) => [id, await lookup(() => read(id))] as const)).then((pairs) => Object.fromEntries(pairs) as Record<string, Lookup<T>>);
  const [vpc, routeTables, subnets] = await Promise.all([
    lookup(async () => {
      const found = await aws.ec2.getVpc({ id: adopt.vpcId }, invoke);
      return {
        cidrBlocks: [found.cidrBlock, ...found.cidrBlockAssociations.map((a) => a.cidrBlock).filter((c) => c !== found.cidrBlock)],
        enableDnsSupport: found.enableDnsSupport,
        enableDnsHostnames: found.enableDnsHostnames,
      };
    }),
    vpcIdOf(adopt.routeTableIds, async (id) => {
      const table = await aws.ec2.getRouteTable({ routeTableId: id }, invoke);
      // The routes the table already holds, less this stack's own to the staging VPC (the data source leaves out the local one).
      return { vpcId: table.vpcId, routes: (table.routes ?? []).filter((r) => r.cidrBlock !== stagingCidrBlock).length };
    }),
    vpcIdOf(adopt.subnetIds, async (id) => ({ vpcId: (await aws.ec2.getSubnet({ id }, invoke)).vpcId })),
  ]);
  const routes = Object.fromEntries(Object.entries(routeTables).flatMap(([id, l]) => ("found" in l ? [[id, l.found.routes]] : [])));
  return { vpc: { vpc, routeTables, subnets }, routes };
}

/** A lookup's value, or the error it failed with. */
export async function lookup<T>(read: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { found: await read() };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
