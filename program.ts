/**
 * The program: config -> settings -> two regional providers -> SourceVpc, StagingVpc, Link -> stack outputs.
 *
 * `drsSecuredNetwork` is what `pulumi up` runs (through index.ts) and what an Automation API inline program calls;
 * `createNetwork` is the same from typed settings. Both declare nothing but the two providers until the config and
 * the account lookups have passed.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Link } from "./components/link";
import { Replication } from "./components/replication";
import { SourceVpc } from "./components/sourceVpc";
import { StagingVpc } from "./components/stagingVpc";
import { subnetBlocks } from "./lib/cidr";
import {
  connectivityCheckCommand,
  endpointProbes,
  installerUrls,
  InstallTarget,
  linuxInstallCommand,
  windowsInstallCommand,
} from "./lib/installer";
import { AdoptedVpcFacts, adoptedVpcProblems, chooseAvailabilityZones, EndpointServiceZones, Lookup } from "./lib/preflight";
import { endpointServiceName, INTERFACE_ENDPOINT_SERVICES } from "./lib/regions";
import { AdoptedSourceVpc, AvailabilityZoneChoice, ConfigError, ConfigProblem, parseSettings, Settings } from "./settings";

/** The stack outputs: a public contract for stack references. Add freely; never rename. */
export interface StackOutputs {
  /** The source region. */
  sourceRegion: string;
  /** The DR region. */
  drRegion: string;
  /** The source VPC id (created or adopted). */
  sourceVpcId: pulumi.Output<string>;
  /** The staging VPC id. */
  stagingVpcId: pulumi.Output<string>;
  /** The source subnets (created: one per AZ; adopted: as configured). */
  sourceSubnetIds: pulumi.Output<string[]>;
  /** The staging subnets, one per AZ: give one to DRS as its staging area subnet. */
  stagingSubnetIds: pulumi.Output<string[]>;
  /** The source route tables that route to the staging VPC. */
  sourceRouteTableIds: pulumi.Output<string[]>;
  /** The staging route tables (peering route and S3 gateway endpoint). */
  stagingRouteTableIds: pulumi.Output<string[]>;
  /** The VPC peering connection. */
  peeringConnectionId: pulumi.Output<string>;
  /** The interface endpoints' security group. */
  endpointSecurityGroupId: pulumi.Output<string>;
  /** The DRS interface endpoint's regional DNS name (the installer's `--endpoint`). */
  drsEndpointDnsName: pulumi.Output<string>;
  /** The EC2 interface endpoint's regional DNS name. */
  ec2EndpointDnsName: pulumi.Output<string>;
  /** The S3 interface endpoint's regional DNS name without `*.` (the installer's `--s3-endpoint`). */
  s3InterfaceEndpointDnsName: pulumi.Output<string>;
  /** The S3 gateway endpoint id. */
  s3GatewayEndpointId: pulumi.Output<string>;
  /** The Linux installer's URL through the S3 interface endpoint. */
  linuxInstallerUrl: pulumi.Output<string>;
  /** The Windows installer's URL through the S3 interface endpoint. */
  windowsInstallerUrl: pulumi.Output<string>;
  /** One bash command: download, verify SHA-512, install through the endpoints. */
  linuxInstallCommand: pulumi.Output<string>;
  /** The PowerShell equivalent. */
  windowsInstallCommand: pulumi.Output<string>;
  /** One bash command testing TCP 443 to each interface endpoint from a source server. */
  connectivityCheckCommand: pulumi.Output<string>;
  /** The replication servers' security group (with `replication.enabled`). */
  replicationSecurityGroupId?: pulumi.Output<string>;
  /** The security group to attach to the source servers (with `replication.enabled`). */
  sourceServerSecurityGroupId?: pulumi.Output<string>;
  /** The DRS replication configuration template, created or imported (with `replication.enabled`). */
  replicationTemplateId?: pulumi.Output<string>;
  /** The private hosted zone for `drs.<region>.amazonaws.com` (with `drsDnsMode: private-hosted-zone`). */
  drsPrivateHostedZoneId?: pulumi.Output<string>;
}

/** Every stack output name, in the order of `StackOutputs`. */
export const STACK_OUTPUT_NAMES = [
  "sourceRegion",
  "drRegion",
  "sourceVpcId",
  "stagingVpcId",
  "sourceSubnetIds",
  "stagingSubnetIds",
  "sourceRouteTableIds",
  "stagingRouteTableIds",
  "peeringConnectionId",
  "endpointSecurityGroupId",
  "drsEndpointDnsName",
  "ec2EndpointDnsName",
  "s3InterfaceEndpointDnsName",
  "s3GatewayEndpointId",
  "linuxInstallerUrl",
  "windowsInstallerUrl",
  "linuxInstallCommand",
  "windowsInstallCommand",
  "connectivityCheckCommand",
] as const satisfies readonly (keyof StackOutputs)[];

