/**
 * Where a DRS source server would launch today, against where the stack says recovered instances land: pure.
 *
 * New source servers copy the region's launch settings (DRS guide, "Default DRS launch settings",
 * https://docs.aws.amazon.com/drs/latest/userguide/default-drs-launch-settings.html); a server already registered
 * keeps its own launch configuration (`GetLaunchConfiguration`) and its own EC2 launch template, one DRS made for it
 * (`ec2LaunchTemplateID`, which `UpdateLaunchConfiguration` cannot change). Its subnet and security groups are those of
 * the template's primary interface (device index 0) in its default version, which DRS launches from ("EC2 launch
 * template", https://docs.aws.amazon.com/drs/latest/userguide/ec2-key-considerations.html).
 *
 * `reviewLaunch` compares one server with the stack's recovery side and gives the differences and the exact calls
 * that make it right, as AWS's own drs-tools configuration synchronizer makes them
 * (aws-samples/drs-tools, drs-configuration-synchronizer `configsynchronizer.py`): `UpdateLaunchConfiguration` with
 * the fields that differ; `CreateLaunchTemplateVersion` from the default version (the new version inherits everything
 * it does not name, EC2 API reference) with every network interface carried over and the primary one set to a
 * recovery subnet, the recovery group and no public IP, and IMDSv2 required; then `ModifyLaunchTemplate` to make that
 * version the default. The template's tags (`AWSElasticDisasterRecoveryManaged`, which DRS's service role needs to
 * edit it) are never touched. A server already right gives no call, so applying twice changes nothing.
 */
import { createHash } from "node:crypto";
import type { LaunchConfiguration, SourceServer, UpdateLaunchConfigurationRequest } from "@aws-sdk/client-drs";
import type {
  CreateLaunchTemplateVersionRequest,
  LaunchTemplateInstanceMetadataOptions,
  LaunchTemplateInstanceMetadataOptionsRequest,
  LaunchTemplateInstanceNetworkInterfaceSpecification,
  LaunchTemplateInstanceNetworkInterfaceSpecificationRequest,
  LaunchTemplateVersion,
  ModifyLaunchTemplateRequest,
  RequestLaunchTemplateData,
} from "@aws-sdk/client-ec2";
import { Address4 } from "ip-address";
import type { RecoveryLaunchSettings } from "../settings";
import { blockContains, ipv4BlockProblem, parseIpv4Block } from "./cidr";

/** A recovery subnet: its id, and its block where it is known (needed only with copyPrivateIp). */
export interface RecoverySubnet {
  readonly id: string;
  readonly cidrBlock?: string;
}

/** Where the stack says recovered instances land, and the launch settings it gives the region. */
export interface LaunchTarget {
  /** The recovery subnets, in the stack's order (`recoverySubnetIds`); at least one. */
  readonly subnets: readonly RecoverySubnet[];
  /** The recovered instances' security group (`recoverySecurityGroupId`). */
  readonly groupId: string;
  readonly launch: Pick<RecoveryLaunchSettings, "launchDisposition" | "copyPrivateIp" | "copyTags" | "rightSizing" | "osByol" | "postLaunchActions">;
}

/** What AWS reports of one source server. */
export interface ServerState {
  /** Its DescribeSourceServers item. */
  readonly server: SourceServer;
  /** Its GetLaunchConfiguration answer; `undefined` when DRS gives none. */
  readonly configuration?: LaunchConfiguration;
  /** The default version of its EC2 launch template (DescribeLaunchTemplateVersions `$Default`); `undefined` when gone. */
  readonly template?: LaunchTemplateVersion;
}

/** One thing that is not as the stack says. */
export interface LaunchDifference {
  /** The API field: `launchDisposition`, `NetworkInterfaces[0].SubnetId`, `MetadataOptions.HttpTokens`, ... */
  readonly field: string;
  readonly current: string;
  readonly wanted: string;
  /** Where it launches (subnet, groups, public IP, IMDS), as opposed to a DRS launch setting. */
  readonly network: boolean;
  /** The difference as a sentence about the server: `launches into subnet-0abc, not a recovery subnet (...)`. */
  readonly text: string;
}

