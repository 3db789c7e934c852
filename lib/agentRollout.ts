/**
 * The DRS agent rollout through Systems Manager, as pure builders: the interface endpoints the rollout needs in an
 * isolated VPC, the Command document's two scripts (built from the same functions as the install and
 * connectivity-check outputs, never a second copy), the Automation runbook that runs it with its output in CloudWatch
 * Logs, the IAM policies, and the commands that show a rollout's progress. No Pulumi imports.
 *
 * Sources:
 * - Endpoints: Systems Manager guide, "Improve the security of EC2 instances by using VPC endpoints for Systems
 *   Manager" (https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html): `ssm`,
 *   `ssmmessages`, and `ec2messages`, which SSM Agent uses before version 3.3.40.0 (from that version it uses
 *   `ssmmessages` where it can; "Reference: ec2messages, ssmmessages, and other API operations"). `logs` for Run
 *   Command output in CloudWatch Logs (same guide, optional endpoints). `sts` for a source in another account than
 *   DRS: `--account-id` installs assume DRS's cross-account roles (DRSCrossAccountAgentAuthorizedRole_<DR account> in
 *   the source account, then DRSCrossAccountAgentRole_<source account> in the DR account) through AWS STS (DRS guide,
 *   "Replication errors: agent log messages", https://docs.aws.amazon.com/drs/latest/userguide/agent-runtime-errors.html,
 *   and "Adding a trusted account", https://docs.aws.amazon.com/drs/latest/userguide/adding-trusted-account.html).
 *   `ec2` for Marketplace AMIs: the installer reads the instance's product codes with `ec2:DescribeInstances` (DRS
 *   guide, "Troubleshooting agent issues", Error: Missing marketplace license permissions,
 *   https://docs.aws.amazon.com/drs/latest/userguide/Troubleshooting-Agent-Issues.html).
 * - Command documents, schema 2.2, `aws:runShellScript` / `aws:runPowerShellScript` with a `platformType`
 *   precondition and a per-step `timeoutSeconds` (the execution timeout): Systems Manager guide, "Command document
 *   plugin reference" and "Document components".
 * - Why a runbook: a State Manager association writes output only to S3 (CreateAssociation has `OutputLocation`
 *   with an S3 location and nothing else); CloudWatch Logs output (`CloudWatchOutputConfig`) exists on SendCommand,
 *   which the runbook's `aws:runCommand` step calls. That step's `TimeoutSeconds` is the delivery timeout ("the
 *   amount of time in seconds to wait for a command to deliver to the SSM Agent", Automation action reference,
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-runcommand.html), so the step
 *   itself must outlast delivery plus execution. The association runs the runbook once per tagged instance under its
 *   own rate controls (`AutomationTargetParameterName`); the runbook's target type `/AWS::EC2::Instance` keeps tagged
 *   volumes, snapshots and other resources out ("About targets": only resources of the runbook's target type are
 *   used, https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-working-targets.html).
 * - Agent already running: the service `aws-replication-agent` (Linux, `systemctl status aws-replication-agent`) and
 *   `AwsReplicationService` (Windows, `Get-Service -Name AwsReplicationService`), DRS guide, "Troubleshooting agent
 *   issues", Agent log locations and status. Reinstalling over an agent is supported ("You do not need to remove any
 *   previous versions prior to reinstalling", https://docs.aws.amazon.com/drs/latest/userguide/reinstalling-agent.html),
 *   so a server where the status cannot be read (no systemd) is reinstalled, which costs time only.
 */
import { logGroupWritePolicy } from "./iamPolicies";
import {
  connectivityCheckCommand,
  InstallTarget,
  linuxInstallCommand,
  ProbeTarget,
  windowsConnectivityCheckCommand,
  windowsInstallCommand,
} from "./installer";

/** What decides which interface endpoints the rollout puts in a source VPC. */
export interface RolloutEndpointOptions {
  /** Add `ec2messages`, which SSM Agent before 3.3.40.0 needs. */
  readonly ec2MessagesEndpoint: boolean;
  /** Add `ec2` (the source region's), for the installer's `ec2:DescribeInstances` on Marketplace AMIs. */
  readonly marketplaceAmis: boolean;
  /** The source is in another account than DRS: add `sts`, for the cross-account roles of `--account-id`. */
  readonly otherAccount: boolean;
}

/** The interface endpoint services the rollout puts in a source VPC: short names, `com.amazonaws.<region>.<name>`. */
export function rolloutEndpointServices(options: RolloutEndpointOptions): string[] {
  return [
    "ssm",
    "ssmmessages",
    ...(options.ec2MessagesEndpoint ? ["ec2messages"] : []),
    "logs",
    ...(options.marketplaceAmis ? ["ec2"] : []),
    ...(options.otherAccount ? ["sts"] : []),
  ];
}