/** Stack outputs that exist only with some options, in the order of `StackOutputs`. */
export const OPTIONAL_STACK_OUTPUT_NAMES = [
  "replicationSecurityGroupId",
  "sourceServerSecurityGroupId",
  "replicationTemplateId",
  "drsPrivateHostedZoneId",
] as const satisfies readonly (keyof StackOutputs)[];

/**
 * The whole program. With no argument it reads this project's Pulumi config (stack file, or the Automation API's
 * `setAllConfig`); a raw config object (keys without the project prefix) may be passed instead.
 */
export async function drsSecuredNetwork(rawConfig?: Readonly<Record<string, unknown>>): Promise<StackOutputs> {
  return createNetwork(parseSettings(rawConfig ?? readProjectConfig()));
}

/** This project's config keys and values, without the `<project>:` prefix. */
export function readProjectConfig(): Record<string, string> {
  const prefix = `${pulumi.getProject()}:`;
  return Object.fromEntries(
    Object.entries(pulumi.runtime.allConfig())
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}

/** Declare the network for validated settings and return the stack outputs. */
export async function createNetwork(settings: Settings): Promise<StackOutputs> {
  const providerArgs = (region: string): aws.ProviderArgs => ({ region, defaultTags: { tags: { ...settings.tags } } });
  const sourceProvider = new aws.Provider("aws-source", providerArgs(settings.sourceRegion));
  const drProvider = new aws.Provider("aws-dr", providerArgs(settings.drRegion));

  // Everything the account must confirm, looked up before any other resource is declared.
  const source = settings.source;
  const [sourceZones, stagingZones, adoptionProblems] = await Promise.all([
    source.kind === "create"
      ? resolveZones(sourceProvider, settings.sourceRegion, "source", source.availabilityZones, false)
      : Promise.resolve({ zones: [], problems: [] }),
    resolveZones(drProvider, settings.drRegion, "staging", settings.staging.availabilityZones, true),
    source.kind === "adopt" ? checkAdoptedVpc(sourceProvider, source, settings.sourceRegion) : Promise.resolve([]),
  ]);
  const problems: ConfigProblem[] = [...sourceZones.problems, ...stagingZones.problems, ...adoptionProblems];
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }

  const flowLogs = settings.flowLogs;
  const sourceVpc = new SourceVpc(
    "source",
    {
      region: settings.sourceRegion,
      s3GatewayBuckets: settings.sourceS3GatewayBuckets,
      ...(source.kind === "create"
        ? {
            create: {
              cidrBlock: source.vpcCidr,
              subnets: subnetPlans(source.vpcCidr, source.subnetPrefixLength, sourceZones.zones),
              flowLogs: flowLogs !== undefined ? { region: settings.sourceRegion, retentionDays: flowLogs.retentionDays, kmsKeyArn: flowLogs.sourceKmsKeyArn } : undefined,
            },
          }
        : { adopt: { vpcId: source.vpcId, cidrBlock: source.vpcCidr, routeTableIds: source.routeTableIds, subnetIds: source.subnetIds } }),
    },
    { provider: sourceProvider },
  );
  const stagingVpc = new StagingVpc(
    "staging",
    {
      cidrBlock: settings.staging.vpcCidr,
      subnets: subnetPlans(settings.staging.vpcCidr, settings.staging.subnetPrefixLength, stagingZones.zones),
      flowLogs: flowLogs !== undefined ? { region: settings.drRegion, retentionDays: flowLogs.retentionDays, kmsKeyArn: flowLogs.stagingKmsKeyArn } : undefined,
      networkAcl: settings.stagingNetworkAcl ? { sourceCidrBlocks: [source.vpcCidr] } : undefined,
    },
    { provider: drProvider },
  );
  const link = new Link("link", {
    source: sourceVpc,
    staging: stagingVpc,
    sourceRegion: settings.sourceRegion,
    drRegion: settings.drRegion,
    drsDnsMode: settings.drsDnsMode,
    s3EndpointBuckets: settings.s3EndpointBuckets,
    sourceProvider,
    drProvider,
  });
  const replication =
    settings.replication !== undefined
      ? new Replication("replication", {
          settings: settings.replication,
          sourceRegion: settings.sourceRegion,
          drRegion: settings.drRegion,
          source: sourceVpc,
          staging: stagingVpc,
          endpointSecurityGroupId: link.endpointSecurityGroupId,
          s3PrefixListId: link.s3PrefixListId,
          sourceS3PrefixListId: sourceVpc.s3PrefixListId,
          sourceProvider,
          drProvider,
        })
      : undefined;

  const target: pulumi.Output<InstallTarget> = pulumi
    .all([link.endpointDnsNames.drs, link.endpointDnsNames.s3])
    .apply(([drsEndpointDnsName, s3EndpointDnsName]) => ({
      drRegion: settings.drRegion,
      drsEndpointDnsName,
      s3EndpointDnsName,
      drsDnsMode: settings.drsDnsMode,
    }));

  return {
    sourceRegion: settings.sourceRegion,
    drRegion: settings.drRegion,
    sourceVpcId: sourceVpc.vpcId,
    stagingVpcId: stagingVpc.vpcId,
    sourceSubnetIds: pulumi.all(sourceVpc.subnetIds),
    stagingSubnetIds: pulumi.all(stagingVpc.subnetIds),
    sourceRouteTableIds: pulumi.all(sourceVpc.routeTables.map((t) => t.id)),
    stagingRouteTableIds: pulumi.all(stagingVpc.routeTables.map((t) => t.id)),
    peeringConnectionId: link.peeringConnectionId,
    endpointSecurityGroupId: link.endpointSecurityGroupId,
    drsEndpointDnsName: link.endpointDnsNames.drs,
    ec2EndpointDnsName: link.endpointDnsNames.ec2,
    s3InterfaceEndpointDnsName: link.endpointDnsNames.s3,
    s3GatewayEndpointId: link.s3GatewayEndpointId,
    linuxInstallerUrl: target.apply((t) => installerUrls(t).linux),
    windowsInstallerUrl: target.apply((t) => installerUrls(t).windows),
    linuxInstallCommand: target.apply(linuxInstallCommand),
    windowsInstallCommand: target.apply(windowsInstallCommand),
    connectivityCheckCommand: pulumi
      .all([target, link.endpointDnsNames.ec2])
      .apply(([t, ec2EndpointDnsName]) => connectivityCheckCommand(endpointProbes({ ...t, ec2EndpointDnsName }))),
    ...(replication !== undefined
      ? {
          replicationSecurityGroupId: replication.replicationSecurityGroupId,
          sourceServerSecurityGroupId: replication.sourceServerSecurityGroupId,
          replicationTemplateId: replication.templateId,
        }
      : {}),
    ...(link.drsPrivateHostedZoneId !== undefined ? { drsPrivateHostedZoneId: link.drsPrivateHostedZoneId } : {}),
  };
}