/** Where a server's instance would launch, read from its template's default version. */
export interface LaunchPlacement {
  /** The primary interface's subnet; `undefined`: the template names none. */
  readonly subnetId?: string;
  readonly groupIds: readonly string[];
  /** `AssociatePublicIpAddress` on the primary interface: `yes`, `no`, or `subnet default` when not set. */
  readonly publicIp: "yes" | "no" | "subnet default";
  /** `MetadataOptions.HttpTokens`: `required` is IMDSv2 only. */
  readonly httpTokens: "required" | "optional" | "not set";
}

/** The calls that make a server right, in order; none when it is. */
export interface LaunchCalls {
  /** DRS `UpdateLaunchConfiguration`: the server and the fields that differ. */
  readonly updateLaunchConfiguration?: UpdateLaunchConfigurationRequest;
  /** EC2 `CreateLaunchTemplateVersion` from the default version. */
  readonly createLaunchTemplateVersion?: CreateLaunchTemplateVersionRequest & { readonly LaunchTemplateId: string; readonly LaunchTemplateData: RequestLaunchTemplateData };
  /** Then EC2 `ModifyLaunchTemplate` of this template, its default the version just made (`modifyDefaultVersion`). */
  readonly makeDefault?: { readonly LaunchTemplateId: string };
}

/** One server, reviewed. */
export interface LaunchReview {
  readonly sourceServerID: string;
  /** `sourceProperties.identificationHints.hostname`, when DRS knows it. */
  readonly hostname?: string;
  readonly launchTemplateId?: string;
  /** The template's default version number. */
  readonly defaultVersion?: number;
  /** Where it launches today; `undefined` when its template could not be read. */
  readonly launchesInto?: LaunchPlacement;
  readonly differences: readonly LaunchDifference[];
  readonly calls: LaunchCalls;
  /** What the calls cannot make right (no template, a private IP no recovery subnet holds, ...): someone must act. */
  readonly problems: readonly string[];
  /** What could not be checked, and why. */
  readonly notes: readonly string[];
  /** It launches into a recovery subnet with the recovery group, no public IP and IMDSv2 required, and nothing stops it. */
  readonly networkRight: boolean;
  /** `networkRight`, and every launch setting as the stack's. */
  readonly right: boolean;
}

/** What `CreateLaunchTemplateVersion`'s version description says. */
export const VERSION_DESCRIPTION = "drs-secured-network launch-settings: a recovery subnet and group, no public IP, IMDSv2 required";

/** The server as a reader knows it: `web-01 (s-...)`, or its id alone. */
export function serverLabel(review: Pick<LaunchReview, "sourceServerID" | "hostname">): string {
  return review.hostname !== undefined ? `${review.hostname} (${review.sourceServerID})` : review.sourceServerID;
}

/** Where a placement launches, as a phrase: `subnet-0abc with sg-0def, no public IP, IMDSv2 required`. */
export function placementText(p: LaunchPlacement): string {
  const groups = p.groupIds.length > 0 ? p.groupIds.join(", ") : "no security group";
  const publicIp = { yes: "a public IP", no: "no public IP", "subnet default": "the subnet's public IP default" }[p.publicIp];
  const imds = { required: "IMDSv2 required", optional: "IMDSv1 allowed", "not set": "IMDS tokens not set" }[p.httpTokens];
  return `${p.subnetId ?? "no subnet named"} with ${groups}, ${publicIp}, ${imds}`;
}

/** The `ModifyLaunchTemplate` input that makes the version `CreateLaunchTemplateVersion` gave the default. */
export function modifyDefaultVersion(launchTemplateId: string, versionNumber: number): ModifyLaunchTemplateRequest {
  return { LaunchTemplateId: launchTemplateId, DefaultVersion: String(versionNumber) };
}

const shown = (value: unknown): string => (value === undefined ? "not set" : Array.isArray(value) ? (value.length > 0 ? value.join(", ") : "none") : String(value));

/** The server's primary private IPv4 address as DRS saw it on the source (the one copyPrivateIp copies), if known. */
function sourcePrivateIp(server: SourceServer): string | undefined {
  const nics = server.sourceProperties?.networkInterfaces ?? [];
  const primary = nics.find((n) => n.isPrimary === true) ?? nics[0];
  return (primary?.ips ?? []).find((ip) => Address4.isValid(ip));
}

