/**
 * The AWS calls of a drill, each guarded: a refusal, missing credentials or an endpoint that does not answer becomes
 * verify-live's `LiveAccessError` naming the IAM action (the one AWS's message names, else the call's own). Every
 * paged call is followed to its last page; lists longer than a call takes are sent in chunks.
 */
import {
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DescribeSourceServersCommand,
  DrsClient,
  Job,
  JobLog,
  RecoveryInstance,
  SourceServer,
  StartRecoveryCommand,
  TerminateRecoveryInstancesCommand,
} from "@aws-sdk/client-drs";
import { DescribeInstanceStatusCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeInstanceInformationCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { drsClientConfig } from "../components/drsInitialization";
import { batches, chooseSnapshot, refusedAction, StatusChecks } from "../lib/drill";
import { isAccessError, isNetworkError, LiveAccessError } from "../live/read";
import type { SideAuth } from "../live/scope";

/** The clients a drill calls, in the DR region, with the DR side's credentials. */
export interface DrillClients {
  readonly drs: Pick<DrsClient, "send">;
  readonly ec2: Pick<EC2Client, "send">;
  readonly ssm: Pick<SSMClient, "send">;
  readonly sts: Pick<STSClient, "send">;
}

/** Real SDK clients: the credentials the stack's DR provider and its DRS initialization use (profile, role to assume). */
export function sdkDrillClients(region: string, auth: SideAuth): DrillClients {
  const config = drsClientConfig(region, auth);
  // One credential provider serves the clients of several SDK releases; its type is the same in shape.
  const shared = config as unknown as { region: string; credentials?: never };
  return { drs: new DrsClient(config), ec2: new EC2Client(shared), ssm: new SSMClient(shared), sts: new STSClient(shared) };
}

/** The drill cannot run as asked: no matching source server, or DRS not initialized in the region. */
export class DrillCannotRun extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DrillCannotRun";
  }
}

/** Run an AWS call as the IAM action `permission`. */
export type Guard = <T>(permission: string, call: () => Promise<T>) => Promise<T>;

/** A guard for the DR region. */
export function guardFor(region: string): Guard {
  return async (permission, call) => {
    try {
      return await call();
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === "UninitializedAccountException") {
        throw new DrillCannotRun(`DRS is not initialized in ${region} (${permission}: ${(err as Error).message}); initialize it first (docs/replication.md)`, { cause: err });
      }
      if (isAccessError(err) || isNetworkError(err)) throw new LiveAccessError(refusedAction(String((err as Error).message ?? "")) ?? permission, region, "the DR side", err);
      throw err;
    }
  };
}

async function allItems<I>(call: (nextToken: string | undefined) => Promise<{ items?: I[]; nextToken?: string }>): Promise<I[]> {
  const out: I[] = [];
  let token: string | undefined;
  do {
    const page = await call(token);
    out.push(...(page.items ?? []));
    token = page.nextToken;
  } while (token !== undefined && token !== "");
  return out;
}

/**
 * Who runs the drill (STS GetCallerIdentity, which needs no permission:
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html). Missing credentials stop the drill;
 * an STS endpoint that does not answer leaves the identity unknown, said so.
 */
export async function callerArn(sts: DrillClients["sts"], guard: Guard): Promise<string> {
  try {
    const identity = await guard("sts:GetCallerIdentity", () => sts.send(new GetCallerIdentityCommand({})));
    return identity.Arn ?? "unknown: STS GetCallerIdentity returned no ARN";
  } catch (err) {
    if (err instanceof LiveAccessError && err.kind === "credentials") throw err;
    return `unknown: STS GetCallerIdentity failed (${(err as Error).message})`;
  }
}

/** Every source server DRS lists in the region. */
export function sourceServers(drs: DrillClients["drs"], guard: Guard): Promise<SourceServer[]> {
  return allItems((nextToken) => guard("drs:DescribeSourceServers", () => drs.send(new DescribeSourceServersCommand({ filters: {}, nextToken }))));
}

