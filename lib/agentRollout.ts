/**
 * The DRS agent rollout through Systems Manager, as pure builders: the interface endpoints Systems Manager needs in
 * an isolated VPC, the Command document's two scripts (built from the same functions as the install and
 * connectivity-check outputs, never a second copy), the Automation runbook that runs it with its output in CloudWatch
 * Logs, the IAM policies, and the commands that show a rollout's progress. No Pulumi imports.
 *
 * Sources:
 * - Endpoints: Systems Manager guide, "Improve the security of EC2 instances by using VPC endpoints for Systems
 *   Manager" (https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html): `ssm`,
 *   `ssmmessages`, and `ec2messages`, which SSM Agent uses before version 3.3.40.0 (from that version it uses
 *   `ssmmessages` where it can; "Reference: ec2messages, ssmmessages, and other API operations"). `logs` for Run
 *   Command output in CloudWatch Logs (same guide, optional endpoints).
 * - Command documents, schema 2.2, `aws:runShellScript` / `aws:runPowerShellScript` with a `platformType`
 *   precondition: Systems Manager guide, "Command document plugin reference" and "Document components".
 * - Why a runbook: a State Manager association writes output only to S3 (CreateAssociation has `OutputLocation`
 *   with an S3 location and nothing else); CloudWatch Logs output (`CloudWatchOutputConfig`) exists on SendCommand,
 *   which the runbook's `aws:runCommand` step calls (Automation action reference, aws:runCommand). The association
 *   runs the runbook once per tagged instance under its own rate controls (`AutomationTargetParameterName`).
 * - Agent already running: the Linux agent lives in /var/lib/aws-replication-agent (its log is agent.log.0 there,
 *   MGN/DRS troubleshooting pages); the Windows agent in "AWS Replication Agent" under Program Files (x86). AWS
 *   publishes no status command; reinstalling over an agent is supported ("You do not need to remove any previous
 *   versions prior to reinstalling", DRS guide, Reinstalling the agent), so a wrong "not running" costs a reinstall.
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

/** The Systems Manager endpoint services a source VPC gets: short names, `com.amazonaws.<region>.<name>`. */
export function ssmEndpointServices(options: { readonly ec2MessagesEndpoint: boolean }): string[] {
  return ["ssm", "ssmmessages", ...(options.ec2MessagesEndpoint ? ["ec2messages"] : []), "logs"];
}

/** The Linux agent's directory: a process running from it means the agent runs. */
export const LINUX_AGENT_DIRECTORY = "/var/lib/aws-replication-agent";
/** The Windows agent's folder name under Program Files (x86). */
export const WINDOWS_AGENT_FOLDER = "AWS Replication Agent";
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
    `if pgrep -f ${LINUX_AGENT_DIRECTORY}/ >/dev/null 2>&1; then echo "DRS agent already installed and running on $(hostname): left alone"; exit 0; fi`,
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
    `if (Get-Process -ErrorAction SilentlyContinue | Where-Object { $_.Path -like '*\\${WINDOWS_AGENT_FOLDER}\\*' }) { Write-Output "DRS agent already installed and running on $($env:COMPUTERNAME): left alone"; exit 0 }`,
    `try { $token = Invoke-RestMethod -TimeoutSec 5 -Method Put -Uri '${IMDS}/api/token' -Headers @{ 'X-aws-ec2-metadata-token-ttl-seconds' = '60' }; $mac = Invoke-RestMethod -TimeoutSec 5 -Uri '${IMDS}/meta-data/mac' -Headers @{ 'X-aws-ec2-metadata-token' = $token }; $vpc = Invoke-RestMethod -TimeoutSec 5 -Uri ('${IMDS}/meta-data/network/interfaces/macs/' + $mac + '/vpc-id') -Headers @{ 'X-aws-ec2-metadata-token' = $token } } catch { $vpc = '' }`,
    `if ($vpc -ne '${vpc}') { Write-Output "$($env:COMPUTERNAME) is in $(if ($vpc) { $vpc } else { 'no VPC this script can read' }), not in the source VPC ${vpc}: skipped"; exit 0 }`,
    "Write-Output 'Checking the path to the endpoints'",
    windowsConnectivityCheckCommand(args.probes),
    windowsInstallCommand(args.target, { unattended: true }),
    "if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }",
  ];
}

/** Seconds each platform step may run: a download, a kernel-module build and the first registration. */
export const STEP_TIMEOUT_SECONDS = 3600;

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
        inputs: { timeoutSeconds: String(STEP_TIMEOUT_SECONDS), runCommand: linuxRolloutScript(args) },
      },
      {
        action: "aws:runPowerShellScript",
        name: "InstallDrsAgentWindows",
        precondition: { StringEquals: ["platformType", "Windows"] },
        inputs: { timeoutSeconds: String(STEP_TIMEOUT_SECONDS), runCommand: windowsRolloutScript(args) },
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
        timeoutSeconds: STEP_TIMEOUT_SECONDS + 300,
        inputs: {
          DocumentName: args.commandDocumentName,
          InstanceIds: ["{{ InstanceId }}"],
          CloudWatchOutputConfig: { CloudWatchLogGroupName: args.logGroupName, CloudWatchOutputEnabled: true },
          TimeoutSeconds: STEP_TIMEOUT_SECONDS,
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

/** The runbook's role: trusted by Systems Manager in this account only. */
export function automationTrustPolicy(accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "ssm.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  });
}

/** What the runbook does: send the one Command document to instances, and follow its invocations. */
export function automationPolicy(args: { readonly region: string; readonly accountId: string; readonly commandDocumentName: string }): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "SendTheInstallDocument",
        Effect: "Allow",
        Action: "ssm:SendCommand",
        Resource: [`arn:aws:ssm:${args.region}:${args.accountId}:document/${args.commandDocumentName}`, `arn:aws:ec2:${args.region}:${args.accountId}:instance/*`, `arn:aws:ssm:${args.region}:${args.accountId}:managed-instance/*`],
      },
      { Sid: "FollowTheCommand", Effect: "Allow", Action: ["ssm:ListCommands", "ssm:ListCommandInvocations", "ssm:GetCommandInvocation", "ssm:DescribeInstanceInformation"], Resource: "*" },
    ],
  });
}

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