function subnetPlans(vpcCidr: string, prefixLength: number, zones: readonly string[]) {
  const blocks = subnetBlocks(vpcCidr, prefixLength, zones.length);
  return zones.map((availabilityZone, i) => ({ availabilityZone, cidrBlock: blocks[i] }));
}

/**
 * The zones a created VPC uses. For the staging VPC, only zones where the DR region offers every interface
 * endpoint service qualify (not every service is in every zone).
 */
async function resolveZones(
  provider: aws.Provider,
  region: string,
  side: "source" | "staging",
  choice: AvailabilityZoneChoice,
  needsEndpointServices: boolean,
) {
  const invoke = { provider };
  const [zones, services] = await Promise.all([
    aws.getAvailabilityZones({ state: "available", filters: [{ name: "zone-type", values: ["availability-zone"] }] }, invoke),
    needsEndpointServices
      ? Promise.all(
          INTERFACE_ENDPOINT_SERVICES.map(async (service): Promise<EndpointServiceZones> => {
            const found = await aws.ec2.getVpcEndpointService(
              { serviceName: endpointServiceName(region, service), serviceType: "Interface" },
              invoke,
            );
            return { serviceName: found.serviceName, availabilityZones: found.availabilityZones };
          }),
        )
      : Promise.resolve(undefined),
  ]);
  return chooseAvailabilityZones({
    choice,
    region,
    regionKey: side === "source" ? "sourceRegion" : "drRegion",
    listKey: `${side}AvailabilityZones`,
    countKey: "availabilityZoneCount",
    offered: zones.names,
    services,
  });
}

/** Read the adopted VPC, its route tables and subnets, and judge them against the config. */
async function checkAdoptedVpc(provider: aws.Provider, adopt: AdoptedSourceVpc, region: string): Promise<ConfigProblem[]> {
  const invoke = { provider };
  const lookup = async <T>(read: () => Promise<T>): Promise<Lookup<T>> => {
    try {
      return { found: await read() };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  };
  const vpcIdOf = (ids: readonly string[], read: (id: string) => Promise<{ vpcId: string }>) =>
    Promise.all(ids.map(async (id) => [id, await lookup(async () => ({ vpcId: (await read(id)).vpcId }))] as const)).then(
      Object.fromEntries,
    );
  const [vpc, routeTables, subnets] = await Promise.all([
    lookup(async () => {
      const found = await aws.ec2.getVpc({ id: adopt.vpcId }, invoke);
      return { cidrBlocks: [found.cidrBlock, ...found.cidrBlockAssociations.map((a) => a.cidrBlock).filter((c) => c !== found.cidrBlock)] };
    }),
    vpcIdOf(adopt.routeTableIds, (id) => aws.ec2.getRouteTable({ routeTableId: id }, invoke)),
    vpcIdOf(adopt.subnetIds, (id) => aws.ec2.getSubnet({ id }, invoke)),
  ]);
  const facts: AdoptedVpcFacts = { vpc, routeTables, subnets };
  return adoptedVpcProblems(adopt, facts, region);
}
