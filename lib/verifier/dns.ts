/**
 * How `drs.<region>.amazonaws.com` resolves where it must: in `private-hosted-zone` mode, a private zone for that
 * name associated with both VPCs, with an apex alias to the DRS endpoint, whose own private DNS is off (the two
 * would conflict); otherwise the DRS endpoint's private DNS, for the staging VPC's replication servers. With networks
 * outside AWS that ask the inbound resolver, which answers as the staging VPC would: S3's regional name too, through
 * the S3 interface endpoint's private DNS (for inbound resolver endpoints only, beside the gateway endpoint:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html).
 */
import { endpointServiceName } from "../regions";
import { stagingSides, StagingSide } from "./flows";
import { blame, Finding, NetworkModel } from "./model";
import type { Verdict } from "./verdict";

export function dnsChecks(model: NetworkModel): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const side of stagingSides(model)) {
    verdicts.push(drsNameCheck(model, side));
    if (side.externals.some((n) => n.resolverClient)) verdicts.push(resolverS3Check(model, side));
  }
  return verdicts;
}

/** The DRS regional name in the staging VPC (and every source VPC, in `private-hosted-zone` mode). */
function drsNameCheck(model: NetworkModel, { staging, region: drRegion, peerings }: StagingSide): Verdict {
  const zoneName = `drs.${drRegion}.amazonaws.com`;
  const drsEndpoints = model.endpoints.filter((e) => e.serviceName === endpointServiceName(drRegion, "drs") && e.type === "Interface");
  const drs = drsEndpoints.find((e) => e.vpc === staging) ?? drsEndpoints[0];
  const zone = model.zones.find((z) => z.zoneName === zoneName);
  const id = "dns:drs-regional-name";
  if (zone === undefined) {
    const description = `${zoneName} resolves to the DRS endpoint in the staging VPC (the endpoint's private DNS); source servers use --endpoint`;
    const passed = drs !== undefined && drs.privateDnsEnabled;
    return {
      id,
      kind: "required-flow",
      description,
      passed,
      ...(passed
        ? { path: [`${drs?.name} private DNS`] }
        : { blockedBy: drs === undefined ? { component: "DRS interface endpoint", reason: "is not declared" } : blame(drs, "has private DNS off, and no private hosted zone answers for the name") }),
    };
  }
  const description = `${zoneName} resolves to the DRS endpoint in the staging VPC and every source VPC through the private hosted zone ${zone.name}`;
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", description, passed: false, blockedBy });
  const missing = [staging, ...peerings.map((p) => p.requester)].find((v) => v === undefined || !zone.vpcs.includes(v));
  if (missing !== undefined || peerings.some((p) => p.requester === undefined)) {
    return fail(blame(zone, `is not associated with ${missing?.name ?? "a VPC of the peering"}, so the name does not resolve there`));
  }
  if (drs === undefined) return fail({ component: "DRS interface endpoint", reason: "is not declared" });
  if (drs.privateDnsEnabled) return fail(blame(drs, `has private DNS on, which conflicts with the private hosted zone for ${zoneName}`));
  const alias = zone.records.find((r) => r.type === "A" && r.recordName === zoneName && r.aliasTargets.includes(drs));
  if (alias === undefined) return fail(blame(zone, `has no apex A alias to ${drs.name}`));
  return { id, kind: "required-flow", description, passed: true, path: [zone.name, alias.name, drs.name] };
}

/**
 * With resolver clients outside AWS: the inbound resolver answers S3's regional name with the S3 interface endpoint,
 * which only its private DNS (on for inbound resolver endpoints) gives; else S3's public addresses, which no route
 * of the connection reaches.
 */
function resolverS3Check(model: NetworkModel, { staging, region, externals }: StagingSide): Verdict {
  const clients = externals.filter((n) => n.resolverClient).map((n) => n.name);
  const id = "dns:external-resolver-s3";
  const description = `s3.${region}.amazonaws.com resolves to the S3 interface endpoint for the inbound resolver's clients (${clients.join(", ")})`;
  const s3 = model.endpoints.find((e) => e.vpc === staging && e.type === "Interface" && e.serviceName === endpointServiceName(region, "s3"));
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", description, passed: false, blockedBy });
  if (s3 === undefined) return fail({ component: "S3 interface endpoint", reason: `is not declared in ${staging.name}` });
  if (!s3.privateDnsEnabled) {
    return fail(blame(s3, `has private DNS off, so the inbound resolver answers s3.${region}.amazonaws.com with S3's public addresses, which ${clients.join(", ")} cannot reach through the connection`));
  }
  return { id, kind: "required-flow", description, passed: true, path: [`${s3.name} private DNS (for the inbound resolver)`] };
}