/** The Linux agent's systemd service (DRS guide: `systemctl status aws-replication-agent`). */
export const LINUX_AGENT_SERVICE = "aws-replication-agent";
/** The Windows agent's service (DRS guide: `Get-Service -Name AwsReplicationService`). */
export const WINDOWS_AGENT_SERVICE = "AwsReplicationService";
/**
 * The Linux agent's directory, for servers without systemd only: there the status command cannot be asked, and a
 * schedule that reruns the rollout would otherwise reinstall the agent at every run.
 */
export const LINUX_AGENT_DIRECTORY = "/var/lib/aws-replication-agent";
/** The runbook's target type: tagged resources of other types (volumes, snapshots, ...) are not runs of it. */
export const RUNBOOK_TARGET_TYPE = "/AWS::EC2::Instance";
/** The log groups of the rollouts: `<prefix><document prefix>`. */
export const ROLLOUT_LOG_GROUP_PREFIX = "/drs-secured-network/agent-rollout/";
/** The instance metadata service (IMDSv2: a token first). */
const IMDS = "http://169.254.169.254/latest";

/** What the document's scripts need. */
export interface RolloutScriptArgs {
  /** The install target of this source's servers (with `--account-id` where DRS is in another account). */
  readonly target: InstallTarget;
  /** The endpoints to probe before installing. */
  readonly probes: readonly ProbeTarget[];
  /** The source VPC: a server elsewhere is skipped (another source's rollout, or no path to the endpoints). */
  readonly sourceVpcId: string;
}

function assertVpcId(id: string): string {
  if (!/^vpc-[0-9a-f]{8,17}$/.test(id)) throw new Error(`not a VPC id: ${JSON.stringify(id)}`);
  return id;
}

/**
 * The Linux step's lines (POSIX sh, as `aws:runShellScript` runs them): leave a running agent alone; skip a server
 * outside the source VPC; probe the endpoints; then download, verify and install unattended. Exit 0 for installed,
 * already running or skipped, each said in one line; non-zero for a failure, which the association counts.
 */
export function linuxRolloutScript(args: RolloutScriptArgs): string[] {
  const vpc = assertVpcId(args.sourceVpcId);
  const imds = (path: string) => `curl -sS --max-time 5 -H "X-aws-ec2-metadata-token: $token" ${IMDS}/${path}`;
  return [
    `if command -v systemctl >/dev/null 2>&1; then agent_status="systemctl status ${LINUX_AGENT_SERVICE}"; else agent_status="pgrep -f ${LINUX_AGENT_DIRECTORY}/"; fi`,
    `if $agent_status >/dev/null 2>&1; then echo "DRS agent already installed and running on $(hostname): left alone"; exit 0; fi`,
    `token=$(curl -sS --max-time 5 -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 60" ${IMDS}/api/token 2>/dev/null) || token=""`,
    `mac=$(${imds("meta-data/mac")} 2>/dev/null) || mac=""`,
    `vpc=$(${imds('meta-data/network/interfaces/macs/"$mac"/vpc-id')} 2>/dev/null) || vpc=""`,
    `if [ "$vpc" != "${vpc}" ]; then echo "$(hostname) is in \${vpc:-no VPC this script can read}, not in the source VPC ${vpc}: skipped"; exit 0; fi`,
    'echo "Checking the path to the endpoints"',
    `${connectivityCheckCommand(args.probes)} || { echo "an endpoint is not reachable on TCP 443: not installing" >&2; exit 1; }`,
    linuxInstallCommand(args.target, { unattended: true }),
  ];
}

/** The Windows step's lines (PowerShell, as `aws:runPowerShellScript` runs them), the same four stages. */
export function windowsRolloutScript(args: RolloutScriptArgs): string[] {
  const vpc = assertVpcId(args.sourceVpcId);
  return [
    "$ErrorActionPreference = 'Stop'",
    `if ((Get-Service -Name ${WINDOWS_AGENT_SERVICE} -ErrorAction SilentlyContinue).Status -eq 'Running') { Write-Output "DRS agent already installed and running on $($env:COMPUTERNAME): left alone"; exit 0 }`,
    `try { $token = Invoke-RestMethod -TimeoutSec 5 -Method Put -Uri '${IMDS}/api/token' -Headers @{ 'X-aws-ec2-metadata-token-ttl-seconds' = '60' }; $mac = Invoke-RestMethod -TimeoutSec 5 -Uri '${IMDS}/meta-data/mac' -Headers @{ 'X-aws-ec2-metadata-token' = $token }; $vpc = Invoke-RestMethod -TimeoutSec 5 -Uri ('${IMDS}/meta-data/network/interfaces/macs/' + $mac + '/vpc-id') -Headers @{ 'X-aws-ec2-metadata-token' = $token } } catch { $vpc = '' }`,
    `if ($vpc -ne '${vpc}') { Write-Output "$($env:COMPUTERNAME) is in $(if ($vpc) { $vpc } else { 'no VPC this script can read' }), not in the source VPC ${vpc}: skipped"; exit 0 }`,
    "Write-Output 'Checking the path to the endpoints'",
    windowsConnectivityCheckCommand(args.probes),
    windowsInstallCommand(args.target, { unattended: true }),
    "if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }",
  ];
}