function holds(subnet: RecoverySubnet, ip: string): boolean {
  if (subnet.cidrBlock === undefined || ipv4BlockProblem(subnet.cidrBlock) !== undefined) return false;
  return blockContains(parseIpv4Block(subnet.cidrBlock), parseIpv4Block(`${ip}/32`));
}

/** A response interface spec as a request spec (the same fields; specific IPv6 addresses lose the response-only flag). */
function asRequest(n: LaunchTemplateInstanceNetworkInterfaceSpecification): LaunchTemplateInstanceNetworkInterfaceSpecificationRequest {
  const { Ipv6Addresses, ...rest } = n;
  return {
    ...(rest as LaunchTemplateInstanceNetworkInterfaceSpecificationRequest),
    ...(Ipv6Addresses !== undefined ? { Ipv6Addresses: Ipv6Addresses.map((a) => ({ Ipv6Address: a.Ipv6Address })) } : {}),
  };
}

/** The primary interface moved to another subnet: what named the old subnet's addresses or interface goes. */
function movedPrimary(n: LaunchTemplateInstanceNetworkInterfaceSpecificationRequest, keepPrivateIp: boolean): LaunchTemplateInstanceNetworkInterfaceSpecificationRequest {
  const { NetworkInterfaceId: _eni, PrivateIpAddress, PrivateIpAddresses, Ipv6Addresses: _v6, Ipv4Prefixes: _p4, Ipv6Prefixes: _p6, ...rest } = n;
  return { ...rest, ...(keepPrivateIp ? { ...(PrivateIpAddress !== undefined ? { PrivateIpAddress } : {}), ...(PrivateIpAddresses !== undefined ? { PrivateIpAddresses } : {}) } : {}) };
}

/** A deterministic client token for the version, so a retried run gets the version already made (EC2 idempotency). */
function clientToken(input: object): string {
  return `drs-launch-settings-${createHash("sha256").update(JSON.stringify(input)).digest("hex").slice(0, 40)}`;
}

