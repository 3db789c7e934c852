/**
 * The plan's checks of the settings against what the accounts said (account/): which availability zones each VPC
 * can use, whether an adopted source VPC is what the config says, which of DRS's service roles an account lacks.
 * The lookups are account/'s; these functions only judge their results, so a mistake reads as a config problem
 * naming the key, never as a half-made stack. Pure: no Pulumi imports.
 */
import type { AdoptedSourceVpc, AvailabilityZoneChoice, ConfigProblem } from "../../settings";
import { DrsServiceRole, isNoSuchEntity } from "../drsServiceRoles";

/** An endpoint service and the availability zones where the DR region offers it. */
export interface EndpointServiceZones {
  /** The service name, e.g. `com.amazonaws.eu-west-2.drs`. */
  readonly serviceName: string;
  /** The zones that offer it. */
  readonly availabilityZones: readonly string[];
}

/** What `chooseAvailabilityZones` needs. */
export interface ZoneRequest {
  /** The settings' choice: names, or a count. */
  readonly choice: AvailabilityZoneChoice;
  /** The region and the key that names it, for messages (`drRegion`). */
  readonly region: string;
  readonly regionKey: string;
  /** The keys of the list and of the count, for messages. */
  readonly listKey: string;
  readonly countKey: string;
  /** The region's available plain availability zones (no Local or Wavelength Zones). */
  readonly offered: readonly string[];
  /** Endpoint services that every chosen zone must offer (the staging VPC's interface endpoints). */
  readonly services?: readonly EndpointServiceZones[];
}

/** The zones to use, in order, or the problems that prevent a choice. */
export function chooseAvailabilityZones(request: ZoneRequest): { zones: string[]; problems: ConfigProblem[] } {
  const offered = [...request.offered].sort();
  const services = request.services ?? [];
  const missingServices = (zone: string) =>
    services.filter((s) => !s.availabilityZones.includes(zone)).map((s) => s.serviceName);
  const where = `${request.regionKey} ${JSON.stringify(request.region)}`;

  if ("names" in request.choice) {
    const problems: ConfigProblem[] = [];
    request.choice.names.forEach((zone, i) => {
      const key = `${request.listKey}[${i}]`;
      if (!offered.includes(zone)) {
        problems.push({
          key,
          message: `${JSON.stringify(zone)} is not an availability zone this account offers in ${where} (available: ${offered.join(", ") || "none"})`,
        });
      } else if (missingServices(zone).length > 0) {
        problems.push({
          key,
          message: `${JSON.stringify(zone)} does not offer the endpoint service ${missingServices(zone).join(", ")}; choose another zone`,
        });
      }
    });
    return { zones: problems.length === 0 ? [...request.choice.names] : [], problems };
  }

  const eligible = offered.filter((zone) => missingServices(zone).length === 0);
  if (eligible.length < request.choice.count) {
    const what = services.length > 0 ? ` that offer ${services.map((s) => s.serviceName).join(", ")}` : "";
    return {
      zones: [],
      problems: [
        {
          key: request.countKey,
          message:
            `${request.choice.count} is more than the ${eligible.length} availability zone${eligible.length === 1 ? "" : "s"} ` +
            `this account offers in ${where}${what} (${eligible.join(", ") || "none"})`,
        },
      ],
    };
  }
  return { zones: eligible.slice(0, request.choice.count), problems: [] };
}

/** A lookup's result: the value, or the error AWS answered with. */
export type Lookup<T> = { readonly found: T } | { readonly error: string };

/** What the account says about an adopted source VPC. */
export interface AdoptedVpcFacts {
  /** The VPC's associated IPv4 blocks (primary first), and its DNS attributes. */
  readonly vpc: Lookup<{ cidrBlocks: readonly string[]; enableDnsSupport?: boolean; enableDnsHostnames?: boolean }>;
  /** Each configured route table's VPC id. */
  readonly routeTables: Readonly<Record<string, Lookup<{ vpcId: string }>>>;
  /** Each configured subnet's VPC id. */
  readonly subnets: Readonly<Record<string, Lookup<{ vpcId: string }>>>;
}

