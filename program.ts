/**
 * The program: config -> settings -> two regional providers -> SourceVpc, StagingVpc, Link -> stack outputs.
 *
 * `drsSecuredNetwork` is what `pulumi up` runs (through index.ts) and what an Automation API inline program calls;
 * `createNetwork` is the same from typed settings. Both declare nothing but the two providers until the config and
 * the account lookups have passed.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AgentRollout } from "./components/agentRollout";
import { Link } from "./components/link";
import { failbackInitializations, Replication } from "./components/replication";
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
import { crossAccountTrustWarning, rolloutEndpointServices, ROLLOUT_LOG_GROUP_PREFIX, SERVICE_LINKED_ROLE_WARNING } from "./lib/agentRollout";
import { AccountName, flowLogKeyNames, secretAccountNameProblems } from "./lib/accountNames";
import { DRS_SERVICE_ROLES, roleShortName } from "./lib/drsServiceRoles";
import { flowLogsKeyPolicy } from "./lib/iamPolicies";
import { AdoptedVpcFacts, adoptedVpcProblems, chooseAvailabilityZones, EndpointServiceZones, Lookup, missingServiceRoles } from "./lib/preflight";
import { OPTIONAL_STACK_OUTPUT_NAMES, PendingQuotaOutputs, QuotaIncreaseRequest, STACK_OUTPUT_NAMES, StackOutputs } from "./lib/outputNames";
import { globalSide, judgeQuotas, QuotaJudgment, QUOTAS, QuotaShortfall, QuotaSide, quotaNeeds } from "./lib/quotas";
import { peeringNameTag, quotaInput, sourceComponentName } from "./lib/quotaInput";
import { QuotaFacts, readQuotaFacts, SideToRead } from "./account/quotas";
import { endpointServiceName, INTERFACE_ENDPOINT_SERVICES } from "./lib/regions";
import {
  AdoptedSourceVpc,
  AvailabilityZoneChoice,
  ConfigError,
  ConfigProblem,
  parseSettings,
  projectConfig,
  ProviderSettings,
  SECRET_PLACEHOLDER,
  Settings,
  SourceSettings,
} from "./settings";

export type { PendingQuotaOutputs, QuotaIncreaseRequest, SourceNetwork, StackOutputs } from "./lib/outputNames";
export { OPTIONAL_STACK_OUTPUT_NAMES, STACK_OUTPUT_NAMES } from "./lib/outputNames";

// Every name is an output, and every output has a name: a compile error here means the contract and the type differ.
type Names = (typeof STACK_OUTPUT_NAMES)[number] | (typeof OPTIONAL_STACK_OUTPUT_NAMES)[number];
const _everyNameIsAnOutput: readonly (keyof StackOutputs)[] = [...STACK_OUTPUT_NAMES, ...OPTIONAL_STACK_OUTPUT_NAMES];
const _everyOutputHasAName: readonly Names[] = [] as (keyof StackOutputs)[];
void _everyNameIsAnOutput;
void _everyOutputHasAName;

/**
 * The whole program. With no argument it reads this project's Pulumi config (stack file, or the Automation API's
 * `setAllConfig`); a raw config object (keys without the project prefix) may be passed instead.
 */
export async function drsSecuredNetwork(rawConfig?: Readonly<Record<string, unknown>>, options: ProgramOptions = {}): Promise<StackOutputs | PendingQuotaOutputs> {
  if (rawConfig !== undefined) return createNetwork(parseSettings(rawConfig), options);
  const { values, secretKeys } = readProjectConfig();
  return createNetwork(parseSettings(values, { secretKeys }), options);
}

/** What a caller of the program (the synth, an Automation API tool) may ask to see of the preflight. */
export interface ProgramOptions {
  /** Called once with the quota judgment: every quota's need, applied value and headroom, before anything is declared. */
  readonly onQuotas?: (judgment: QuotaJudgment) => void;
}

/**
 * This project's config keys and values, without the `<project>:` prefix, and which of them are secrets. Pulumi hands
 * a secret's value to the program decrypted; `isConfigSecret` (the engine's PULUMI_CONFIG_SECRET_KEYS, as
 * `Config.getSecret` reads it) says which keys were encrypted, so their values are never shown and are kept secret.
 */
export function readProjectConfig(): { values: Record<string, string>; secretKeys: string[] } {
  const project = pulumi.getProject();
  const all = pulumi.runtime.allConfig();
  // `isConfigSecret` is the runtime's own check (runtime/config.js, the one `Config.get` uses to warn about secrets);
  // its declaration is marked internal, so it is reached through a narrow cast and treated as absent if ever removed.
  const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret ?? (() => false);
  const secretKeys = Object.keys(all)
    .filter((key) => key.startsWith(`${project}:`) && isSecret(key))
    .map((key) => key.slice(project.length + 1));
  return { values: projectConfig(all, project), secretKeys };
}

/** Config keys whose secret values the program keeps secret: they reach only provider settings and tags. */
const SECRET_CAPABLE_KEYS: readonly string[] = ["tags", "sourceProvider", "drProvider", "sources"];