/** Seconds each platform step may run (its `timeoutSeconds`, the execution timeout): download, driver build, first registration. */
export const EXECUTION_TIMEOUT_SECONDS = 3600;
/**
 * Seconds the runbook's `aws:runCommand` waits for the command to reach SSM Agent (its `TimeoutSeconds`, the
 * delivery timeout): a managed instance that is online takes seconds; one that is not is reported as Delivery Timed
 * Out rather than holding a concurrency slot for an hour.
 */
export const DELIVERY_TIMEOUT_SECONDS = 600;
/** Seconds the runbook step may take: a late delivery, then the whole execution, then the output's last lines. */
export const RUNBOOK_STEP_TIMEOUT_SECONDS = DELIVERY_TIMEOUT_SECONDS + EXECUTION_TIMEOUT_SECONDS + 300;

/** The Command document (schema 2.2): one step per platform, each run only on its platform. */
export function commandDocument(args: RolloutScriptArgs): Record<string, unknown> {
  return {
    schemaVersion: "2.2",
    description: `Installs the AWS Elastic Disaster Recovery agent through the private endpoints of drs-secured-network (DR region ${args.target.drRegion}), unless it already runs.`,
    mainSteps: [
      {
        action: "aws:runShellScript",
        name: "InstallDrsAgentLinux",
        precondition: { StringEquals: ["platformType", "Linux"] },
        inputs: { timeoutSeconds: String(EXECUTION_TIMEOUT_SECONDS), runCommand: linuxRolloutScript(args) },
      },
      {
        action: "aws:runPowerShellScript",
        name: "InstallDrsAgentWindows",
        precondition: { StringEquals: ["platformType", "Windows"] },
        inputs: { timeoutSeconds: String(EXECUTION_TIMEOUT_SECONDS), runCommand: windowsRolloutScript(args) },
      },
    ],
  };
}

/** The runbook (schema 0.3): run the Command document on one instance, its output to the log group. */
export function automationDocument(args: { readonly commandDocumentName: string; readonly logGroupName: string }): Record<string, unknown> {
  return {
    schemaVersion: "0.3",
    description: "Runs the DRS agent install on one managed instance, with its output in CloudWatch Logs.",
    assumeRole: "{{ AutomationAssumeRole }}",
    parameters: {
      InstanceId: { type: "String", description: "The managed instance to install the DRS agent on." },
      AutomationAssumeRole: { type: "String", description: "The role the runbook runs as." },
    },
    mainSteps: [
      {
        name: "InstallDrsAgent",
        action: "aws:runCommand",
        timeoutSeconds: RUNBOOK_STEP_TIMEOUT_SECONDS,
        inputs: {
          DocumentName: args.commandDocumentName,
          InstanceIds: ["{{ InstanceId }}"],
          CloudWatchOutputConfig: { CloudWatchLogGroupName: args.logGroupName, CloudWatchOutputEnabled: true },
          TimeoutSeconds: DELIVERY_TIMEOUT_SECONDS,
        },
        isEnd: true,
      },
    ],
  };
}

/**
 * What the source servers' role may do with the rollout's log group, besides its managed policies: create streams
 * and write to them (SSM Agent streams the command's output there), and find the group.
 */
export function instanceLogsPolicy(region: string, accountId: string, logGroupArn: string): string {
  return logGroupWritePolicy(region, accountId, logGroupArn, "WriteRolloutOutput");
}

/**
 * What the source servers' role may do besides its managed policies when some of them run from AWS Marketplace AMIs:
 * read their product codes (`ec2:DescribeInstances`, which takes no resource-level permissions: Service
 * Authorization Reference, Amazon EC2, https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html).
 */
export function instanceMarketplacePolicy(): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "ReadMarketplaceProductCodes", Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" }],
  });
}

/**
 * The runbook's role: trusted by Systems Manager for this account's automation executions in this region only
 * (aws:SourceAccount and aws:SourceArn, Systems Manager guide, "Cross-service confused deputy prevention",
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/cross-service-confused-deputy-prevention.html).
 */
export function automationTrustPolicy(region: string, accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "ssm.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": `arn:aws:ssm:${region}:${accountId}:automation-execution/*` },
        },
      },
    ],
  });
}

/**
 * What the runbook does: send the one Command document, only to instances that carry the rollout tag
 * (`ssm:resourceTag/<key>`, Systems Manager guide, "Restricting Run Command access based on tags",
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html), and follow its invocations.
 */