/** Where an adopted VPC's config disagrees with the account. */
export function adoptedVpcProblems(
  adopt: AdoptedSourceVpc,
  facts: AdoptedVpcFacts,
  sourceRegion: string,
  keys: { readonly vpc: string; readonly region: string } = { vpc: "sourceVpc", region: "sourceRegion" },
  options: { readonly privateHostedZone?: boolean; readonly systemsManagerEndpoints?: boolean } = {},
): ConfigProblem[] {
  const where = `${keys.region} ${JSON.stringify(sourceRegion)}`;
  const problems: ConfigProblem[] = [];
  if ("error" in facts.vpc) {
    problems.push({ key: `${keys.vpc}.vpcId`, message: `${JSON.stringify(adopt.vpcId)} could not be read in ${where}: ${facts.vpc.error}` });
  } else if (!facts.vpc.found.cidrBlocks.includes(adopt.vpcCidr)) {
    problems.push({
      key: `${keys.vpc}.cidrBlock`,
      message: `${JSON.stringify(adopt.vpcCidr)} is not a block of ${adopt.vpcId}, whose blocks are ${facts.vpc.found.cidrBlocks.join(", ")}`,
    });
  }
  if (options.privateHostedZone === true && "found" in facts.vpc) {
    // A private hosted zone answers only in VPCs with both DNS attributes on (Route 53 developer guide, "Considerations
    // when working with a private hosted zone").
    const off = [
      ...(facts.vpc.found.enableDnsSupport === false ? ["DNS support (enableDnsSupport)"] : []),
      ...(facts.vpc.found.enableDnsHostnames === false ? ["DNS host names (enableDnsHostnames)"] : []),
    ];
    if (off.length > 0) {
      problems.push({
        key: `${keys.vpc}.vpcId`,
        message:
          `${JSON.stringify(adopt.vpcId)} has ${off.join(" and ")} off, so the private hosted zone for the DRS name would not ` +
          "answer there: turn them on (aws ec2 modify-vpc-attribute), or set drsDnsMode to endpoint-flag",
      });
    }
  }
  if (options.systemsManagerEndpoints === true && "found" in facts.vpc) {
    // An interface endpoint's private DNS needs both attributes on (AWS PrivateLink guide, "Enable private DNS names").
    const off = [
      ...(facts.vpc.found.enableDnsSupport === false ? ["DNS support (enableDnsSupport)"] : []),
      ...(facts.vpc.found.enableDnsHostnames === false ? ["DNS host names (enableDnsHostnames)"] : []),
    ];
    if (off.length > 0) {
      problems.push({
        key: "agentRollout.adoptedVpcEndpoints",
        message:
          `puts Systems Manager's endpoints, private DNS on, in ${adopt.vpcId}, which has ${off.join(" and ")} off, so SSM Agent's names would not ` +
          "resolve to them: turn them on (aws ec2 modify-vpc-attribute), or leave the adopted VPC's endpoints to its owner",
      });
    }
  }
  const belongs = (listKey: string, ids: readonly string[], lookups: AdoptedVpcFacts["routeTables"], what: string) =>
    ids.forEach((id, i) => {
      const lookup = lookups[id];
      const key = `${keys.vpc}.${listKey}[${i}]`;
      if (lookup === undefined || "error" in lookup) {
        problems.push({ key, message: `${JSON.stringify(id)} could not be read in ${where}: ${lookup?.error ?? "not looked up"}` });
      } else if (lookup.found.vpcId !== adopt.vpcId) {
        problems.push({ key, message: `${JSON.stringify(id)} is a ${what} of ${lookup.found.vpcId}, not of ${adopt.vpcId}` });
      }
    });
  belongs("routeTableIds", adopt.routeTableIds, facts.routeTables, "route table");
  belongs("subnetIds", adopt.subnetIds, facts.subnets, "subnet");
  return problems;
}

/** What the account says about DRS's service roles: each role's lookup, by name. */
export type ServiceRoleLookups = Readonly<Record<string, Lookup<{ arn: string }>>>;

/**
 * The roles to create (those the account lacks), or the problems when a lookup failed for another reason than "no
 * such role" (access denied, say): then nothing can be decided, and the way out is named.
 */
export function missingServiceRoles(
  roles: readonly DrsServiceRole[],
  lookups: ServiceRoleLookups,
  where: string,
): { readonly missing: readonly DrsServiceRole[]; readonly problems: readonly ConfigProblem[] } {
  const missing: DrsServiceRole[] = [];
  const failed = new Map<string, string[]>();
  for (const role of roles) {
    const lookup = lookups[role.name];
    if (lookup === undefined || "found" in lookup) continue;
    if (isNoSuchEntity(lookup.error)) missing.push(role);
    else failed.set(lookup.error, [...(failed.get(lookup.error) ?? []), role.name]);
  }
  // One problem per distinct error: an access denial usually refuses every lookup alike.
  const problems = [...failed].map(([error, names]) => ({
    key: "replication.initializeService",
    message:
      `the DRS service role${names.length === 1 ? "" : "s"} ${names.join(", ")} could not be looked up in ${where}: ${error}. The deploying identity needs ` +
      "iam:GetRole (docs/replication.md); or, where an administrator initialized DRS, set replication.initializeService to false",
  }));
  return { missing: problems.length > 0 ? [] : missing, problems };
}