/**
 * Declare the network for validated settings and return the stack outputs; or, with `quotaIncreases: request` and
 * quotas too low, only the increase requests.
 */
export async function createNetwork(settings: Settings, options: ProgramOptions = {}): Promise<StackOutputs | PendingQuotaOutputs> {
  const secret = (key: string) => settings.secretKeys.includes(key as Settings["secretKeys"][number]);
  for (const key of settings.secretKeys.filter((k) => !SECRET_CAPABLE_KEYS.includes(k))) {
    pulumi.log.warn(
      `config key ${key} is a secret, but its value shapes the network (block sizes, regions, ids) and is stored in plain ` +
        "text in the resources' properties; only tags and provider settings (profile, assumeRoleArn) are kept secret",
    );
  }
  // A secret key's values reach the providers as secrets, so Pulumi encrypts them in the state.
  const keep = <T>(value: T, key: string): pulumi.Input<T> => (secret(key) ? (pulumi.secret(value) as pulumi.Output<T>) : value);
  // A side's credentials for the SDK clients of dynamic resources: the provider's profile and role, kept secret too.
  const sideAuth = (auth: ProviderSettings | undefined, authKey: string): { profile?: pulumi.Input<string>; assumeRoleArn?: pulumi.Input<string> } => ({
    ...(auth?.profile !== undefined ? { profile: keep(auth.profile, authKey) } : {}),
    ...(auth?.assumeRoleArn !== undefined ? { assumeRoleArn: keep(auth.assumeRoleArn, authKey) } : {}),
  });
  const providerArgs = (region: string, auth: ProviderSettings | undefined, authKey: string): aws.ProviderArgs => {
    const { profile, assumeRoleArn } = sideAuth(auth, authKey);
    return {
      region,
      defaultTags: { tags: keep({ ...settings.tags }, "tags") },
      ...(profile !== undefined ? { profile } : {}),
      ...(assumeRoleArn !== undefined ? { assumeRoles: [{ roleArn: assumeRoleArn, sessionName: "drs-secured-network" }] } : {}),
    };
  };
  // One provider per source (the shorthand's single source keeps the name aws-source) and one for the DR region.
  const sources = settings.sources.map((source, index) => ({
    ...source,
    index,
    key: source.name,
    awsProvider: new aws.Provider(
      source.name === "" ? "aws-source" : `aws-source-${source.name}`,
      providerArgs(source.region, source.provider, source.name === "" ? "sourceProvider" : "sources"),
    ),
    keys: sourceKeys(source, index),
  }));
  const drProvider = new aws.Provider("aws-dr", providerArgs(settings.drRegion, settings.drProvider, "drProvider"));

  // The accounts matter only when a side authenticates differently; then each is read from the config or looked up.
  const accountsDiffer = settings.drProvider !== undefined || sources.some((s) => s.provider !== undefined);
  const accountOf = async (auth: ProviderSettings | undefined, provider: aws.Provider) =>
    auth?.accountId ?? (await aws.getCallerIdentity({}, { provider })).accountId;
  const [drAccount, ...sourceAccounts] = accountsDiffer
    ? await Promise.all([accountOf(settings.drProvider, drProvider), ...sources.map((s) => accountOf(s.provider, s.awsProvider))])
    : [];
  // The DR account, for each source in another account (peer owner, --account-id); undefined within one account.
  const otherAccount = (i: number): string | undefined => (accountsDiffer && sourceAccounts[i] !== drAccount ? drAccount : undefined);
  // A source's account as the replication component keys it: "" for the DR account, else its id.
  const accountKeyOf = (i: number): string => (otherAccount(i) !== undefined ? sourceAccounts[i] : "");
  // An account id read from a secret key (a secret provider block's assumeRoleArn or accountId) is secret wherever it
  // appears: kept secret in inputs and outputs, [secret] in messages, refused in logical names (lib/accountNames.ts).
  const secretAccountKeys = secretAccounts(settings);
  const isSecretAccount = (account: string | undefined) => account !== undefined && secretAccountKeys.has(account);
  const keepAccount = (account: string): pulumi.Input<string> => (isSecretAccount(account) ? pulumi.secret(account) : account);
  const shown = (account: string) => (isSecretAccount(account) ? SECRET_PLACEHOLDER : account);
  // A side's own account: the source's, or (key "") the DR account.
  const accountOfKey = (accountKey: string) => (accountKey !== "" ? accountKey : drAccount);

  // The stack's accounts, for the endpoint policies: known where the sides differ, else the one ambient account.
  const accountIds = accountsDiffer
    ? Promise.resolve([...new Set([drAccount, ...sourceAccounts].filter((a): a is string => a !== undefined))])
    : aws.getCallerIdentity({}, { provider: drProvider }).then((identity) => [identity.accountId]);

  // AWS's quotas and the accounts' usage on every side, read while the other lookups run.
  const sides = quotaSides(settings, sources, accountKeyOf);
  const quotaFacts = readQuotaFacts(
    sides.toRead(drProvider, sources.map((s) => s.awsProvider)),
    settings.drsDnsMode === "private-hosted-zone" ? { side: globalSide(sides.dr), provider: drProvider } : undefined,
  );

  // Everything the accounts must confirm, looked up before any other resource is declared.
  const [stagingZones, ...sourceChecks] = await Promise.all([
    resolveZones(drProvider, settings.drRegion, settings.staging.availabilityZones, { region: "drRegion", list: "stagingAvailabilityZones" }, true),
    ...sources.map(async (source) => {
      const vpc = source.vpc;
      return vpc.kind === "create"
        ? resolveZones(source.awsProvider, source.region, vpc.availabilityZones, source.keys, false)
        : {
            zones: [],
            ...(await checkAdoptedVpc(
              source.awsProvider,
              vpc,
              source.region,
              source.keys,
              { privateHostedZone: settings.drsDnsMode === "private-hosted-zone", systemsManagerEndpoints: settings.agentRollout?.adoptedVpcEndpoints === true },
              settings.staging.vpcCidr,
            )),
          };
    }),
  ]);
  // DRS's service roles, in each account where DRS is initialized: looked up, so only the missing ones are declared.
  const roleChecks =
    settings.replication?.initializeService === true
      ? await Promise.all(
          drsAccounts(settings, sources, accountKeyOf, shown).map(async (side) => {
            const provider = side.sourceIndex === undefined ? drProvider : sources[side.sourceIndex].awsProvider;
            const accountId = side.accountKey !== "" ? side.accountKey : drAccount;
            const check = await checkServiceRoles(provider, side.accountKey, accountId, side.where);
            return check.plan !== undefined ? { ...check, plan: { ...check.plan, secretAccount: isSecretAccount(check.plan.accountId) } } : check;
          }),
        )
      : [];
  const problems: ConfigProblem[] = [...sourceChecks.flatMap((c) => c.problems), ...stagingZones.problems, ...roleChecks.flatMap((c) => c.problems)];
  const keyNames = flowLogKeyNames(flowLogKeyVpcs(settings, accountKeyOf), drAccount);
  problems.push(
    ...secretAccountNameProblems(
      accountNames(settings, sources.map((s, i) => ({ key: s.key, region: s.region, accountKey: accountKeyOf(i) })), roleChecks, keyNames, drAccount),
      secretAccountKeys,
    ),
  );
  const facts = await quotaFacts;
  const stackAccountIds = await accountIds;
  const quotas =
    stagingZones.problems.length === 0
      ? judgeNetworkQuotas(settings, sides, subnetPlans(settings.staging.vpcCidr, settings.staging.subnetPrefixLength, stagingZones.zones), sourceChecks, facts)
      : undefined;
  for (const warning of [...facts.warnings, ...(quotas?.warnings ?? [])]) void pulumi.log.warn(`quotas: ${warning}`);
  if (quotas !== undefined) options.onQuotas?.(quotas);
  problems.push(...(quotas?.problems ?? []));
  if (problems.length > 0) {
    // Only quotas AWS raises stand in the way: with quotaIncreases "request", ask for them and declare nothing else.
    const raisable = quotas !== undefined && quotas.problems.length === problems.length && quotas.shortfalls.length === problems.length;
    const requestNames = problems.length === 0 ? [] : secretAccountNameProblems(quotaRequestNames(quotas?.shortfalls ?? []), secretAccountKeys);
    if (settings.quotaIncreases === "request" && raisable && requestNames.length === 0) {
      return requestQuotaIncreases(settings, sources[0].region, quotas.shortfalls, sides.providerOf(drProvider, sources.map((s) => s.awsProvider)));
    }
    if (settings.quotaIncreases === "request") problems.push(...requestNames);
    throw new ConfigError(problems);
  }

  const flowLogs = settings.flowLogs;
  // flowLogs.kms: create: one customer-managed key per region and account of the VPCs the program creates; the agent
  // rollout's log groups of the same region and account take it too, so its key policy admits them.
  const rolloutLogGroupPrefix = settings.agentRollout !== undefined ? ROLLOUT_LOG_GROUP_PREFIX : undefined;
  const flowLogKeys = new Map<string, pulumi.Output<string>>();
  const flowLogKey = (region: string, accountKey: string, provider: aws.Provider): pulumi.Output<string> | undefined => {
    if (flowLogs?.createKeys !== true) return undefined;
    const id = `${region}/${accountKey}`;
    if (!flowLogKeys.has(id)) {
      const secretAccount = isSecretAccount(accountOfKey(accountKey));
      const identity = aws.getCallerIdentityOutput({}, { provider }).accountId;
      const key = new aws.kms.Key(
        keyNames.get(id) as string,
        {
          description: `Encrypts the VPC flow-log groups${rolloutLogGroupPrefix !== undefined ? " and the agent rollout's log groups" : ""} of drs-secured-network in ${region}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          policy: (secretAccount ? pulumi.secret(identity) : identity).apply((account) => flowLogsKeyPolicy(region, account, { rolloutLogGroupPrefix })),
        },
        { provider },
      );
      // The key's ARN holds its account.
      flowLogKeys.set(id, secretAccount ? pulumi.secret(key.arn) : key.arn);
    }
    return flowLogKeys.get(id);
  };
  const sourceVpcs = sources.map((source, i) => {
    const vpc = source.vpc;
    return new SourceVpc(
      source.key === "" ? "source" : `source-${source.key}`,
      {
        region: source.region,
        s3GatewayBuckets: source.s3GatewayBuckets,
        ...(vpc.kind === "create"
          ? {
              create: {
                cidrBlock: vpc.vpcCidr,
                subnets: subnetPlans(vpc.vpcCidr, vpc.subnetPrefixLength, sourceChecks[i].zones),
                stagingCidrBlock: settings.staging.vpcCidr,
                flowLogs:
                  flowLogs !== undefined
                    ? {
                        region: source.region,
                        retentionDays: flowLogs.retentionDays,
                        kmsKeyArn: source.flowLogsKmsKeyArn ?? flowLogKey(source.region, accountKeyOf(i), source.awsProvider),
                        secretAccount: isSecretAccount(accountOfKey(accountKeyOf(i))),
                      }
                    : undefined,
              },
            }
          : { adopt: { vpcId: vpc.vpcId, cidrBlock: vpc.vpcCidr, routeTableIds: vpc.routeTableIds, subnetIds: vpc.subnetIds } }),
      },
      { provider: source.awsProvider },
    );
  });
  const stagingVpc = new StagingVpc(
    "staging",
    {
      cidrBlock: settings.staging.vpcCidr,
      subnets: subnetPlans(settings.staging.vpcCidr, settings.staging.subnetPrefixLength, stagingZones.zones),
      flowLogs:
        flowLogs !== undefined
          ? {
              region: settings.drRegion,
              retentionDays: flowLogs.retentionDays,
              kmsKeyArn: flowLogs.stagingKmsKeyArn ?? flowLogKey(settings.drRegion, "", drProvider),
              secretAccount: isSecretAccount(drAccount),
            }
          : undefined,
      networkAcl: { sourceCidrBlocks: sources.map((s) => s.vpc.vpcCidr), dedicated: settings.stagingNetworkAcl },
    },
    { provider: drProvider },
  );
  const linkSources = sources.map((source, i) => ({
    key: source.key,
    region: source.region,
    provider: source.awsProvider,
    peerOwnerId: otherAccount(i) !== undefined ? keepAccount(otherAccount(i) as string) : undefined,
    vpcId: sourceVpcs[i].vpcId,
    cidrBlock: sourceVpcs[i].cidrBlock,
    routeTables: sourceVpcs[i].routeTables,
  }));
  const link = new Link("link", {
    accountIds: stackAccountIds,
    secretAccountIds: secretAccounts(settings).size > 0,
    sources: linkSources,
    staging: stagingVpc,
    drRegion: settings.drRegion,
    drsDnsMode: settings.drsDnsMode,
    s3EndpointBuckets: settings.s3EndpointBuckets,
    drProvider,
  });
  // The install target of each source's servers: --account-id only where they are in another account than DRS, and
  // then secret if that account is (the commands, and what is made from them, become secret outputs).
  const endpointTarget: pulumi.Output<InstallTarget> = pulumi
    .all([link.endpointDnsNames.drs, link.endpointDnsNames.s3])
    .apply(([drsEndpointDnsName, s3EndpointDnsName]) => ({ drRegion: settings.drRegion, drsEndpointDnsName, s3EndpointDnsName, drsDnsMode: settings.drsDnsMode }));
  const targetOf = (i: number): pulumi.Output<InstallTarget> => {
    const dr = otherAccount(i);
    if (dr === undefined) return endpointTarget;
    const withAccount = endpointTarget.apply((t) => ({ ...t, accountId: dr }));
    return isSecretAccount(dr) ? pulumi.secret(withAccount) : withAccount;
  };
  const target = targetOf(0);
  const probesOf = () => pulumi.all([endpointTarget, link.endpointDnsNames.ec2]).apply(([t, ec2EndpointDnsName]) => endpointProbes({ ...t, ec2EndpointDnsName }));

  // agentRollout: per source, in its region and account, the same install command as its outputs, rolled out by tag.
  const rollout = settings.agentRollout;
  const rolloutEndpointsOf = (i: number) => {
    const vpc = sources[i].vpc;
    return vpc.kind === "create"
      ? { cidrBlock: vpc.vpcCidr, subnetIds: sourceVpcs[i].subnetIds }
      : rollout?.adoptedVpcEndpoints === true
        ? { cidrBlock: vpc.vpcCidr, subnetIds: [...vpc.subnetIds] }
        : undefined;
  };
  // What the accounts and AWS must provide, which no API this program may read confirms: said, not assumed.
  if (rollout !== undefined) {
    void pulumi.log.warn(SERVICE_LINKED_ROLE_WARNING);
    for (const [i, source] of sources.entries()) {
      const dr = otherAccount(i);
      if (dr === undefined) continue;
      const label = source.key === "" ? "the source" : `source ${source.key}`;
      void pulumi.log.warn(crossAccountTrustWarning({ source: label, sourceAccount: shown(sourceAccounts[i]), drAccount: shown(dr), drRegion: settings.drRegion, stsEndpoint: rolloutEndpointsOf(i) !== undefined }));
    }
  }
  const rollouts =
    rollout !== undefined
      ? sources.map((source, i) => {
          const endpoints = rolloutEndpointsOf(i);
          const services = rolloutEndpointServices({ ...rollout, otherAccount: otherAccount(i) !== undefined });
          // The flow-log key of this source's region and account, where flowLogs.kms: create made one.
          const logKmsKeyArn = flowLogKeys.get(`${source.region}/${accountKeyOf(i)}`);
          return new AgentRollout(source.key === "" ? "rollout" : `rollout-${source.key}`, {
            settings: rollout,
            region: source.region,
            drRegion: settings.drRegion,
            documentPrefix: `drs-${pulumi.getStack()}${source.key === "" ? "" : `-${source.key}`}`,
            vpcId: sourceVpcs[i].vpcId,
            ...(endpoints !== undefined ? { endpoints: { ...endpoints, services } } : {}),
            ...(logKmsKeyArn !== undefined ? { logKmsKeyArn } : {}),
            accountIds: stackAccountIds,
            secretAccountIds: secretAccounts(settings).size > 0,
            target: targetOf(i),
            probes: probesOf(),
            provider: source.awsProvider,
            secretAccount: isSecretAccount(accountsDiffer ? sourceAccounts[i] : undefined),
          });
        })
      : undefined;
  const rolloutOutputs = (r: AgentRollout) => ({
    instanceProfileName: r.instanceProfileName,
    documentName: r.documentName,
    associationId: r.associationId,
    logGroupName: r.logGroupName,
    progressCommands: r.progressCommands,
  });

  const replication =
    settings.replication !== undefined
      ? new Replication("replication", {
          settings: settings.replication,
          drRegion: settings.drRegion,
          drAuth: sideAuth(settings.drProvider, "drProvider"),
          drAccountId: drAccount,
          sources: linkSources.map((s, i) => ({
            ...s,
            s3PrefixListId: sourceVpcs[i].s3PrefixListId,
            ...(rollouts !== undefined
              ? {
                  systemsManagerEgress:
                    rollouts[i].endpointSecurityGroupId !== undefined ? { securityGroupId: rollouts[i].endpointSecurityGroupId as pulumi.Output<string> } : { cidrBlock: s.cidrBlock },
                }
              : {}),
            auth: sideAuth(sources[i].provider, sources[i].name === "" ? "sourceProvider" : "sources"),
            accountKey: accountKeyOf(i),
          })),
          serviceRoles: roleChecks.flatMap((c) => (c.plan !== undefined ? [{ ...c.plan, provider: c.provider }] : [])),
          staging: stagingVpc,
          endpointSecurityGroupId: link.endpointSecurityGroupId,
          s3PrefixListId: link.s3PrefixListId,
          drProvider,
        })
      : undefined;

  // The flat source outputs describe the first source; with a `sources` list, sourceNetworks describes each.
  const first = sources[0];
  const firstVpc = sourceVpcs[0];
  return {
    sourceRegion: first.region,
    drRegion: settings.drRegion,
    sourceVpcId: firstVpc.vpcId,
    stagingVpcId: stagingVpc.vpcId,
    sourceSubnetIds: pulumi.all(firstVpc.subnetIds),
    stagingSubnetIds: pulumi.all(stagingVpc.subnetIds),
    sourceRouteTableIds: pulumi.all(firstVpc.routeTables.map((t) => t.id)),
    stagingRouteTableIds: pulumi.all(stagingVpc.routeTables.map((t) => t.id)),
    peeringConnectionId: link.peeringConnectionIds[first.key],
    endpointSecurityGroupId: link.endpointSecurityGroupId,
    drsEndpointDnsName: link.endpointDnsNames.drs,
    ec2EndpointDnsName: link.endpointDnsNames.ec2,
    s3InterfaceEndpointDnsName: link.endpointDnsNames.s3,
    s3GatewayEndpointId: link.s3GatewayEndpointId,
    linuxInstallerUrl: endpointTarget.apply((t) => installerUrls(t).linux),
    windowsInstallerUrl: endpointTarget.apply((t) => installerUrls(t).windows),
    linuxInstallCommand: target.apply(linuxInstallCommand),
    windowsInstallCommand: target.apply(windowsInstallCommand),
    connectivityCheckCommand: probesOf().apply(connectivityCheckCommand),
    ...(replication !== undefined
      ? {
          replicationSecurityGroupId: replication.replicationSecurityGroupId,
          sourceServerSecurityGroupId: replication.sourceServerSecurityGroupIds[first.key],
          replicationTemplateId: replication.templateId,
        }
      : {}),
    ...(link.drsPrivateHostedZoneId !== undefined ? { drsPrivateHostedZoneId: link.drsPrivateHostedZoneId } : {}),
    ...(rollouts !== undefined
      ? {
          agentRolloutInstanceProfileName: rollouts[0].instanceProfileName,
          agentRolloutDocumentName: rollouts[0].documentName,
          agentRolloutAssociationId: rollouts[0].associationId,
          agentRolloutLogGroupName: rollouts[0].logGroupName,
          agentRolloutProgressCommands: rollouts[0].progressCommands,
        }
      : {}),
    ...(first.key !== ""
      ? {
          sourceNetworks: pulumi.output(
            Object.fromEntries(
              sources.map((source, i) => {
                const sourceTarget = targetOf(i);
                const network = {
                  region: source.region,
                  vpcId: sourceVpcs[i].vpcId,
                  subnetIds: sourceVpcs[i].subnetIds,
                  routeTableIds: sourceVpcs[i].routeTables.map((t) => t.id),
                  peeringConnectionId: link.peeringConnectionIds[source.key],
                  linuxInstallCommand: sourceTarget.apply(linuxInstallCommand),
                  windowsInstallCommand: sourceTarget.apply(windowsInstallCommand),
                  ...(replication !== undefined ? { sourceServerSecurityGroupId: replication.sourceServerSecurityGroupIds[source.key] } : {}),
                  ...(rollouts !== undefined ? { agentRollout: rolloutOutputs(rollouts[i]) } : {}),
                };
                return [source.key, network];
              }),
            ),
          ),
        }
      : {}),
  };
}

/** The config keys a source's problems are reported under. */
function sourceKeys(source: SourceSettings, index: number): { region: string; list: string; vpc: string } {
  return source.name === ""
    ? { region: "sourceRegion", list: "sourceAvailabilityZones", vpc: "sourceVpc" }
    : { region: `sources[${index}].region`, list: `sources[${index}].availabilityZones`, vpc: `sources[${index}].vpc` };
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
  choice: AvailabilityZoneChoice,
  keys: { readonly region: string; readonly list: string },
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
    regionKey: keys.region,
    listKey: keys.list,
    countKey: "availabilityZoneCount",
    offered: zones.names,
    services,
  });
}

/** Read the adopted VPC, its route tables and subnets, and judge them against the config. */
async function checkAdoptedVpc(
  provider: aws.Provider,
  adopt: AdoptedSourceVpc,
  region: string,
  keys: { readonly region: string; readonly vpc: string },
  dns: { readonly privateHostedZone: boolean; readonly systemsManagerEndpoints: boolean },
  stagingCidrBlock: string,
): Promise<{ problems: ConfigProblem[]; routes: Record<string, number> }> {
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
  const facts: AdoptedVpcFacts = { vpc, routeTables, subnets };
  const routes = Object.fromEntries(Object.entries(routeTables).flatMap(([id, l]) => ("found" in l ? [[id, l.found.routes]] : [])));
  return { problems: adoptedVpcProblems(adopt, facts, region, keys, dns), routes };
}

/** A lookup's value, or the error it failed with. */
async function lookup<T>(read: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { found: await read() };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * The accounts where DRS is initialized: the DR side's, and with failback each source account that differs from it,
 * looked up through the first source of that account.
 */
function drsAccounts(settings: Settings, sources: readonly SourceSettings[], accountKeyOf: (i: number) => string, shown: (account: string) => string) {
  const sides: { accountKey: string; sourceIndex?: number; where: string }[] = [{ accountKey: "", where: "the DR account (drProvider)" }];
  if (settings.replication?.failback === true) {
    sources.forEach((source, i) => {
      const accountKey = accountKeyOf(i);
      if (accountKey !== "" && !sides.some((s) => s.accountKey === accountKey)) {
        sides.push({ accountKey, sourceIndex: i, where: `account ${shown(accountKey)} (${source.name === "" ? "sourceProvider" : `sources[${i}].provider`})` });
      }
    });
  }
  return sides;
}

/**
 * Look up DRS's six service roles in one account; for the missing ones, the account id (for their trust policies) and
 * the managed policies' ARNs by name (as the Terraform example does: the AWS managed policies' paths differ).
 */
async function checkServiceRoles(provider: aws.Provider, accountKey: string, knownAccountId: string | undefined, where: string) {
  const invoke = { provider };
  const lookups = Object.fromEntries(
    await Promise.all(DRS_SERVICE_ROLES.map(async (role) => [role.name, await lookup(async () => ({ arn: (await aws.iam.getRole({ name: role.name }, invoke)).arn }))] as const)),
  );
  const { missing, problems } = missingServiceRoles(DRS_SERVICE_ROLES, lookups, where);
  if (missing.length === 0) return { provider, problems };
  const policies = [...new Set(missing.flatMap((r) => r.managedPolicies))];
  const [accountId, ...arns] = await Promise.all([
    lookup(async () => knownAccountId ?? (await aws.getCallerIdentity({}, invoke)).accountId),
    ...policies.map((name) => lookup(async () => (await aws.iam.getPolicy({ name }, invoke)).arn)),
  ]);
  const failed = [accountId, ...arns].flatMap((l, i) =>
    "error" in l ? [{ key: "replication.initializeService", message: `${i === 0 ? "the account id" : `the managed policy ${policies[i - 1]}`} could not be read in ${where}: ${l.error}` }] : [],
  );
  if (failed.length > 0 || !("found" in accountId)) return { provider, problems: failed };
  const policyArns = Object.fromEntries(policies.map((name, i) => [name, (arns[i] as { found: string }).found]));
  return { provider, problems: [], plan: { accountKey, accountId: accountId.found, roles: missing, policyArns } };
}

/** The quota sides of the network: the DR side and each source's, and what to read on each (account/quotas.ts). */
function quotaSides(settings: Settings, sources: readonly SourceSettings[], accountKeyOf: (i: number) => string) {
  const dr: QuotaSide = { key: `/${settings.drRegion}`, region: settings.drRegion, credentials: settings.drProvider !== undefined ? "drProvider" : "the ambient credentials" };
  const byKey = new Map<string, QuotaSide>([[dr.key, dr]]);
  const sourceSides = sources.map((source, i): QuotaSide => {
    const key = `${accountKeyOf(i)}/${source.region}`;
    const credentials = source.provider === undefined ? "the ambient credentials" : source.name === "" ? "sourceProvider" : `sources[${i}].provider`;
    if (!byKey.has(key)) byKey.set(key, { key, region: source.region, credentials });
    return byKey.get(key) as QuotaSide;
  });
  // A side's provider: the DR provider for the DR side (and the DR account's us-east-1), else the first of its sources'.
  const providerOf = (drProvider: aws.Provider, providers: readonly aws.Provider[]) => (key: string) => {
    const i = sourceSides.findIndex((s) => s.key === key);
    return key === dr.key || i < 0 ? drProvider : providers[i];
  };
  const toRead = (drProvider: aws.Provider, providers: readonly aws.Provider[]): SideToRead[] =>
    [...byKey.values()].map((side) => {
      const mine = sources.filter((_, i) => sourceSides[i] === side);
      return {
        side,
        provider: providerOf(drProvider, providers)(side.key),
        plannedVpcs: [
          ...(side === dr ? [{ name: "staging-vpc", cidr: settings.staging.vpcCidr }] : []),
          ...mine.filter((s) => s.vpc.kind === "create").map((s) => ({ name: `${sourceComponentName(s.name)}-vpc`, cidr: s.vpc.vpcCidr })),
        ],
        plannedPeerings: mine.map((s) => peeringNameTag(s.name)),
        adoptedVpcs: mine.flatMap((s) => (s.vpc.kind === "adopt" ? [{ sourceKey: s.name, vpcId: s.vpc.vpcId }] : [])),
      };
    });
  return { dr, sourceSides, toRead, providerOf };
}

/** The network's quota needs, judged against what the accounts allow. */
function judgeNetworkQuotas(
  settings: Settings,
  sides: ReturnType<typeof quotaSides>,
  stagingSubnets: readonly { cidrBlock: string }[],
  sourceChecks: readonly object[],
  facts: QuotaFacts,
): QuotaJudgment {
  const input = quotaInput(settings, {
    dr: sides.dr,
    sourceSides: sides.sourceSides,
    stagingSubnetCidrs: stagingSubnets.map((s) => s.cidrBlock),
    adoptedRoutes: Object.assign({}, ...sourceChecks.map((c) => ("routes" in c ? c.routes : {}))),
    existingVpcs: facts.existingVpcs,
    madePeerings: facts.madePeerings,
    adoptedPeerings: facts.adoptedPeerings,
  });
  return judgeQuotas(quotaNeeds(input), facts.applied, settings.sources[0].name === "" ? "sourceRegion" : "sources");
}

/**
 * `quotaIncreases: request`: one increase request per quota too low (aws.servicequotas.ServiceQuota, which asks AWS
 * and returns; AWS decides, often within minutes, sometimes after a support case), and nothing else. Once granted,
 * the next `pulumi up` finds the quotas enough, declares the network and drops the requests: deleting a request
 * lowers no quota (the provider's delete does nothing).
 */
function requestQuotaIncreases(
  settings: Settings,
  sourceRegion: string,
  shortfalls: readonly QuotaShortfall[],
  providerOf: (sideKey: string) => aws.Provider,
): PendingQuotaOutputs {
  const requests = shortfalls.map((shortfall) => {
    const spec = QUOTAS[shortfall.quota];
    const request = new aws.servicequotas.ServiceQuota(
      quotaRequestName(shortfall),
      { serviceCode: spec.serviceCode, quotaCode: spec.code, value: shortfall.desiredValue, ...("global" in spec ? { region: shortfall.side.region } : {}) },
      { provider: providerOf(shortfall.side.key) },
    );
    return pulumi.all([request.requestId, request.requestStatus]).apply(
      ([requestId, requestStatus]): QuotaIncreaseRequest => ({
        serviceCode: spec.serviceCode,
        quotaCode: spec.code,
        quotaName: spec.name,
        region: shortfall.side.region,
        desiredValue: shortfall.desiredValue,
        requestId: requestId ?? "",
        requestStatus: requestStatus ?? "",
      }),
    );
  });
  void pulumi.log.warn(
    `quotaIncreases: requested ${shortfalls.map((s) => `${QUOTAS[s.quota].name} (${QUOTAS[s.quota].code}) to ${s.desiredValue} in ${s.side.region}`).join(", ")}. ` +
      "The network is not declared until AWS grants them: follow them with `aws service-quotas list-requested-service-quota-change-history --region <region>`, " +
      "then run `pulumi up` again. Removing the requests, or this stack, lowers no quota.",
  );
  return { sourceRegion, drRegion: settings.drRegion, quotaIncreaseRequests: pulumi.all(requests) };
}

/** A quota increase request's logical name: the quota, the region and (another account's) the account id. */
function quotaRequestName(shortfall: QuotaShortfall): string {
  const account = shortfall.side.key.slice(0, shortfall.side.key.lastIndexOf("/"));
  return `quota-${QUOTAS[shortfall.quota].code}-${shortfall.side.region}${account !== "" ? `-${account}` : ""}`;
}

/** The quota requests' names that carry an account id. */
function quotaRequestNames(shortfalls: readonly QuotaShortfall[]): AccountName[] {
  return shortfalls.flatMap((shortfall) => {
    const account = shortfall.side.key.slice(0, shortfall.side.key.lastIndexOf("/"));
    return account !== "" ? [{ name: quotaRequestName(shortfall), account, remedy: 'raise the quotas yourself (quotaIncreases "refuse" names the commands)' }] : [];
  });
}

/** The account ids read from a secret key, each with the config key it is reported under. */
function secretAccounts(settings: Settings): Map<string, string> {
  const found = new Map<string, string>();
  const add = (auth: ProviderSettings | undefined, secretKey: string, reportKey: string) => {
    if (auth?.accountId !== undefined && settings.secretKeys.includes(secretKey as Settings["secretKeys"][number]) && !found.has(auth.accountId)) found.set(auth.accountId, reportKey);
  };
  add(settings.drProvider, "drProvider", "drProvider");
  settings.sources.forEach((s, i) => add(s.provider, s.name === "" ? "sourceProvider" : "sources", s.name === "" ? "sourceProvider" : `sources[${i}].provider`));
  return found;
}

/** The VPCs whose flow-log groups get a created key, in the order they are declared: each created source's, then staging. */
function flowLogKeyVpcs(settings: Settings, accountKeyOf: (i: number) => string): { region: string; accountKey: string }[] {
  if (settings.flowLogs?.createKeys !== true) return [];
  return [
    ...settings.sources.flatMap((s, i) => (s.vpc.kind === "create" ? [{ region: s.region, accountKey: accountKeyOf(i) }] : [])),
    { region: settings.drRegion, accountKey: "" },
  ];
}

/**
 * Every logical name the network will declare with an account id in it: DRS's service roles in a source account,
 * failback's initialization of a region's second account, a region's second flow-log key.
 */
function accountNames(
  settings: Settings,
  sources: readonly { key: string; region: string; accountKey: string }[],
  roleChecks: readonly { plan?: { accountKey: string; roles: readonly { name: string }[] } }[],
  keyNames: ReadonlyMap<string, string>,
  drAccount: string | undefined,
): AccountName[] {
  const roles = roleChecks.flatMap((c) =>
    c.plan !== undefined && c.plan.accountKey !== ""
      ? c.plan.roles.map((r) => ({
          name: `replication-${(c.plan as { accountKey: string }).accountKey}-${roleShortName(r.name)}`,
          account: (c.plan as { accountKey: string }).accountKey,
          remedy: "create DRS's service roles in that account first (the program then only looks them up), or set replication.failback to false",
        }))
      : [],
  );
  const initializations =
    settings.replication?.initializeService === true && settings.replication.failback
      ? failbackInitializations("replication", sources, settings.drRegion, drAccount).flatMap(({ name, source }) => {
          const account = source.accountKey !== "" ? source.accountKey : (drAccount ?? "");
          return account !== "" && name.endsWith(`-${account}`) ? [{ name, account, remedy: "give that account's sources a region of their own, or set replication.failback to false" }] : [];
        })
      : [];
  const keys = [...keyNames.entries()].flatMap(([id, name]) => {
    const accountKey = id.slice(id.indexOf("/") + 1);
    const account = accountKey !== "" ? accountKey : (drAccount ?? "");
    return account !== "" && name.endsWith(`-${account}`) ? [{ name, account, remedy: "give the flow-log keys yourself (sources[].flowLogsKmsKeyArn, flowLogs.stagingKmsKeyArn) instead of flowLogs.kms: create" }] : [];
  });
  return [...roles, ...initializations, ...keys];
}
