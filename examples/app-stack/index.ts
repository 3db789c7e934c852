/**
 * An application stack that consumes a drs-secured-network stack through the typed reference: it publishes, in the
 * source region, what the administrators of its servers need (the install and check commands, the security group to
 * attach) as SSM parameters, and exports the staging subnet DRS uses. Type-checked by `npm test`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DrsNetworkReference } from "../../consumer";

const config = new pulumi.Config();
const network = new DrsNetworkReference("network", { stack: config.get("networkStack") ?? "acme/drs-secured-network/prod" });
const provider = new aws.Provider("source-region", { region: network.outputs.sourceRegion });

const parameter = (name: string, value: pulumi.Input<string>, description: string) =>
  new aws.ssm.Parameter(name, { name: `/drs/${name}`, type: "String", tier: "Advanced", value, description }, { provider });

parameter("linux-install-command", network.outputs.linuxInstallCommand, "Install the DRS agent on a Linux source server");
parameter("windows-install-command", network.outputs.windowsInstallCommand, "Install the DRS agent on a Windows source server");
parameter("connectivity-check", network.outputs.connectivityCheckCommand, "Check TCP 443 to the DRS, EC2 and S3 endpoints");
parameter(
  "source-server-security-group",
  network.outputs.sourceServerSecurityGroupId.apply((id) => id ?? "none: replication is not managed by the network stack"),
  "Security group to attach to the servers to protect",
);

/** The staging area subnet DRS replicates into. */
export const stagingAreaSubnetId = network.outputs.stagingSubnetIds.apply((ids) => ids[0]);
/** How many sources the network stack serves (1 unless it lists sources). */
export const sourceCount = network.outputs.sourceNetworks.apply((networks) => (networks === undefined ? 1 : Object.keys(networks).length));
/** What the network team of each data centre must open (sources outside AWS only), by source name. */
export const dataCentreFirewallRules = network.outputs.sourceNetworks.apply((networks) =>
  Object.fromEntries(Object.entries(networks ?? {}).flatMap(([name, n]) => (n.kind === "external" ? [[name, n.firewallRules]] : []))),
);