/** Compare one server with the stack's recovery side: where it launches, what differs, and the calls that fix it. */
export function reviewLaunch(target: LaunchTarget, state: ServerState): LaunchReview {
  const { server, configuration, template } = state;
  const sourceServerID = server.sourceServerID ?? "(no id)";
  const hostname = server.sourceProperties?.identificationHints?.hostname || undefined;
  const differences: LaunchDifference[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  const calls: { -readonly [K in keyof LaunchCalls]: LaunchCalls[K] } = {};

  // DRS's launch settings for the server.
  if (configuration === undefined) {
    problems.push("DRS gives no launch configuration for it (GetLaunchConfiguration found none)");
  } else {
    const want = target.launch;
    const update: Record<string, unknown> = {};
    const compare = (field: string, current: unknown, wanted: unknown, set: () => void) => {
      if (current === wanted) return;
      differences.push({ field, current: shown(current), wanted: shown(wanted), network: false, text: `${field} is ${shown(current)}, the stack's is ${shown(wanted)}` });
      set();
    };
    compare("launchDisposition", configuration.launchDisposition, want.launchDisposition, () => (update.launchDisposition = want.launchDisposition));
    compare("targetInstanceTypeRightSizingMethod", configuration.targetInstanceTypeRightSizingMethod, want.rightSizing, () => (update.targetInstanceTypeRightSizingMethod = want.rightSizing));
    compare("copyPrivateIp", configuration.copyPrivateIp, want.copyPrivateIp, () => (update.copyPrivateIp = want.copyPrivateIp));
    compare("copyTags", configuration.copyTags, want.copyTags, () => (update.copyTags = want.copyTags));
    compare("licensing.osByol", configuration.licensing?.osByol, want.osByol, () => (update.licensing = { osByol: want.osByol }));
    compare("postLaunchEnabled", configuration.postLaunchEnabled, want.postLaunchActions, () => (update.postLaunchEnabled = want.postLaunchActions));
    if (Object.keys(update).length > 0) calls.updateLaunchConfiguration = { sourceServerID, ...update };
  }

  const launchTemplateId = configuration?.ec2LaunchTemplateID || undefined;
  if (configuration !== undefined && launchTemplateId === undefined) problems.push("has no EC2 launch template yet (its launch configuration names none)");
  if (launchTemplateId !== undefined && template === undefined) {
    problems.push(`its EC2 launch template ${launchTemplateId} has no default version in the account (deleted? DRS makes a new one with default values: run again once it has)`);
  }

  let launchesInto: LaunchPlacement | undefined;
  let networkProblem = template === undefined;
  if (launchTemplateId !== undefined && template !== undefined) {
    const data = template.LaunchTemplateData ?? {};
    const interfaces = data.NetworkInterfaces ?? [];
    const primaryAt = interfaces.findIndex((n) => (n.DeviceIndex ?? 0) === 0);
    const primary = primaryAt >= 0 ? interfaces[primaryAt] : undefined;
    const metadata: LaunchTemplateInstanceMetadataOptions = data.MetadataOptions ?? {};
    launchesInto = {
      ...(primary?.SubnetId !== undefined ? { subnetId: primary.SubnetId } : {}),
      groupIds: primary?.Groups ?? [],
      publicIp: primary?.AssociatePublicIpAddress === true ? "yes" : primary?.AssociatePublicIpAddress === false ? "no" : "subnet default",
      httpTokens: metadata.HttpTokens === "required" ? "required" : metadata.HttpTokens === "optional" ? "optional" : "not set",
    };

    // The subnet it should launch into: with copyPrivateIp, the recovery subnet holding its private IP; else the one
    // it is in, when that is a recovery subnet (servers are not moved between the recovery zones); else the first.
    const recoveryIds = target.subnets.map((s) => s.id);
    const current = target.subnets.find((s) => s.id === primary?.SubnetId);
    const privateIp = sourcePrivateIp(server) ?? primary?.PrivateIpAddress;
    let wantedSubnet: RecoverySubnet = current ?? target.subnets[0];
    if (target.launch.copyPrivateIp) {
      if (privateIp === undefined) notes.push("copyPrivateIp is on, but DRS reports no private IPv4 address for it: which recovery subnet holds it is not checked");
      else if (target.subnets.some((s) => s.cidrBlock === undefined)) notes.push(`copyPrivateIp is on, but the recovery subnets' blocks are not known: whether ${wantedSubnet.id} holds ${privateIp} is not checked`);
      else {
        const holding = target.subnets.find((s) => holds(s, privateIp));
        if (holding !== undefined) wantedSubnet = holding;
        else {
          problems.push(`copyPrivateIp is on, but no recovery subnet holds its private IP ${privateIp} (${target.subnets.map((s) => `${s.id} ${s.cidrBlock}`).join(", ")}): turn copyPrivateIp off or give the recovery VPC a subnet that holds it`);
          networkProblem = true;
        }
      }
    }
    const moved = primary?.SubnetId !== wantedSubnet.id;
    if (moved) {
      const why = current !== undefined ? `not ${wantedSubnet.id}, the recovery subnet holding its private IP ${privateIp}` : `not a recovery subnet (${recoveryIds.join(", ")})`;
      differences.push({
        field: "NetworkInterfaces[0].SubnetId",
        current: shown(primary?.SubnetId ?? (primary?.NetworkInterfaceId !== undefined ? `the interface ${primary.NetworkInterfaceId}` : undefined)),
        wanted: wantedSubnet.id,
        network: true,
        text: `launches into ${primary?.SubnetId ?? (primary?.NetworkInterfaceId !== undefined ? `the existing interface ${primary.NetworkInterfaceId}` : "no subnet the template names")}, ${why}`,
      });
    }
    const groups = primary?.Groups ?? [];
    if (groups.length !== 1 || groups[0] !== target.groupId) {
      differences.push({
        field: "NetworkInterfaces[0].Groups",
        current: shown(groups),
        wanted: target.groupId,
        network: true,
        text: groups.length === 0 ? `has no security group on its primary interface, not the recovery group ${target.groupId}` : `has the security groups ${groups.join(", ")}, not the recovery group ${target.groupId} alone`,
      });
    }
    if (primary?.AssociatePublicIpAddress !== false) {
      differences.push({
        field: "NetworkInterfaces[0].AssociatePublicIpAddress",
        current: shown(primary?.AssociatePublicIpAddress),
        wanted: "false",
        network: true,
        text: primary?.AssociatePublicIpAddress === true ? "gets a public IP (AssociatePublicIpAddress true)" : "leaves the public IP to the subnet's default (AssociatePublicIpAddress not set)",
      });
    }
    if (metadata.HttpTokens !== "required") {
      differences.push({ field: "MetadataOptions.HttpTokens", current: shown(metadata.HttpTokens), wanted: "required", network: true, text: `does not require IMDSv2 (HttpTokens ${shown(metadata.HttpTokens)})` });
    }
    // What the template's primary interface cannot fix: instance-level groups (EC2 takes groups on the interfaces only,
    // once an interface is given), and further interfaces outside the recovery subnets or with a public IP.
    const instanceGroups = [...(data.SecurityGroupIds ?? []), ...(data.SecurityGroups ?? [])];
    if (instanceGroups.length > 0) {
      problems.push(`its launch template sets instance-level security groups (${instanceGroups.join(", ")}) beside the interfaces': remove them from the template by hand`);
      networkProblem = true;
    }
    for (const n of interfaces) {
      if ((n.DeviceIndex ?? 0) === 0) continue;
      if ((n.SubnetId !== undefined && !recoveryIds.includes(n.SubnetId)) || n.AssociatePublicIpAddress === true) {
        problems.push(`its launch template's interface at device index ${n.DeviceIndex} is in ${n.SubnetId ?? "no subnet"}${n.AssociatePublicIpAddress === true ? " with a public IP" : ""}, which DRS passes through: remove it or move it into a recovery subnet by hand`);
        networkProblem = true;
      }
    }

    if (differences.some((d) => d.network) && template.VersionNumber === undefined) {
      problems.push(`its EC2 launch template ${launchTemplateId}'s default version has no version number to build a new version from`);
      networkProblem = true;
    }
    if (differences.some((d) => d.network) && template.VersionNumber !== undefined) {
      const base = primary !== undefined ? asRequest(primary) : { DeviceIndex: 0 };
      const keepIp = !moved || (privateIp !== undefined && holds(wantedSubnet, privateIp) && primary?.PrivateIpAddress === privateIp);
      const eth0: LaunchTemplateInstanceNetworkInterfaceSpecificationRequest = {
        ...(moved ? movedPrimary(base, keepIp) : base),
        DeviceIndex: 0,
        SubnetId: wantedSubnet.id,
        Groups: [target.groupId],
        AssociatePublicIpAddress: false,
      };
      const { State: _state, ...metadataRequest } = metadata;
      const networkInterfaces = primaryAt >= 0 ? interfaces.map((n, i) => (i === primaryAt ? eth0 : asRequest(n))) : [eth0, ...interfaces.map(asRequest)];
      const request = {
        LaunchTemplateId: launchTemplateId,
        SourceVersion: String(template.VersionNumber),
        VersionDescription: VERSION_DESCRIPTION,
        LaunchTemplateData: {
          NetworkInterfaces: networkInterfaces,
          MetadataOptions: { ...(metadataRequest as LaunchTemplateInstanceMetadataOptionsRequest), HttpTokens: "required" as const },
        },
      };
      calls.createLaunchTemplateVersion = { ...request, ClientToken: clientToken(request) };
      calls.makeDefault = { LaunchTemplateId: launchTemplateId };
    }
  }

  const networkRight = launchesInto !== undefined && !networkProblem && !differences.some((d) => d.network);
  return {
    sourceServerID,
    ...(hostname !== undefined ? { hostname } : {}),
    ...(launchTemplateId !== undefined ? { launchTemplateId } : {}),
    ...(template?.VersionNumber !== undefined ? { defaultVersion: template.VersionNumber } : {}),
    ...(launchesInto !== undefined ? { launchesInto } : {}),
    differences,
    calls,
    problems,
    notes,
    networkRight,
    right: networkRight && differences.length === 0 && problems.length === 0,
  };
}
