/**
 * Failback's forbidden things, only where the network has a failback side (so others' reports keep their list):
 * each failback region's default EC2 launch template, which DRS copies to the source servers reversed replication
 * makes there, launches failed-back instances into a subnet of a source VPC of that region, wearing its source-server
 * group (so re-protection takes the forward path again), with no public IP and IMDSv2 required
 * (`failback-launch-template`). The DR region's template stays recovery-launch-template's.
 */
import { blame, Finding, LaunchTemplateNode, NetworkModel, SecurityGroupNode, VpcNode } from "../model";
import { forbiddenVerdict, Verdict } from "../verdict";
import { failbackSides, sourceVpcsOf } from "./side";

/** Every failback check, where the model has a failback side or the configuration gives one. */
export function failbackChecks(model: NetworkModel): Verdict[] {
  const regions = [...new Set([...failbackSides(model).map((s) => s.region), ...(model.failback?.regions ?? []).map((r) => r.region)])];
  if (regions.length === 0) return [];
  return [failbackLaunchTemplate(model, regions)];
}

/** The groups source servers wear in a VPC: the stack's own there, but its default group and the endpoints'. */
function sourceServerGroups(model: NetworkModel, vpc: VpcNode): SecurityGroupNode[] {
  return model.groups.filter((g) => g.vpc === vpc && g.known && g.isDefault !== true && !model.endpoints.some((e) => e.securityGroups.includes(g)));
}

/**
 * Each failback region's default launch template puts failed-back instances in a subnet of a source VPC of its region,
 * with that VPC's source-server group, no public IP and IMDSv2 required. A region without one fails (DRS would
 * launch with its own defaults); none read (live, where the outputs name none, or the account does not hold the one
 * they name) is noted, as the DR region's is.
 */
function failbackLaunchTemplate(model: NetworkModel, regions: readonly string[]): Verdict {
  const description = `the default launch template of ${regions.join(", ")} launches failed-back instances into a subnet of a source VPC of its region, with that VPC's source-server group, no public IP and IMDSv2 required`;
  const templates = model.failbackLaunchTemplates;
  if (templates === undefined) {
    return forbiddenVerdict("failback-launch-template", description, [], ["the failback regions' default launch templates were not read, so where DRS launches failed-back instances is not checked here"]);
  }
  const sources = sourceVpcsOf(model);
  const unread = model.unreadFailbackLaunchTemplates ?? [];
  const notes = unread.map((region) => `the default launch template of ${region} was not read, so where DRS launches failed-back instances there is not checked here`);
  const offenders = regions.flatMap((region): Finding[] => {
    if (unread.includes(region)) return [];
    const own = templates.filter((t) => t.region === region);
    if (own.length === 0) return [{ component: `the default launch template of ${region}`, reason: `is not declared, so DRS launches failed-back instances in ${region} with its own defaults, not into a source VPC` }];
    return own.flatMap((t) => templateProblems(model, t, region, sources.filter((s) => s.region === region).map((s) => s.vpc)));
  });
  return forbiddenVerdict("failback-launch-template", description, offenders, notes);
}

/** What is wrong with one failback region's launch template: its subnet, its groups, a public IP, IMDSv1. */
function templateProblems(model: NetworkModel, t: LaunchTemplateNode, region: string, sources: readonly VpcNode[]): Finding[] {
  const names = sources.map((v) => v.name).join(", ") || "(none)";
  const found: string[] = [];
  const vpc = t.subnet?.vpc;
  // A subnet the stack does not declare, with an adopted source VPC in the region, is taken as that VPC's (as configured).
  const adopted = t.subnet !== undefined && vpc === undefined && sources.some((v) => !v.known);
  if (t.subnet === undefined) found.push(`names no subnet, so its instances would launch into ${region}'s default VPC, not a source VPC of ${region} (${names})`);
  else if (!adopted && (vpc === undefined || !sources.includes(vpc))) found.push(`launches into ${t.subnet.name}${vpc !== undefined ? ` of ${vpc.name}` : ""}, not a subnet of a source VPC of ${region} (${names})`);
  const home = vpc !== undefined && sources.includes(vpc) ? [vpc] : adopted ? sources.filter((v) => !v.known) : sources;
  const wanted = home.flatMap((v) => sourceServerGroups(model, v));
  const wantedText = wanted.length > 0 ? `the source-server group ${wanted.map((g) => g.name).join(", ")}` : `a source-server group of ${home.map((v) => v.name).join(", ") || `a source VPC of ${region}`}`;
  if (t.securityGroups.length === 0) found.push(`names no security group, not ${wantedText}`);
  else if (!t.securityGroups.some((g) => wanted.includes(g))) found.push(`gives its instances ${t.securityGroups.map((g) => g.name).join(", ")}, not ${wantedText}`);
  if (t.associatePublicIp === true) found.push("asks for a public IP address on its instances (associatePublicIpAddress true)");
  if (t.httpTokens !== "required") found.push(`does not require IMDSv2 (metadataOptions.httpTokens ${t.httpTokens ?? "unset, so optional"})`);
  return found.map((reason) => blame(t, reason));
}
