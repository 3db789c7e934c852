/**
 * An external source's entry of `sourceNetworks`: what its network team needs. The connection's ids, the install
 * commands with the connectivity check first, the firewall rules and (with `dns: resolver`) the DNS forwarders. A
 * VPN's pre-shared keys are never among them: they stay secret outputs of the VPN resource.
 */
import * as pulumi from "@pulumi/pulumi";
import { dnsForwarders, externalFirewallRules } from "../lib/external";
import { checkedLinuxInstallCommand, checkedWindowsInstallCommand, connectivityCheckCommand, endpointProbes, windowsConnectivityCheckCommand } from "../lib/installer";
import type { ExternalConnectionOutputs, ExternalSourceNetwork } from "../lib/outputNames";
import type { NetworkPlan } from "../lib/plan";
import type { DeclaredNetwork } from "./index";

/** The `sourceNetworks` entry of external source `i` (its index in `plan.external.sources`). */
export function externalSourceNetwork(plan: NetworkPlan, declared: DeclaredNetwork, i: number): pulumi.Output<ExternalSourceNetwork> {
  const source = plan.external!.sources[i];
  const external = declared.external!;
  const target = declared.externalTargetOf(i);
  const probes = target.apply((t) => endpointProbes(t));
  const resolverAddresses = source.dns === "resolver" ? external.resolverAddresses! : pulumi.output<string[] | undefined>(undefined);
  return pulumi.all([target, probes, connectionOutputs(source.connection, external), resolverAddresses]).apply(([t, p, connection, addresses]) => ({
    kind: "external" as const,
    region: plan.drRegion,
    cidrBlocks: [...source.cidrBlocks],
    dns: source.dns,
    connection,
    connectivityCheckCommand: connectivityCheckCommand(p),
    windowsConnectivityCheckCommand: windowsConnectivityCheckCommand(p),
    linuxInstallCommand: checkedLinuxInstallCommand(t, p),
    windowsInstallCommand: checkedWindowsInstallCommand(t, p),
    firewallRules: externalFirewallRules({
      stagingSubnetBlocks: plan.staging.subnets.map((s) => s.cidrBlock),
      replication: plan.replication !== undefined,
      ...(addresses !== undefined ? { resolverAddresses: addresses } : {}),
    }),
    ...(addresses !== undefined ? { dnsForwarders: dnsForwarders(plan.drRegion, addresses) } : {}),
  }));
}

/** The connection's ids, as the outputs show them. */
function connectionOutputs(connection: NetworkPlan["settings"]["externalSources"][number]["connection"], external: NonNullable<DeclaredNetwork["external"]>): pulumi.Output<ExternalConnectionOutputs> {
  switch (connection.kind) {
    case "transit-gateway":
      return external.transitGatewayAttachmentIds[connection.transitGatewayId].apply((transitGatewayAttachmentId) => ({
        kind: "transit-gateway" as const,
        transitGatewayId: connection.transitGatewayId,
        transitGatewayAttachmentId,
      }));
    case "vpn-gateway":
      return pulumi.output({ kind: "vpn-gateway" as const, vpnGatewayId: connection.vpnGatewayId });
    case "site-to-site-vpn": {
      const vpn = external.vpnConnections[connection.customerGatewayIp];
      return pulumi.all([external.vpnGatewayId!, vpn.vpnConnectionId, vpn.customerGatewayId, vpn.tunnelOutsideAddresses]).apply(([vpnGatewayId, vpnConnectionId, customerGatewayId, tunnelOutsideAddresses]) => ({
        kind: "site-to-site-vpn" as const,
        vpnGatewayId,
        vpnConnectionId,
        customerGatewayId,
        tunnelOutsideAddresses,
      }));
    }
  }
}
