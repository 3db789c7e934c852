/**
 * How `drs.<region>.amazonaws.com` resolves where it must: in `private-hosted-zone` mode, a private zone for that
 * name associated with both VPCs, with an apex alias to the DRS endpoint, whose own private DNS is off (the two
 * would conflict); otherwise the DRS endpoint's private DNS, for the staging VPC's replication servers.
 */
import { endpointServiceName } from "../regions";
import { peeringsByStaging } from "./flows";
import { blame, Finding, NetworkModel } from "./model";
import type { Verdict } from "./verdict";

export function dnsChecks(model: NetworkModel): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const [staging, peerings] of peeringsByStaging(model)) {
    const drRegion = peerings[0].peerRegion as string;
    const zoneName = `drs.${drRegion}.amazonaws.com`;
    const drsEndpoints = model.endpoints.filter((e) => e.serviceName === endpointServiceName(drRegion, "drs") && e.type === "Interface");
    const drs = drsEndpoints.find((e) => e.vpc === staging) ?? drsEndpoints[0];
    const zone = model.zones.find((z) => z.zoneName === zoneName);
    const id = "dns:drs-regional-name";
    if (zone === undefined) {
      const description = `${zoneName} resolves to the DRS endpoint in the staging VPC (the endpoint's private DNS); source servers use --endpoint`;
      const passed = drs !== undefined && drs.privateDnsEnabled;
      verdicts.push({
        id,
        kind: "required-flow",
        description,
        passed,
        ...(passed
          ? { path: [`${drs?.name} private DNS`] }
          : { blockedBy: drs === undefined ? { component: "DRS interface endpoint", reason: "is not declared" } : blame(drs, "has private DNS off, and no private hosted zone answers for the name") }),
      });
      continue;
    }
    const description = `${zoneName} resolves to the DRS endpoint in the staging VPC and every source VPC through the private hosted zone ${zone.name}`;
    const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", description, passed: false, blockedBy });
    const missing = [staging, ...peerings.map((p) => p.requester)].find((v) => v === undefined || !zone.vpcs.includes(v));
    if (missing !== undefined || peerings.some((p) => p.requester === undefined)) {
      verdicts.push(fail(blame(zone, `is not associated with ${missing?.name ?? "a VPC of the peering"}, so the name does not resolve there`)));
      continue;
    }
    if (drs === undefined) {
      verdicts.push(fail({ component: "DRS interface endpoint", reason: "is not declared" }));
      continue;
    }
    if (drs.privateDnsEnabled) {
      verdicts.push(fail(blame(drs, `has private DNS on, which conflicts with the private hosted zone for ${zoneName}`)));
      continue;
    }
    const alias = zone.records.find((r) => r.type === "A" && r.recordName === zoneName && r.aliasTargets.includes(drs));
    if (alias === undefined) {
      verdicts.push(fail(blame(zone, `has no apex A alias to ${drs.name}`)));
      continue;
    }
    verdicts.push({ id, kind: "required-flow", description, passed: true, path: [zone.name, alias.name, drs.name] });
  }
  return verdicts;
}
