/**
 * The VPCs of the plan: each source's (created or adopted), the staging VPC, and the customer-managed flow-log keys
 * (`flowLogs.kms: create`), each made when the first VPC of its region and account asks for it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { FlowLogOptions } from "../components/isolatedVpc";
import { SourceVpc } from "../components/sourceVpc";
import { StagingVpc } from "../components/stagingVpc";
import { ROLLOUT_LOG_GROUP_PREFIX } from "../lib/agentRollout";
import { flowLogsKeyPolicy } from "../lib/iamPolicies";
import type { FlowLogPlan, NetworkPlan } from "../lib/plan";
import type { Providers } from "./providers";

/** The declared VPCs, and the created flow-log keys' ARNs by `<region>/<account key>`. */
export interface DeclaredVpcs {
  readonly sources: readonly SourceVpc[];
  readonly staging: StagingVpc;
  readonly flowLogKeys: ReadonlyMap<string, pulumi.Output<string>>;
  /** A planned VPC's flow-log options, its key made or found (the recovery VPC's too). */
  flowLogOptions(f: FlowLogPlan | undefined): FlowLogOptions | undefined;
}

/** Declare the source VPCs, then the staging VPC, with the flow-log keys they take. */
export function declareVpcs(plan: NetworkPlan, providers: Providers): DeclaredVpcs {
  const keys = flowLogKeyMaker(plan, providers);
  const flowLogs = (f: FlowLogPlan | undefined) =>
    f !== undefined ? { region: f.region, retentionDays: f.retentionDays, kmsKeyArn: f.kmsKeyArn ?? (f.createdKey !== undefined ? keys.arnOf(f.createdKey) : undefined), secretAccount: f.secretAccount } : undefined;
  const sources = plan.sources.map((source, i) => {
    const vpc = source.vpc;
    return new SourceVpc(
      source.componentName,
      {
        region: source.region,
        s3GatewayBuckets: source.settings.s3GatewayBuckets,
        ...(vpc.kind === "create"
          ? { create: { cidrBlock: vpc.cidrBlock, subnets: vpc.subnets, stagingCidrBlock: plan.staging.cidrBlock, flowLogs: flowLogs(vpc.flowLogs) } }
          : { adopt: { vpcId: vpc.vpcId, cidrBlock: vpc.cidrBlock, routeTableIds: vpc.routeTableIds, subnetIds: vpc.subnetIds } }),
      },
      { provider: providers.sources[i] },
    );
  });
  const staging = new StagingVpc(
    "staging",
    {
      cidrBlock: plan.staging.cidrBlock,
      subnets: plan.staging.subnets,
      flowLogs: flowLogs(plan.staging.flowLogs),
      networkAcl: { sourceCidrBlocks: plan.staging.networkAcl.sourceCidrBlocks, dnsCidrBlocks: plan.staging.networkAcl.dnsCidrBlocks, dedicated: plan.staging.networkAcl.dedicated },
    },
    { provider: providers.dr },
  );
  return { sources, staging, flowLogKeys: keys.made, flowLogOptions: flowLogs };
}

/**
 * `flowLogs.kms: create`: one customer-managed key per region and account of the VPCs the program creates, made on
 * first use; the agent rollout's log groups of the same region and account take it too, so its key policy admits them.
 */
function flowLogKeyMaker(plan: NetworkPlan, providers: Providers) {
  const rolloutLogGroupPrefix = plan.settings.agentRollout !== undefined ? ROLLOUT_LOG_GROUP_PREFIX : undefined;
  const made = new Map<string, pulumi.Output<string>>();
  const arnOf = (id: string): pulumi.Output<string> => {
    const existing = made.get(id);
    if (existing !== undefined) return existing;
    const key = plan.flowLogKeys.find((k) => k.id === id);
    if (key === undefined) throw new Error(`no flow-log key ${id} in the plan`);
    const provider = key.sourceIndex === undefined ? providers.dr : providers.sources[key.sourceIndex];
    const identity = aws.getCallerIdentityOutput({}, { provider }).accountId;
    const created = new aws.kms.Key(
      key.name,
      {
        description: `Encrypts the VPC flow-log groups${rolloutLogGroupPrefix !== undefined ? " and the agent rollout's log groups" : ""} of drs-secured-network in ${key.region}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: (key.secretAccount ? pulumi.secret(identity) : identity).apply((account) => flowLogsKeyPolicy(key.region, account, { rolloutLogGroupPrefix })),
      },
      { provider },
    );
    // The key's ARN holds its account.
    made.set(id, key.secretAccount ? pulumi.secret(created.arn) : created.arn);
    return made.get(id) as pulumi.Output<string>;
  };
  return { arnOf, made };
}
