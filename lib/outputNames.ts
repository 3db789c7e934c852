/**
 * The stack outputs, their names and types: a public contract for stack references. Add freely; never rename. A
 * module of its own that needs only @pulumi/pulumi's types, so the consumer package (consumer/index.ts, built into
 * dist/ by `npm run build:consumer`) carries the one definition without the program. program.ts returns
 * `StackOutputs` and checks the names against it.
 */
import type { Output } from "@pulumi/pulumi";

/** The stack outputs: a public contract for stack references. Add freely; never rename. */
export interface StackOutputs {
  /** The source region. */
  sourceRegion: string;
  /** The DR region. */
  drRegion: string;
  /** The source VPC id (created or adopted). */
  sourceVpcId: Output<string>;
  /** The staging VPC id. */
  stagingVpcId: Output<string>;
  /** The source subnets (created: one per AZ; adopted: as configured). */
  sourceSubnetIds: Output<string[]>;
  /** The staging subnets, one per AZ: give one to DRS as its staging area subnet. */
  stagingSubnetIds: Output<string[]>;
  /** The source route tables that route to the staging VPC. */
  sourceRouteTableIds: Output<string[]>;
  /** The staging route tables (peering route and S3 gateway endpoint). */
  stagingRouteTableIds: Output<string[]>;
  /** The VPC peering connection. */
  peeringConnectionId: Output<string>;
  /** The interface endpoints' security group. */
  endpointSecurityGroupId: Output<string>;
  /** The DRS interface endpoint's regional DNS name (the installer's `--endpoint`). */
  drsEndpointDnsName: Output<string>;
  /** The EC2 interface endpoint's regional DNS name. */
  ec2EndpointDnsName: Output<string>;
  /** The S3 interface endpoint's regional DNS name without `*.` (the installer's `--s3-endpoint`). */
  s3InterfaceEndpointDnsName: Output<string>;
  /** The S3 gateway endpoint id. */
  s3GatewayEndpointId: Output<string>;
  /** The Linux installer's URL through the S3 interface endpoint. */
  linuxInstallerUrl: Output<string>;
  /** The Windows installer's URL through the S3 interface endpoint. */
  windowsInstallerUrl: Output<string>;
  /** One bash command: download, verify SHA-512, install through the endpoints. */
  linuxInstallCommand: Output<string>;
  /** The PowerShell equivalent. */
  windowsInstallCommand: Output<string>;
  /** One bash command testing TCP 443 to each interface endpoint from a source server. */
  connectivityCheckCommand: Output<string>;
  /** The replication servers' security group (with `replication.enabled`). */
  replicationSecurityGroupId?: Output<string>;
  /** The security group to attach to the source servers (with `replication.enabled`). */
  sourceServerSecurityGroupId?: Output<string>;
  /** The DRS replication configuration template, created or imported (with `replication.enabled`). */
  replicationTemplateId?: Output<string>;
  /** The private hosted zone for `drs.<region>.amazonaws.com` (with `drsDnsMode: private-hosted-zone`). */
  drsPrivateHostedZoneId?: Output<string>;
  /** The recovery VPC recovered instances land in (with `recovery.enabled`). */
  recoveryVpcId?: Output<string>;
  /** Its subnets; the account's default launch template puts new source servers in the first. */
  recoverySubnetIds?: Output<string[]>;
  /** The recovered instances' security group. */
  recoverySecurityGroupId?: Output<string>;
  /** DRS's launch configuration template for the DR region (`lct-...`). */
  launchConfigurationTemplateId?: Output<string>;
  /** The account's default EC2 launch template, which DRS copies to each new source server (`lt-...`). */
  defaultLaunchTemplateId?: Output<string>;
  /** The SNS topic the readiness alarms and DRS's events notify (with `readiness.enabled`). */
  readinessTopicArn?: Output<string>;
  /** The readiness alarms: replication lag over the RPO, backlog growing, drill overdue. */
  readinessAlarmNames?: Output<string[]>;
  /** The EventBridge rules on DRS's events: replication stalled, launch result, failback state. */
  readinessRuleNames?: Output<string[]>;
  /** With `failback.enabled`: the reverse path into each source region, by region. */
  failbackNetworks?: Output<Record<string, FailbackNetwork>>;
  /**
   * With a `sources` list: each source's network, by source name; `kind` tells a source VPC (`SourceNetwork`) from a
   * network outside AWS (`ExternalSourceNetwork`).
   */
  sourceNetworks?: Output<Record<string, SourceNetwork | ExternalSourceNetwork>>;
  /** The instance profile to attach to the source servers (with `agentRollout.enabled`; first source). */
  agentRolloutInstanceProfileName?: Output<string>;
  /** The Systems Manager Command document that installs the agent (with `agentRollout.enabled`; first source). */
  agentRolloutDocumentName?: Output<string>;
  /** The State Manager association that rolls the agent out (with `agentRollout.enabled`; first source). */
  agentRolloutAssociationId?: Output<string>;
  /** The CloudWatch Logs group with each server's install output (with `agentRollout.enabled`; first source). */
  agentRolloutLogGroupName?: Output<string>;
  /** Commands that show the rollout's progress: the association, the commands, the log, DRS (first source). */
  agentRolloutProgressCommands?: Output<string>;
  /**
   * The quota increases requested with `quotaIncreases: request` while AWS has not granted them; only then, and then
   * the network is not declared yet (`PendingQuotaOutputs`).
   */
  quotaIncreaseRequests?: Output<QuotaIncreaseRequest[]>;
}