export function automationPolicy(args: {
  readonly region: string;
  readonly accountId: string;
  readonly commandDocumentName: string;
  readonly targetTag: { readonly key: string; readonly value: string };
}): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "SendTheInstallDocument", Effect: "Allow", Action: "ssm:SendCommand", Resource: `arn:aws:ssm:${args.region}:${args.accountId}:document/${args.commandDocumentName}` },
      {
        Sid: "SendOnlyToTaggedInstances",
        Effect: "Allow",
        Action: "ssm:SendCommand",
        // EC2 instances only, as the association targets (/AWS::EC2::Instance): no hybrid managed node (mi-...).
        Resource: `arn:aws:ec2:${args.region}:${args.accountId}:instance/*`,
        Condition: { StringEquals: { [`ssm:resourceTag/${args.targetTag.key}`]: args.targetTag.value } },
      },
      { Sid: "FollowTheCommand", Effect: "Allow", Action: ["ssm:ListCommands", "ssm:ListCommandInvocations", "ssm:GetCommandInvocation", "ssm:DescribeInstanceInformation"], Resource: "*" },
    ],
  });
}

/**
 * The preview's warning for a source in another account than DRS. `--account-id` works only once each account trusts
 * the other in DRS (Trusted accounts, with the Failback and in-AWS right-sizing roles): the source account's
 * DRSCrossAccountAgentAuthorizedRole_<DR account>, which the servers' instance profile assumes, and the DR account's
 * DRSCrossAccountAgentRole_<source account> (DRS guide, installer parameters, "Adding a trusted account" and "Replication
 * errors: agent log messages"; the marketplace-licence page too places the source account's role there). No API this
 * program may read confirms them, so the warning says it.
 */
export function crossAccountTrustWarning(args: {
  /** "the source", or "source <name>". */
  readonly source: string;
  readonly sourceAccount: string;
  readonly drAccount: string;
  readonly drRegion: string;
  /** Whether the rollout puts an `sts` endpoint in this source's VPC (an adopted VPC without endpoints has its owner's). */
  readonly stsEndpoint: boolean;
}): string {
  const { sourceAccount, drAccount } = args;
  return (
    `agentRollout: the servers of ${args.source} (account ${sourceAccount}) install with --account-id ${drAccount}, which assumes DRS's cross-account roles through STS ` +
    `(${args.stsEndpoint ? "the rollout's sts endpoint in the source VPC" : "the adopted VPC's own sts endpoint, which its owner must provide"}). ` +
    `Before the rollout can succeed, each account must trust the other in DRS (Settings, Trusted accounts, with the Failback and in-AWS right-sizing roles): ` +
    `in ${sourceAccount} add ${drAccount} (it makes DRSCrossAccountAgentAuthorizedRole_${drAccount}, which the servers' instance profile assumes), ` +
    `and in ${drAccount} (${args.drRegion}) add ${sourceAccount} (it makes DRSCrossAccountAgentRole_${sourceAccount}).`
  );
}

/**
 * The preview's warning with the rollout on: its association runs as State Manager's service-linked role, which AWS
 * is phasing out for AssociationDispatchAssumeRole ("Service-linked role support in State Manager is being phased
 * out. Associations relying on service-linked role may require updates in the future", SSM API reference,
 * CreateAssociation, https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateAssociation.html), and
 * @pulumi/aws 7.48's ssm.Association has no input for it.
 */
export const SERVICE_LINKED_ROLE_WARNING =
  "agentRollout: the association runs as Systems Manager's service-linked role (AWSServiceRoleForAmazonSSM), which AWS is phasing out for associations in favour of " +
  "AssociationDispatchAssumeRole; @pulumi/aws 7.48 cannot set that role (docs/agent-rollout.md).";

/** Ready commands to watch a rollout: the association, each server's command, its output, and DRS's view. */
export function progressCommands(args: {
  readonly sourceRegion: string;
  readonly drRegion: string;
  readonly associationId: string;
  readonly commandDocumentName: string;
  readonly logGroupName: string;
}): string {
  return [
    `aws ssm describe-association-executions --region ${args.sourceRegion} --association-id ${args.associationId}`,
    `aws ssm list-command-invocations --region ${args.sourceRegion} --filters key=DocumentName,value=${args.commandDocumentName} --query 'CommandInvocations[].[InstanceId,Status,RequestedDateTime]' --output table`,
    `aws logs tail ${args.logGroupName} --region ${args.sourceRegion} --since 1d`,
    `aws drs describe-source-servers --region ${args.drRegion} --query 'items[].[sourceServerID,sourceProperties.identificationHints.hostname,dataReplicationInfo.dataReplicationState]' --output table`,
  ].join("\n");
}
