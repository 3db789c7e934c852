/**
 * The stack output names: a public contract for stack references. Add freely; never rename. A module of its own, so
 * consumers (consumer/index.ts) can use the names without loading the program. program.ts checks them against
 * `StackOutputs`.
 */

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
  "sourceNetworks",
] as const;