/** One quota increase the program asked AWS for (`quotaIncreases: request`). */
export interface QuotaIncreaseRequest {
  serviceCode: string;
  quotaCode: string;
  quotaName: string;
  region: string;
  desiredValue: number;
  /** Service Quotas' request id and status (PENDING, CASE_OPENED, APPROVED, DENIED, ...). */
  requestId: string;
  requestStatus: string;
}

/**
 * The outputs of a stack whose network waits for quota increases: the regions and the requests, nothing else. Run
 * `pulumi up` again once AWS has granted them.
 */
export interface PendingQuotaOutputs {
  sourceRegion: string;
  drRegion: string;
  quotaIncreaseRequests: Output<QuotaIncreaseRequest[]>;
}

/** One source's agent rollout, in `sourceNetworks` (with `agentRollout.enabled`). */
export interface SourceAgentRollout {
  instanceProfileName: string;
  documentName: string;
  associationId: string;
  logGroupName: string;
  progressCommands: string;
}

/** One source VPC's network, in the `sourceNetworks` output. */
export interface SourceNetwork {
  kind: "vpc";
  region: string;
  vpcId: string;
  subnetIds: string[];
  routeTableIds: string[];
  peeringConnectionId: string;
  /** The install commands for this source's servers (with `--account-id` when they are in another account). */
  linuxInstallCommand: string;
  windowsInstallCommand: string;
  /** With `replication.enabled`. */
  sourceServerSecurityGroupId?: string;
  /** With `agentRollout.enabled`. */
  agentRollout?: SourceAgentRollout;
}

/** How the staging VPC reaches an external source: the connection's ids (never a VPN's pre-shared keys). */
export type ExternalConnectionOutputs =
  | { kind: "transit-gateway"; transitGatewayId: string; transitGatewayAttachmentId: string }
  | { kind: "vpn-gateway"; vpnGatewayId: string }
  | { kind: "site-to-site-vpn"; vpnGatewayId: string; vpnConnectionId: string; customerGatewayId: string; tunnelOutsideAddresses: string[] };

/** Failback's side in one source region, in the `failbackNetworks` output. */
export interface FailbackNetwork {
  stagingVpcId: string;
  stagingSubnetIds: string[];
  /** The peering from the recovery VPC. */
  peeringConnectionId: string;
  /** The region's DRS, EC2 and S3 endpoints' names: `""` while failback is on demand and not active. */
  drsEndpointDnsName: string;
  ec2EndpointDnsName: string;
  s3InterfaceEndpointDnsName: string;
  /** The zone `drs.<region>.amazonaws.com` on the recovery VPC. */
  drsPrivateHostedZoneId: string;
  replicationTemplateId: string;
  launchConfigurationTemplateId: string;
  defaultLaunchTemplateId: string;
  /** Whether the interface endpoints exist now (standby, or on demand and active). */
  interfaceEndpoints: boolean;
}

/** One rule the external source's network team opens toward AWS. */
export interface ExternalFirewallRuleOutput {
  protocol: "tcp" | "udp";
  ports: string;
  destination: string;
  purpose: string;
}

/** A network outside AWS (a data centre), in the `sourceNetworks` output: what its network team needs. */
export interface ExternalSourceNetwork {
  kind: "external";
  /** The DR region: the region the source is protected to and connected in. */
  region: string;
  cidrBlocks: string[];
  /** How its servers find the endpoints: `endpoint-flag` or `resolver`. */
  dns: "endpoint-flag" | "resolver";
  connection: ExternalConnectionOutputs;
  /** The connectivity checks (TCP 443 to DRS and S3), bash and PowerShell. */
  connectivityCheckCommand: string;
  windowsConnectivityCheckCommand: string;
  /** The install commands, the connectivity check first: nothing is installed if an endpoint is not reachable. */
  linuxInstallCommand: string;
  windowsInstallCommand: string;
  /** What its firewalls must let through, outbound from its blocks. */
  firewallRules: ExternalFirewallRuleOutput[];
  /** With `dns: resolver`: the conditional forwarders its DNS servers need. */
  dnsForwarders?: { domain: string; targets: string[] }[];
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
] as const;

/** Stack outputs that exist only with some options, in the order of `StackOutputs`. */
export const OPTIONAL_STACK_OUTPUT_NAMES = [
  "replicationSecurityGroupId",
  "sourceServerSecurityGroupId",
  "replicationTemplateId",
  "drsPrivateHostedZoneId",
  "recoveryVpcId",
  "recoverySubnetIds",
  "recoverySecurityGroupId",
  "launchConfigurationTemplateId",
  "defaultLaunchTemplateId",
  "readinessTopicArn",
  "readinessAlarmNames",
  "readinessRuleNames",
  "failbackNetworks",
  "sourceNetworks",
  "agentRolloutInstanceProfileName",
  "agentRolloutDocumentName",
  "agentRolloutAssociationId",
  "agentRolloutLogGroupName",
  "agentRolloutProgressCommands",
  "quotaIncreaseRequests",
] as const;