/** The newest recovery snapshot of a server taken at or before `at`, newest first from DRS. */
export async function snapshotAt(drs: DrillClients["drs"], guard: Guard, sourceServerID: string, at: string): Promise<{ snapshotID: string; timestamp: string } | undefined> {
  let nextToken: string | undefined;
  for (let page = 0; page < 50; page++) {
    const out = await guard("drs:DescribeRecoverySnapshots", () => drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID, filters: { toDateTime: at }, order: "DESC", nextToken })));
    const choice = chooseSnapshot(out.items ?? [], at);
    if (choice !== undefined) return choice;
    nextToken = out.nextToken;
    if (nextToken === undefined || nextToken === "") return undefined;
  }
  return undefined;
}

/** Start a drill job for these servers. */
export async function startDrill(drs: DrillClients["drs"], guard: Guard, servers: readonly { sourceServerID: string; recoverySnapshotID?: string }[]): Promise<Job | undefined> {
  const out = await guard("drs:StartRecovery", () => drs.send(new StartRecoveryCommand({ sourceServers: servers.map((s) => ({ ...s })), isDrill: true })));
  return out.job;
}

/** These jobs as DRS reports them now. */
export async function describeJobs(drs: DrillClients["drs"], guard: Guard, jobIDs: readonly string[]): Promise<Job[]> {
  if (jobIDs.length === 0) return [];
  return allItems((nextToken) => guard("drs:DescribeJobs", () => drs.send(new DescribeJobsCommand({ filters: { jobIDs: [...jobIDs] }, nextToken }))));
}

/** A job's whole log. */
export function jobLog(drs: DrillClients["drs"], guard: Guard, jobID: string): Promise<JobLog[]> {
  return allItems((nextToken) => guard("drs:DescribeJobLogItems", () => drs.send(new DescribeJobLogItemsCommand({ jobID, nextToken }))));
}

/** The recovery instances of these source servers (every job's: the caller keeps its own). */
export async function recoveryInstancesOf(drs: DrillClients["drs"], guard: Guard, sourceServerIDs: readonly string[]): Promise<RecoveryInstance[]> {
  const out: RecoveryInstance[] = [];
  for (const ids of batches(sourceServerIDs, 200)) {
    out.push(...(await allItems((nextToken) => guard("drs:DescribeRecoveryInstances", () => drs.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: ids }, nextToken }))))));
  }
  return out;
}

/** Ask DRS to terminate these recovery instances: one job per 200. */
export async function terminate(drs: DrillClients["drs"], guard: Guard, recoveryInstanceIDs: readonly string[]): Promise<{ jobID: string; ids: string[] }[]> {
  const out: { jobID: string; ids: string[] }[] = [];
  for (const ids of batches(recoveryInstanceIDs, 200)) {
    const res = await guard("drs:TerminateRecoveryInstances", () => drs.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: ids })));
    if (res.job?.jobID === undefined) throw new Error(`TerminateRecoveryInstances returned no job for ${ids.join(", ")}`);
    out.push({ jobID: res.job.jobID, ids });
  }
  return out;
}

/** EC2's instance and system status checks of these instances (100 ids a call, which then takes no page size). */
export async function statusChecks(ec2: DrillClients["ec2"], guard: Guard, instanceIds: readonly string[]): Promise<Map<string, StatusChecks>> {
  const out = new Map<string, StatusChecks>();
  for (const ids of batches(instanceIds, 100)) {
    const res = await guard("ec2:DescribeInstanceStatus", () => ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: ids, IncludeAllInstances: true })));
    for (const s of res.InstanceStatuses ?? []) {
      if (s.InstanceId !== undefined) out.set(s.InstanceId, { instance: s.InstanceStatus?.Status ?? "not reported", system: s.SystemStatus?.Status ?? "not reported" });
    }
  }
  return out;
}

/** Systems Manager's PingStatus of the instances it knows among these. */
export async function pingStatuses(ssm: DrillClients["ssm"], guard: Guard, instanceIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const ids of batches(instanceIds, 50)) {
    let NextToken: string | undefined;
    do {
      const res = await guard("ssm:DescribeInstanceInformation", () => ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "InstanceIds", Values: ids }], NextToken })));
      for (const i of res.InstanceInformationList ?? []) if (i.InstanceId !== undefined) out.set(i.InstanceId, i.PingStatus ?? "no PingStatus");
      NextToken = res.NextToken;
    } while (NextToken !== undefined && NextToken !== "");
  }
  return out;
}
