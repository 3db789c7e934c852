import * as assert from "node:assert/strict";
import type { ExternalSourceNetwork } from "../lib/outputNames";
import { named, ofType, runMocked, synth, SynthResource, SynthResult, T } from "../synth/run";
import { drsSecuredNetwork } from "../program";

const TGW = "tgw-0123456789abcdef0";
const VGW = "vgw-0123456789abcdef0";
const DC_BLOCKS = ["192.168.0.0/20", "192.168.32.0/24"];
const APP = { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" };

/** A stack with a source VPC and data centre `dc1` over `connection`. */
function config(connection: Record<string, unknown>, dns = "endpoint-flag", more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    drRegion: "eu-west-2",
    stagingVpcCidr: "10.0.0.0/16",
    replication: { enabled: true },
    sources: [APP, { name: "dc1", external: { cidrBlocks: DC_BLOCKS, connection, dns } }],
    ...more,
  };
}

const TYPES = {
  tgwAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
  vpnGateway: "aws:ec2/vpnGateway:VpnGateway",
  vpnGatewayAttachment: "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment",
  customerGateway: "aws:ec2/customerGateway:CustomerGateway",
  vpnConnection: "aws:ec2/vpnConnection:VpnConnection",
  vpnConnectionRoute: "aws:ec2/vpnConnectionRoute:VpnConnectionRoute",
  resolverEndpoint: "aws:route53/resolverEndpoint:ResolverEndpoint",
  networkAcl: "aws:ec2/networkAcl:NetworkAcl",
} as const;

/** The routes to external blocks in the staging route tables: `<table id> <block> <target>`. */
function externalRoutes(result: SynthResult): string[] {
  return ofType(result.resources, T.route)
    .filter((r) => DC_BLOCKS.includes(String(r.inputs.destinationCidrBlock)))
    .map((r) => `${String(r.inputs.routeTableId)} ${String(r.inputs.destinationCidrBlock)} ${String(r.inputs.transitGatewayId ?? r.inputs.gatewayId)}`)
    .sort();
}

/** The ingress rules of a security group, as `<protocol> <from>-<to> <blocks>`. */
function ingress(group: SynthResource): string[] {
  return (group.inputs.ingress as { protocol: string; fromPort: number; toPort: number; cidrBlocks?: string[] }[]).map((r) => `${r.protocol} ${r.fromPort}-${r.toPort} ${(r.cidrBlocks ?? []).join(",")}`);
}

function stagingTableIds(result: SynthResult): string[] {
  return result.outputs.stagingRouteTableIds;
}

function dc1(result: SynthResult): ExternalSourceNetwork {
  const entry = result.outputs.sourceNetworks?.dc1;
  assert.ok(entry !== undefined && entry.kind === "external", "sourceNetworks.dc1 is an external entry");
  return entry;
}

/** No route anywhere sends the default route, or anything, to the internet. */
function assertNoDefaultRoute(result: SynthResult): void {
  const defaults = ofType(result.resources, T.route).filter((r) => r.inputs.destinationCidrBlock === "0.0.0.0/0" || r.inputs.destinationIpv6CidrBlock === "::/0");
  assert.deepEqual(defaults.map((r) => r.name), []);
}

describe("sources outside AWS (components/external)", function () {
  this.timeout(120_000);

  describe("over a transit gateway", () => {
    let result: SynthResult;
    before(async () => {
      result = await synth(config({ transitGatewayId: TGW }));
    });

    it("attaches the staging VPC on /28 subnets of its own at the end of the staging block, in the DR region", () => {
      const subnets = ofType(result.resources, T.subnet).filter((s) => s.name.startsWith("external-tgw-subnet-"));
      assert.deepEqual(subnets.map((s) => `${s.name} ${String(s.inputs.cidrBlock)} ${s.region}`), [
        "external-tgw-subnet-eu-west-2a 10.0.255.224/28 eu-west-2",
        "external-tgw-subnet-eu-west-2b 10.0.255.240/28 eu-west-2",
      ]);
      const attachment = named(result.resources, `external-${TGW}-attachment`);
      assert.equal(attachment.type, TYPES.tgwAttachment);
      assert.equal(attachment.region, "eu-west-2");
      assert.equal(attachment.inputs.transitGatewayId, TGW);
      assert.equal(attachment.inputs.vpcId, result.outputs.stagingVpcId);
      assert.deepEqual(attachment.inputs.subnetIds, subnets.map((s) => s.id));
      // The attachment subnets route only within the VPC: their table has no route of its own.
      const table = named(result.resources, "external-tgw-rt");
      assert.deepEqual(ofType(result.resources, T.route).filter((r) => r.inputs.routeTableId === table.id), []);
    });

    it("routes each external block from every staging route table to the transit gateway, and nothing else to it", () => {
      const tables = stagingTableIds(result);
      assert.deepEqual(externalRoutes(result), tables.flatMap((t) => DC_BLOCKS.map((b) => `${t} ${b} ${TGW}`)).sort());
      assert.deepEqual(ofType(result.resources, T.route).filter((r) => r.inputs.transitGatewayId !== undefined).length, tables.length * DC_BLOCKS.length);
      assertNoDefaultRoute(result);
    });

    it("gives the attachment subnets an ACL of only the external blocks' service ports and the replies", () => {
      const acl = named(result.resources, "external-tgw-nacl");
      const blocks = new Set((acl.inputs.ingress as { cidrBlock: string }[]).concat(acl.inputs.egress as { cidrBlock: string }[]).map((r) => r.cidrBlock));
      assert.deepEqual([...blocks].sort(), ["10.0.0.0/16", ...DC_BLOCKS]);
      const allows = (acl.inputs.ingress as { action: string; protocol: string; fromPort: number; toPort: number; cidrBlock: string }[]).filter((r) => r.action === "allow");
      assert.ok(allows.every((r) => r.protocol !== "-1"), "no all-traffic allow");
    });

    it("admits TCP 443 on the endpoints and TCP 1500 on the replication servers from each external block", () => {
      const endpoints = ingress(named(result.resources, "link-endpoints-sg"));
      for (const block of DC_BLOCKS) assert.ok(endpoints.includes(`tcp 443-443 ${block}`), `endpoint group admits 443 from ${block}: ${endpoints.join("; ")}`);
      const replication = ingress(named(result.resources, "replication-replication-sg"));
      for (const block of DC_BLOCKS) assert.ok(replication.includes(`tcp 1500-1500 ${block}`), `replication group admits 1500 from ${block}: ${replication.join("; ")}`);
      assert.ok(![...endpoints, ...replication].some((r) => / 53-53 /.test(r)), "no DNS without the resolver");
    });

    it("tells the network team the attachment, the commands with --endpoint and --s3-endpoint, and the firewall rules", () => {
      const entry = dc1(result);
      const attachment = named(result.resources, `external-${TGW}-attachment`);
      assert.deepEqual(entry.connection, { kind: "transit-gateway", transitGatewayId: TGW, transitGatewayAttachmentId: attachment.id });
      assert.equal(entry.region, "eu-west-2");
      assert.deepEqual(entry.cidrBlocks, DC_BLOCKS);
      assert.match(entry.linuxInstallCommand, new RegExp(`--endpoint ${result.outputs.drsEndpointDnsName.replace(/\./g, "\\.")} --s3-endpoint ${result.outputs.s3InterfaceEndpointDnsName.replace(/\./g, "\\.")}'$`));
      assert.ok(entry.linuxInstallCommand.startsWith(`${entry.connectivityCheckCommand} && `), "the check runs first");
      assert.doesNotMatch(entry.connectivityCheckCommand, /ec2/, "servers outside AWS never call EC2");
      assert.deepEqual(
        entry.firewallRules.filter((r) => r.destination.startsWith("10.")).map((r) => `${r.protocol} ${r.ports} ${r.destination}`),
        ["tcp 443 10.0.0.0/24", "tcp 443 10.0.1.0/24", "tcp 1500 10.0.0.0/24", "tcp 1500 10.0.1.0/24"],
      );
      assert.equal(entry.dnsForwarders, undefined);
      assert.equal(ofType(result.resources, TYPES.resolverEndpoint).length, 0);
    });
  });

  describe("over an existing virtual private gateway", () => {
    let result: SynthResult;
    before(async () => {
      result = await synth(config({ vpnGatewayId: VGW }));
    });

    it("attaches the given gateway to the staging VPC, creates no gateway or VPN, and routes each block to it", () => {
      const attachment = named(result.resources, "external-vgw-attachment");
      assert.equal(attachment.type, TYPES.vpnGatewayAttachment);
      assert.deepEqual([attachment.inputs.vpnGatewayId, attachment.inputs.vpcId, attachment.region], [VGW, result.outputs.stagingVpcId, "eu-west-2"]);
      for (const t of [TYPES.vpnGateway, TYPES.customerGateway, TYPES.vpnConnection, TYPES.tgwAttachment]) assert.equal(ofType(result.resources, t).length, 0, t);
      assert.deepEqual(externalRoutes(result), stagingTableIds(result).flatMap((t) => DC_BLOCKS.map((b) => `${t} ${b} ${VGW}`)).sort());
      assertNoDefaultRoute(result);
      assert.deepEqual(dc1(result).connection, { kind: "vpn-gateway", vpnGatewayId: VGW });
    });

    it("declares each route after the gateway is attached (AWS refuses a route to a detached gateway)", async () => {
      const { options } = await runMocked(() => drsSecuredNetwork(config({ vpnGatewayId: VGW })));
      const routes = Object.entries(options).filter(([name]) => /^external-rt-.*192-168/.test(name) || /^external-.*-192-168-0-0-20$/.test(name));
      assert.ok(routes.length > 0, `routes found: ${Object.keys(options).filter((n) => n.includes("192-168")).join(", ")}`);
      for (const [name, seen] of routes) assert.ok(seen.dependsOn.includes("external-vgw-attachment"), `${name} depends on ${seen.dependsOn.join(", ")}`);
    });
  });

  describe("over a created Site-to-Site VPN, with the inbound resolver (Pulumi.onprem.yaml's shape)", () => {
    let result: SynthResult;
    let run: Awaited<ReturnType<typeof runMocked>>;
    const onprem = () => ({
      drRegion: "eu-west-2",
      stagingVpcCidr: "10.0.0.0/16",
      replication: { enabled: true },
      sources: [{ name: "dc1", external: { cidrBlocks: DC_BLOCKS, connection: { siteToSiteVpn: { customerGatewayIp: "203.0.113.10", bgpAsn: 65010, staticRoutes: true } }, dns: "resolver" } }],
    });
    before(async () => {
      result = await synth(onprem());
      run = await runMocked(() => drsSecuredNetwork(onprem()));
    });

    it("creates the gateway, the customer gateway and a static-routed VPN toward the staging block", () => {
      const gateway = named(result.resources, "external-vgw");
      assert.equal(gateway.inputs.vpcId, result.outputs.stagingVpcId);
      const customer = named(result.resources, "external-cgw-203-0-113-10");
      assert.deepEqual([customer.inputs.ipAddress, customer.inputs.bgpAsn, customer.inputs.type, customer.region], ["203.0.113.10", "65010", "ipsec.1", "eu-west-2"]);
      const vpn = named(result.resources, "external-vpn-203-0-113-10");
      assert.deepEqual(
        [vpn.inputs.customerGatewayId, vpn.inputs.vpnGatewayId, vpn.inputs.staticRoutesOnly, vpn.inputs.remoteIpv4NetworkCidr],
        [customer.id, gateway.id, true, "10.0.0.0/16"],
      );
      assert.deepEqual(ofType(result.resources, TYPES.vpnConnectionRoute).map((r) => `${String(r.inputs.vpnConnectionId)} ${String(r.inputs.destinationCidrBlock)}`), DC_BLOCKS.map((b) => `${vpn.id} ${b}`));
      assert.deepEqual(externalRoutes(result), stagingTableIds(result).flatMap((t) => DC_BLOCKS.map((b) => `${t} ${b} ${gateway.id}`)).sort());
      assertNoDefaultRoute(result);
    });

    it("keeps the tunnels' keys secret and out of every output, and shows the tunnels' outside addresses", () => {
      assert.deepEqual([...new Set(run.options["external-vpn-203-0-113-10"].additionalSecretOutputs)].sort(), ["customerGatewayConfiguration", "tunnel1PresharedKey", "tunnel2PresharedKey"]);
      const vpn = named(result.resources, "external-vpn-203-0-113-10");
      const outputs = JSON.stringify(result.outputs);
      for (const key of [vpn.state.tunnel1PresharedKey, vpn.state.tunnel2PresharedKey]) {
        assert.equal(typeof key, "string");
        assert.ok(!outputs.includes(String(key)), "a pre-shared key is in the outputs");
      }
      assert.deepEqual(dc1(result).connection, {
        kind: "site-to-site-vpn",
        vpnGatewayId: named(result.resources, "external-vgw").id,
        vpnConnectionId: vpn.id,
        customerGatewayId: named(result.resources, "external-cgw-203-0-113-10").id,
        tunnelOutsideAddresses: [vpn.state.tunnel1Address, vpn.state.tunnel2Address],
      });
    });

    it("puts an inbound resolver in two staging subnets behind a group open to DNS from the external blocks only", () => {
      const endpoint = named(result.resources, "external-resolver");
      assert.deepEqual([endpoint.inputs.direction, endpoint.inputs.protocols, endpoint.region], ["INBOUND", ["Do53"], "eu-west-2"]);
      assert.deepEqual((endpoint.inputs.ipAddresses as { subnetId: string }[]).map((a) => a.subnetId), result.outputs.stagingSubnetIds);
      const group = named(result.resources, "external-resolver-sg");
      assert.deepEqual(endpoint.inputs.securityGroupIds, [group.id]);
      assert.deepEqual(ingress(group).sort(), DC_BLOCKS.flatMap((b) => [`tcp 53-53 ${b}`, `udp 53-53 ${b}`]).sort());
      assert.deepEqual(group.inputs.egress, []);
    });

    it("gives the S3 interface endpoint private DNS for inbound-resolver traffic only, after the gateway endpoint", () => {
      const s3 = ofType(result.resources, T.endpoint).find((e) => e.inputs.vpcEndpointType === "Interface" && String(e.inputs.serviceName).endsWith(".s3"));
      assert.ok(s3 !== undefined);
      assert.equal(s3.inputs.privateDnsEnabled, true);
      assert.deepEqual(s3.inputs.dnsOptions, { privateDnsOnlyForInboundResolverEndpoint: true });
      const gateway = ofType(result.resources, T.endpoint).find((e) => e.inputs.vpcEndpointType === "Gateway");
      assert.ok(gateway !== undefined && run.options[s3.name].dependsOn.includes(gateway.name), `${s3.name} waits for ${gateway?.name}`);
    });

    it("uses AWS's own names in the commands and lists the DNS forwarders and the DNS firewall rules", () => {
      const entry = dc1(result);
      const addresses = ((named(result.resources, "external-resolver").state.ipAddresses as { ip: string }[]) ?? []).map((a) => a.ip);
      assert.equal(addresses.length, 2);
      assert.match(entry.linuxInstallCommand, /sudo \.\/aws-replication-installer-init --region eu-west-2'$/);
      assert.doesNotMatch(entry.linuxInstallCommand, /--endpoint|--s3-endpoint|vpce/);
      assert.match(entry.linuxInstallCommand, /https:\/\/aws-elastic-disaster-recovery-eu-west-2\.s3\.eu-west-2\.amazonaws\.com\/latest\/linux\/aws-replication-installer-init;/);
      assert.deepEqual(entry.dnsForwarders, [
        { domain: "drs.eu-west-2.amazonaws.com", targets: addresses },
        { domain: "s3.eu-west-2.amazonaws.com", targets: addresses },
      ]);
      assert.deepEqual(
        entry.firewallRules.filter((r) => r.ports === "53").map((r) => `${r.protocol} ${r.destination}`),
        addresses.flatMap((a) => [`udp ${a}/32`, `tcp ${a}/32`]),
      );
    });

    it("leaves the flat source outputs empty without a source VPC, and gives the data centre's commands", () => {
      assert.deepEqual([result.outputs.sourceVpcId, result.outputs.sourceSubnetIds, result.outputs.peeringConnectionId, result.outputs.sourceRegion], ["", [], "", "eu-west-2"]);
      assert.equal(result.outputs.linuxInstallCommand, dc1(result).linuxInstallCommand);
      assert.equal(ofType(result.resources, T.peering).length, 0);
      assert.equal(result.outputs.sourceServerSecurityGroupId, undefined);
    });
  });
});
