import * as assert from "node:assert/strict";
import { join } from "node:path";
import { loadStack, offlineAccount } from "../synth/cli";
import { DRS_SERVICE_ROLES } from "../lib/drsServiceRoles";
import { connectivityCheckCommand, endpointProbes, installerBucket, linuxInstallCommand, windowsInstallCommand } from "../lib/installer";
import * as pulumi from "@pulumi/pulumi";
import { drsSecuredNetwork, OPTIONAL_STACK_OUTPUT_NAMES, STACK_OUTPUT_NAMES } from "../program";
import { ConfigError, parseSettings, projectConfig } from "../settings";
import { verifyNetwork } from "../lib/verifier";
import { estimateMonthlyCost } from "../lib/cost";
import { emptyAccount, FAKE_ACCOUNT, FakeAccount } from "../synth/awsMocks";
import { declaredResources, named, ofType, runMocked, synth, synthError, synthFromPulumiConfig, SynthResource, SynthResult, T } from "../synth/run";

/** Run the program on Pulumi config with `secretKeys` marked secret, expecting it to throw; the error. */
async function synthErrorFromPulumiConfig(config: Record<string, string>, secretKeys: string[]): Promise<{ error: unknown }> {
  try {
    await runMocked(async () => {
      pulumi.runtime.setAllConfig(config, secretKeys);
      try {
        return await drsSecuredNetwork();
      } finally {
        pulumi.runtime.setAllConfig({});
      }
    });
  } catch (error) {
    return { error };
  }
  throw new Error("expected the program to throw");
}

const ROOT = join(__dirname, "..");

/** Pulumi.dev.yaml's config as the Pulumi CLI hands it to the program: strings, objects as JSON. */
function devStackConfig(stack = "dev"): Record<string, string> {
  return loadStack(ROOT, { stack }).config;
}

/** Resource types that would give a VPC a path to or from the internet. */
const INTERNET_FACING = [
  "aws:ec2/internetGateway:InternetGateway",
  "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
  "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/eip:Eip",
  "aws:ec2/eipAssociation:EipAssociation",
  "aws:ec2/vpnGateway:VpnGateway",
  "aws:ec2/customerGateway:CustomerGateway",
  "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
];

/** Checks that hold for every valid config: the secure-by-construction rules. */
function assertIsolated(result: SynthResult): void {
  const { resources } = result;
  for (const r of resources) {
    assert.ok(!INTERNET_FACING.includes(r.type), `${r.name} is a ${r.type}`);
    if (r.custom) {
      // DRS initialization is a dynamic resource: it runs no AWS provider and names its region itself.
      const dynamic = r.type.startsWith("pulumi-nodejs:dynamic") && typeof r.inputs.region === "string";
      assert.ok(r.type.startsWith("pulumi:providers:") || dynamic || r.region !== undefined, `${r.name} has no explicit provider`);
    }
  }
  for (const subnet of ofType(resources, T.subnet)) {
    assert.equal(subnet.inputs.mapPublicIpOnLaunch, false, subnet.name);
  }
  for (const table of ofType(resources, T.routeTable)) {
    assert.equal(table.inputs.routes, undefined, `${table.name} declares inline routes`);
  }
  for (const route of ofType(resources, T.route)) {
    assert.notEqual(route.inputs.destinationCidrBlock, "0.0.0.0/0", route.name);
    assert.equal(route.inputs.destinationIpv6CidrBlock, undefined, route.name);
    for (const target of ["gatewayId", "natGatewayId", "egressOnlyGatewayId", "transitGatewayId", "networkInterfaceId", "carrierGatewayId"]) {
      assert.equal(route.inputs[target], undefined, `${route.name} targets ${target}`);
    }
    assert.match(String(route.inputs.vpcPeeringConnectionId), /^pcx-/, route.name);
  }
  for (const sg of [...ofType(resources, T.securityGroup), ...ofType(resources, T.defaultSecurityGroup)]) {
    for (const rule of [...((sg.inputs.ingress as { cidrBlocks?: string[]; ipv6CidrBlocks?: string[] }[]) ?? []), ...((sg.inputs.egress as { cidrBlocks?: string[] }[]) ?? [])]) {
      assert.ok(!(rule.cidrBlocks ?? []).includes("0.0.0.0/0"), `${sg.name} is open to 0.0.0.0/0`);
      assert.equal((rule as { ipv6CidrBlocks?: string[] }).ipv6CidrBlocks, undefined, sg.name);
    }
  }
}

/**
 * Every output, exactly, as it must follow from the declared resources: ids from the resources the mocks answered,
 * DNS names from the endpoints' first `dnsEntries` entry, commands from the builders (which installer.spec pins).
 */
function expectedOutputs(
  result: SynthResult,
  source: { vpcId: string; subnetIds: string[]; routeTableIds: string[] } | "created",
  drsDnsMode: "endpoint-flag" | "private-hosted-zone",
) {
  const { resources } = result;
  const regional = (name: string) => (named(resources, name).state.dnsEntries as { dnsName: string }[])[0].dnsName.replace(/^\*\./, "");
  const idsOf = (prefix: string) => ofType(resources, T.subnet).filter((r) => r.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name)).map((r) => r.id);
  const peering = named(resources, "link-peering");
  const drRegion = String(peering.inputs.peerRegion);
  const drs = regional("link-drs-endpoint");
  const ec2 = regional("link-ec2-endpoint");
  const s3 = regional("link-s3-endpoint");
  const target = { drRegion, drsEndpointDnsName: drs, s3EndpointDnsName: s3, drsDnsMode };
  const replication = resources.some((r) => r.name === "replication-template");
  return {
    sourceRegion: peering.region,
    drRegion,
    sourceVpcId: source === "created" ? named(resources, "source-vpc").id : source.vpcId,
    stagingVpcId: named(resources, "staging-vpc").id,
    sourceSubnetIds: source === "created" ? idsOf("source-subnet-") : source.subnetIds,
    stagingSubnetIds: idsOf("staging-subnet-"),
    sourceRouteTableIds: source === "created" ? [named(resources, "source-rt").id] : source.routeTableIds,
    stagingRouteTableIds: [named(resources, "staging-rt").id],
    peeringConnectionId: peering.id,
    endpointSecurityGroupId: named(resources, "link-endpoints-sg").id,
    drsEndpointDnsName: drs,
    ec2EndpointDnsName: ec2,
    s3InterfaceEndpointDnsName: s3,
    s3GatewayEndpointId: named(resources, "link-s3-gateway-endpoint").id,
    linuxInstallerUrl: `https://${installerBucket(drRegion)}.bucket.${s3}/latest/linux/aws-replication-installer-init`,
    windowsInstallerUrl: `https://${installerBucket(drRegion)}.bucket.${s3}/latest/windows/AwsReplicationWindowsInstaller.exe`,
    linuxInstallCommand: linuxInstallCommand(target),
    windowsInstallCommand: windowsInstallCommand(target),
    connectivityCheckCommand: connectivityCheckCommand(endpointProbes({ ...target, ec2EndpointDnsName: ec2 })),
    ...(replication
      ? {
          replicationSecurityGroupId: named(resources, "replication-replication-sg").id,
          sourceServerSecurityGroupId: named(resources, "replication-source-server-sg").id,
          replicationTemplateId: named(resources, "replication-template").id,
        }
      : {}),
    ...(drsDnsMode === "private-hosted-zone" ? { drsPrivateHostedZoneId: named(resources, "link-drs-zone").state.zoneId } : {}),
    ...(resources.some((r) => r.name === "recovery-launch-configuration-template")
      ? {
          recoveryVpcId: named(resources, "recovery-vpc").id,
          recoverySubnetIds: idsOf("recovery-subnet-"),
          recoverySecurityGroupId: named(resources, "recovery-instances-sg").id,
          launchConfigurationTemplateId: named(resources, "recovery-launch-configuration-template").state.launchConfigurationTemplateId,
          defaultLaunchTemplateId: named(resources, "recovery-default-launch-template").id,
        }
      : {}),
    ...(resources.some((r) => r.type === "aws:sns/topic:Topic")
      ? {
          readinessTopicArn: ofType(resources, "aws:sns/topic:Topic")[0].id,
          // In the order the component names them: lag, backlog, drill.
          readinessAlarmNames: ["lag-over-rpo", "backlog-growing", "drill-overdue"].map((k) => String(ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").find((a) => String(a.id).endsWith(k))?.id)),
          readinessRuleNames: ofType(resources, "aws:cloudwatch/eventRule:EventRule").map((r) => r.id),
        }
      : {}),
  };
}

/** name -> region of every custom resource but the providers. */
function regionsByName(resources: readonly SynthResource[]): Record<string, string | undefined> {
  return Object.fromEntries(resources.filter((r) => r.custom && r.type !== T.provider).map((r) => [r.name, r.region]).sort());
}

describe("program (end to end under the mock runtime)", () => {
  describe("the dev stack: eu-west-1 to eu-west-2, read from Pulumi.dev.yaml as pulumi up reads it", () => {
    let dev: SynthResult;
    before(async () => {
      dev = await synthFromPulumiConfig(devStackConfig());
    });

    it("makes two explicit providers, one per region, carrying the stack's tags as default tags", () => {
      const providers = ofType(dev.resources, T.provider).map((p) => ({ name: p.name, region: p.inputs.region, defaultTags: JSON.parse(String(p.inputs.defaultTags)) }));
      const tags = { tags: { Project: "drs-secured-network", Environment: "dev" } };
      assert.deepEqual(providers, [
        { name: "aws-source", region: "eu-west-1", defaultTags: tags },
        { name: "aws-dr", region: "eu-west-2", defaultTags: tags },
      ]);
    });

    it("puts every resource in the right region through its provider", () => {
      const source = "eu-west-1";
      const dr = "eu-west-2";
      assert.deepEqual(regionsByName(dev.resources), {
        "link-drs-alias": dr,
        "link-drs-endpoint": dr,
        "link-drs-zone": dr,
        "link-ec2-endpoint": dr,
        "link-endpoints-sg": dr,
        "link-peering": source,
        "link-peering-accepter": dr,
        "link-s3-endpoint": dr,
        "link-s3-gateway-endpoint": dr,
        "link-source-rt-to-staging": source,
        "link-staging-rt-to-source": dr,
        "source-default-nacl": source,
        "source-default-sg": source,
        "source-flow-log": source,
        "source-flow-logs": source,
        "source-flow-logs-policy": source,
        "source-flow-logs-role": source,
        "source-rt": source,
        "source-s3-gateway-endpoint": source,
        "source-subnet-0": source,
        "source-subnet-0-rt": source,
        "source-subnet-1": source,
        "source-subnet-1-rt": source,
        "source-vpc": source,
        "staging-default-nacl": dr,
        "staging-default-sg": dr,
        "staging-flow-log": dr,
        "staging-flow-logs": dr,
        "staging-flow-logs-policy": dr,
        "staging-flow-logs-role": dr,
        "staging-nacl": dr,
        "staging-rt": dr,
        "staging-subnet-0": dr,
        "staging-subnet-0-rt": dr,
        "staging-subnet-1": dr,
        "staging-subnet-1-rt": dr,
        "staging-vpc": dr,
      });
    });

    it("has the three components, each child under its own", () => {
      const components = dev.resources.filter((r) => !r.custom).map((r) => `${r.type}::${r.name}`).sort();
      assert.deepEqual(components, [
        "drs-secured-network:link:Link::link",
        "drs-secured-network:sourceVpc:SourceVpc::source",
        "drs-secured-network:stagingVpc:StagingVpc::staging",
      ]);
      for (const r of dev.resources.filter((x) => x.custom && x.type !== T.provider)) {
        const component = r.name.startsWith("source-") ? "sourceVpc:SourceVpc" : r.name.startsWith("staging-") ? "stagingVpc:StagingVpc" : "link:Link";
        assert.ok(r.urn.includes(`::drs-secured-network:${component}$`), `${r.name}: ${r.urn}`);
      }
    });

    it("has nothing that faces the internet", () => assertIsolated(dev));

    it("lays out the blog's blocks: 10.1.0.0/16 and 10.0.0.0/16 with a /24 per zone in the first two zones", () => {
      const subnets = ofType(dev.resources, T.subnet).map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZone]);
      assert.deepEqual(subnets.sort(), [
        ["source-subnet-0", "10.1.0.0/24", "eu-west-1a"],
        ["source-subnet-1", "10.1.1.0/24", "eu-west-1b"],
        ["staging-subnet-0", "10.0.0.0/24", "eu-west-2a"],
        ["staging-subnet-1", "10.0.1.0/24", "eu-west-2b"],
      ]);
      assert.equal(named(dev.resources, "source-vpc").inputs.cidrBlock, "10.1.0.0/16");
      assert.equal(named(dev.resources, "staging-vpc").inputs.cidrBlock, "10.0.0.0/16");
    });

    it("peers the source VPC to the staging VPC across the regions and routes only the peer blocks", () => {
      const peering = named(dev.resources, "link-peering");
      assert.deepEqual(
        [peering.region, peering.inputs.vpcId, peering.inputs.peerVpcId, peering.inputs.peerRegion],
        ["eu-west-1", named(dev.resources, "source-vpc").id, named(dev.resources, "staging-vpc").id, "eu-west-2"],
      );
      const accepter = named(dev.resources, "link-peering-accepter");
      assert.deepEqual([accepter.region, accepter.inputs.vpcPeeringConnectionId, accepter.inputs.autoAccept], ["eu-west-2", peering.id, true]);
      const routes = ofType(dev.resources, T.route).map((r) => [r.region, r.inputs.routeTableId, r.inputs.destinationCidrBlock, r.inputs.vpcPeeringConnectionId]);
      assert.deepEqual(routes.sort(), [
        ["eu-west-1", named(dev.resources, "source-rt").id, "10.0.0.0/16", peering.id],
        ["eu-west-2", named(dev.resources, "staging-rt").id, "10.1.0.0/16", peering.id],
      ]);
    });

    it("creates the blog's four endpoints in the staging VPC", () => {
      const stagingVpc = named(dev.resources, "staging-vpc").id;
      const staging = [0, 1].map((i) => named(dev.resources, `staging-subnet-${i}`).id);
      const endpoints = ofType(dev.resources, T.endpoint).map((e) => ({
        name: e.name,
        vpcId: e.inputs.vpcId,
        serviceName: e.inputs.serviceName,
        type: e.inputs.vpcEndpointType,
        subnetIds: e.inputs.subnetIds,
        routeTableIds: e.inputs.routeTableIds,
      }));
      assert.deepEqual(endpoints.sort((a, b) => a.name.localeCompare(b.name)), [
        { name: "link-drs-endpoint", vpcId: stagingVpc, serviceName: "com.amazonaws.eu-west-2.drs", type: "Interface", subnetIds: staging, routeTableIds: undefined },
        { name: "link-ec2-endpoint", vpcId: stagingVpc, serviceName: "com.amazonaws.eu-west-2.ec2", type: "Interface", subnetIds: staging, routeTableIds: undefined },
        { name: "link-s3-endpoint", vpcId: stagingVpc, serviceName: "com.amazonaws.eu-west-2.s3", type: "Interface", subnetIds: staging, routeTableIds: undefined },
        { name: "link-s3-gateway-endpoint", vpcId: stagingVpc, serviceName: "com.amazonaws.eu-west-2.s3", type: "Gateway", subnetIds: undefined, routeTableIds: [named(dev.resources, "staging-rt").id] },
        // Not the blog's: the source VPC's own gateway endpoint, for the OS package repositories.
        { name: "source-s3-gateway-endpoint", vpcId: named(dev.resources, "source-vpc").id, serviceName: "com.amazonaws.eu-west-1.s3", type: "Gateway", subnetIds: undefined, routeTableIds: [named(dev.resources, "source-rt").id] },
      ]);
    });

    it("admits HTTPS to the endpoints only from 10.1.0.0/16 and the two staging subnets", () => {
      const sg = named(dev.resources, "link-endpoints-sg");
      const rules = (sg.inputs.ingress as { protocol: string; fromPort: number; toPort: number; cidrBlocks: string[] }[]).map((r) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks]);
      assert.deepEqual(rules, [
        ["tcp", 443, 443, ["10.1.0.0/16"]],
        ["tcp", 443, 443, ["10.0.0.0/24"]],
        ["tcp", 443, 443, ["10.0.1.0/24"]],
      ]);
      assert.deepEqual(sg.inputs.egress, []);
      for (const name of ["source-default-sg", "staging-default-sg"]) {
        assert.deepEqual([named(dev.resources, name).inputs.ingress, named(dev.resources, name).inputs.egress], [[], []]);
      }
    });

    it("looks up each region's zones, and the DR region's endpoint services, through the right provider", () => {
      const quotaReads = ["getServiceQuota", "getVpcs", "getVpcPeeringConnections"];
      const lookups = dev.invokes
        .map((i) => [i.token.split(":").pop(), i.provider?.split("::")[3], i.inputs.serviceName ?? i.inputs.state])
        .filter(([token]) => !quotaReads.includes(String(token)));
      assert.deepEqual(lookups.sort(), [
        ["getAvailabilityZones", "aws-dr", "available"],
        ["getAvailabilityZones", "aws-source", "available"],
        // The DR side's: for the endpoint policies (the stack's account), and for its flow logs' role; the source's for its own.
        ["getCallerIdentity", "aws-dr", undefined],
        ["getCallerIdentity", "aws-dr", undefined],
        ["getCallerIdentity", "aws-source", undefined],
        ["getVpcEndpointService", "aws-dr", "com.amazonaws.eu-west-2.drs"],
        ["getVpcEndpointService", "aws-dr", "com.amazonaws.eu-west-2.ec2"],
        ["getVpcEndpointService", "aws-dr", "com.amazonaws.eu-west-2.s3"],
      ]);
    });

    it("exports exactly the documented outputs, with these values", () => {
      assert.deepEqual(Object.keys(dev.outputs), [...STACK_OUTPUT_NAMES, "drsPrivateHostedZoneId"]);
      const drs = "vpce-977f202c24a5d7730-9a015368.drs.eu-west-2.vpce.amazonaws.com";
      const ec2 = "vpce-b11e8c5c4ca5b3b76-10a3e0d7.ec2.eu-west-2.vpce.amazonaws.com";
      const s3 = "vpce-20b046ce0e04267b3-185bdf50.s3.eu-west-2.vpce.amazonaws.com";
      // The default DNS mode: DRS's regional name from the private hosted zone, so the commands carry no --endpoint.
      const target = { drRegion: "eu-west-2", drsEndpointDnsName: drs, s3EndpointDnsName: s3, drsDnsMode: "private-hosted-zone" as const };
      assert.deepEqual(dev.outputs, {
        sourceRegion: "eu-west-1",
        drRegion: "eu-west-2",
        sourceVpcId: "vpc-2d52658a0325534e3",
        stagingVpcId: "vpc-de876bf043360fdf3",
        sourceSubnetIds: ["subnet-4a8767f9acb51c939", "subnet-8adc0b9311982a289"],
        stagingSubnetIds: ["subnet-e276260f56819e34c", "subnet-fa51d249f81eee9f6"],
        sourceRouteTableIds: ["rtb-dcca3bb4053df6765"],
        stagingRouteTableIds: ["rtb-60d6e89ba3cd29fa7"],
        peeringConnectionId: "pcx-657585a6c02bdeabd",
        endpointSecurityGroupId: "sg-c44385fc8975f2ece",
        drsEndpointDnsName: drs,
        ec2EndpointDnsName: ec2,
        s3InterfaceEndpointDnsName: s3,
        s3GatewayEndpointId: "vpce-ee418eb4503a571c1",
        linuxInstallerUrl: `https://aws-elastic-disaster-recovery-eu-west-2.bucket.${s3}/latest/linux/aws-replication-installer-init`,
        windowsInstallerUrl: `https://aws-elastic-disaster-recovery-eu-west-2.bucket.${s3}/latest/windows/AwsReplicationWindowsInstaller.exe`,
        linuxInstallCommand: linuxInstallCommand(target),
        windowsInstallCommand: windowsInstallCommand(target),
        connectivityCheckCommand: connectivityCheckCommand(endpointProbes({ ...target, ec2EndpointDnsName: ec2 })),
        drsPrivateHostedZoneId: "Z910E3BF7090BA1D3EFC3",
      });
      assert.doesNotMatch(dev.outputs.linuxInstallCommand, /--endpoint /);
      // The literal ids are the mock's; they must be the ones the resources got.
      assert.deepEqual(dev.outputs, expectedOutputs(dev, "created", "private-hosted-zone"));
    });

    it("puts no credential or secret in any output", () => {
      const text = JSON.stringify(dev.outputs);
      assert.doesNotMatch(text, /AKIA|aws-secret-access-key|aws-access-key-id|session-token|password/i);
    });
  });

  describe("the dev-drs stack: replication over the peering, DRS's name from a private hosted zone, the recovery side", () => {
    let drs: SynthResult;
    before(async () => {
      drs = await synthFromPulumiConfig(devStackConfig("dev-drs"));
    });

    it("has nothing that faces the internet", () => assertIsolated(drs));

    it("adds the replication groups, the template, DRS's service roles (a fresh account), DRS initialization in both regions, and the zone", () => {
      const added = Object.entries(regionsByName(drs.resources)).filter(([name]) => name.startsWith("replication-") || name.startsWith("link-drs-"));
      const roles = ["agent", "conversion-server", "failback", "recovery-instance", "recovery-instance-with-launch-actions", "replication-server"];
      assert.deepEqual(added, [
        ["link-drs-alias", "eu-west-2"],
        ["link-drs-endpoint", "eu-west-2"],
        ["link-drs-zone", "eu-west-2"],
        ...roles.flatMap((r) => [
          [`replication-${r}-role`, "eu-west-2"],
          [`replication-${r}-role-policy`, "eu-west-2"],
          ...(r === "recovery-instance-with-launch-actions" ? [[`replication-${r}-role-policy-2`, "eu-west-2"]] : []),
        ]),
        ["replication-drs-init-dr", undefined],
        ["replication-drs-init-source", undefined],
        ["replication-replication-sg", "eu-west-2"],
        ["replication-source-server-sg", "eu-west-1"],
        ["replication-template", "eu-west-2"],
      ].sort());
      assert.deepEqual(
        drs.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => r.inputs.region),
        ["eu-west-2", "eu-west-1"],
      );
      assert.match(named(drs.resources, "replication-template").urn, /::drs-secured-network:replication:Replication\$aws:drs/);
    });

    it("gives the template the staging area subnet and the replication group", () => {
      const template = named(drs.resources, "replication-template");
      assert.equal(template.inputs.stagingAreaSubnetId, named(drs.resources, "staging-subnet-0").id);
      assert.deepEqual(template.inputs.replicationServersSecurityGroupsIds, [named(drs.resources, "replication-replication-sg").id]);
      assert.deepEqual(template.inputs.stagingAreaTags, { Purpose: "drs-staging" });
      const egress = named(drs.resources, "replication-replication-sg").inputs.egress as { securityGroups?: string[]; prefixListIds?: string[] }[];
      assert.deepEqual(egress[0].securityGroups, [named(drs.resources, "link-endpoints-sg").id]);
      assert.deepEqual(egress[1].prefixListIds, [named(drs.resources, "link-s3-gateway-endpoint").state.prefixListId]);
      const sourceEgress = named(drs.resources, "replication-source-server-sg").inputs.egress as { prefixListIds?: string[] }[];
      assert.deepEqual(sourceEgress[2].prefixListIds, [named(drs.resources, "source-s3-gateway-endpoint").state.prefixListId]);
    });

    it("exports the replication, zone and recovery outputs, and install commands without --endpoint", () => {
      assert.deepEqual(Object.keys(drs.outputs), [...STACK_OUTPUT_NAMES, ...OPTIONAL_STACK_OUTPUT_NAMES.filter((n) => n !== "sourceNetworks" && n !== "failbackNetworks" && !n.startsWith("agentRollout") && n !== "quotaIncreaseRequests")]);
      assert.deepEqual(drs.outputs, expectedOutputs(drs, "created", "private-hosted-zone"));
      assert.doesNotMatch(drs.outputs.linuxInstallCommand, /--endpoint /);
      assert.doesNotMatch(drs.outputs.windowsInstallCommand, /--endpoint /);
      assert.match(drs.outputs.connectivityCheckCommand, /for target in drs=drs\.eu-west-2\.amazonaws\.com ec2=/);
      assert.match(String(drs.outputs.drsPrivateHostedZoneId), /^Z[0-9A-F]{20}$/);
    });

    it("leaves the replication and sources outputs out of the dev stack, which has only the zone's", async () => {
      const dev = await synthFromPulumiConfig(devStackConfig());
      for (const name of OPTIONAL_STACK_OUTPUT_NAMES) assert.equal(name in dev.outputs, name === "drsPrivateHostedZoneId", name);
    });
  });

  describe("many sources: three source VPCs, one adopted, into one staging VPC", () => {
    const app = { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" };
    const db = { name: "db", region: "eu-central-1", vpcCidr: "10.2.0.0/16" };
    const legacy = { name: "legacy", region: "eu-west-1", vpc: { vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-0123456789abcdef0"] } };
    const account: FakeAccount = {
      ...emptyAccount(),
      vpcs: { "vpc-0123456789abcdef0": { region: "eu-west-1", cidrBlocks: ["172.20.0.0/16"] } },
      routeTables: { "rtb-0123456789abcdef0": { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" } },
    };
    const config = (sources: object[]) => ({ drRegion: "eu-west-2", drsDnsMode: "private-hosted-zone", replication: { enabled: true, failback: true }, sources });
    let three: SynthResult;
    before(async () => {
      three = await synth(config([app, db, legacy]), account);
    });

    it("has nothing that faces the internet", () => assertIsolated(three));

    it("gives each source its provider, VPC, peering and routes, named after it", () => {
      const providers = ofType(three.resources, T.provider).map((p) => `${p.name}:${p.inputs.region}`);
      assert.deepEqual(providers, ["aws-source-app:eu-west-1", "aws-source-db:eu-central-1", "aws-source-legacy:eu-west-1", "aws-dr:eu-west-2"]);
      // Registration order follows the data, not the config: sort.
      const peerings = ofType(three.resources, T.peering).map((p) => `${p.name}@${p.region}->${p.inputs.peerRegion}`).sort();
      assert.deepEqual(peerings, ["link-app-peering@eu-west-1->eu-west-2", "link-db-peering@eu-central-1->eu-west-2", "link-legacy-peering@eu-west-1->eu-west-2"]);
      const routes = ofType(three.resources, T.route).map((r) => `${r.name}:${r.inputs.destinationCidrBlock}`).sort();
      assert.deepEqual(routes, [
        "link-app-source-rt-to-staging:10.0.0.0/16",
        "link-db-source-rt-to-staging:10.0.0.0/16",
        "link-legacy-source-rtb-0123456789abcdef0-to-staging:10.0.0.0/16",
        "link-staging-rt-to-app:10.1.0.0/16",
        "link-staging-rt-to-db:10.2.0.0/16",
        "link-staging-rt-to-legacy:172.20.0.0/16",
      ]);
      assert.deepEqual(ofType(three.resources, T.vpc).map((v) => v.name), ["source-app-vpc", "source-db-vpc", "staging-vpc"]);
    });

    it("admits each source block at the endpoints, the replication servers and the network ACL, and associates every VPC with the zone", () => {
      const ingress = (name: string) => (named(three.resources, name).inputs.ingress as { cidrBlocks?: string[]; cidrBlock?: string }[]).map((r) => r.cidrBlocks?.[0] ?? r.cidrBlock);
      assert.deepEqual(ingress("link-endpoints-sg").slice(0, 3), ["10.1.0.0/16", "10.2.0.0/16", "172.20.0.0/16"]);
      assert.deepEqual(ingress("replication-replication-sg"), ["10.1.0.0/16", "10.2.0.0/16", "172.20.0.0/16"]);
      assert.deepEqual(ingress("staging-nacl").slice(0, 6), ["10.1.0.0/16", "10.1.0.0/16", "10.2.0.0/16", "10.2.0.0/16", "172.20.0.0/16", "172.20.0.0/16"]);
      const zoneVpcs = (named(three.resources, "link-drs-zone").inputs.vpcs as { vpcRegion: string }[]).map((v) => v.vpcRegion);
      assert.deepEqual(zoneVpcs, ["eu-west-2", "eu-west-1", "eu-central-1", "eu-west-1"]);
      assert.deepEqual(
        ofType(three.resources, T.securityGroup).filter((g) => g.name.endsWith("source-server-sg")).map((g) => `${g.name}@${g.region}`).sort(),
        ["replication-app-source-server-sg@eu-west-1", "replication-db-source-server-sg@eu-central-1", "replication-legacy-source-server-sg@eu-west-1"],
      );
      assert.deepEqual(
        three.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => `${r.name}:${r.inputs.region}`),
        ["replication-drs-init-dr:eu-west-2", "replication-drs-init-eu-west-1:eu-west-1", "replication-drs-init-eu-central-1:eu-central-1"],
      );
    });

    it("describes every source in sourceNetworks, and the first in the flat outputs", () => {
      const networks = three.outputs.sourceNetworks as unknown as Record<string, { region: string; vpcId: string; peeringConnectionId: string; sourceServerSecurityGroupId: string }>;
      assert.deepEqual(Object.keys(networks), ["app", "db", "legacy"]);
      assert.equal(networks.legacy.vpcId, "vpc-0123456789abcdef0");
      assert.equal(networks.db.region, "eu-central-1");
      assert.equal(networks.db.peeringConnectionId, named(three.resources, "link-db-peering").id);
      assert.equal(networks.app.sourceServerSecurityGroupId, named(three.resources, "replication-app-source-server-sg").id);
      assert.equal(three.outputs.sourceVpcId, named(three.resources, "source-app-vpc").id);
      assert.equal(three.outputs.sourceRegion, "eu-west-1");
    });

    it("never replaces another source's resources when a source is added or removed", async () => {
      const urns = (r: SynthResult) => new Set(r.resources.filter((x) => x.custom || x.type.startsWith("drs-secured-network:")).map((x) => x.urn));
      const withoutDb = urns(await synth(config([app, legacy]), account));
      const all = urns(three);
      const dbOnly = [...all].filter((u) => !withoutDb.has(u));
      assert.ok([...withoutDb].every((u) => all.has(u)), "removing db renamed another source's resources");
      assert.ok(dbOnly.every((u) => /(source-db|link-db|-to-db|replication-db|drs-init-eu-central-1|aws-source-db)/.test(u)), dbOnly.join("\n"));
    });
  });

  describe("other accounts: three sources, two accounts", () => {
    const role = (account: string) => ({ assumeRoleArn: `arn:aws:iam::${account}:role/drs-deployer` });
    const config = {
      drRegion: "eu-west-2",
      drsDnsMode: "private-hosted-zone",
      drProvider: role("222222222222"),
      replication: { enabled: true },
      sources: [
        { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16", provider: role("111111111111") },
        // No account in the config: looked up through the provider (the mock answers the role's account).
        { name: "db", region: "eu-central-1", vpcCidr: "10.2.0.0/16", provider: { profile: "workloads" } },
        { name: "ops", region: "eu-west-1", vpcCidr: "10.3.0.0/16", provider: role("222222222222") },
      ],
    };
    let accounts: SynthResult;
    before(async () => {
      accounts = await synth(config);
    });

    it("has nothing that faces the internet, and passes every verdict", () => {
      assertIsolated(accounts);
      const verdicts = verifyNetwork(declaredResources(accounts.resources));
      assert.deepEqual(verdicts.filter((v) => !v.passed), []);
    });

    it("gives each side's provider its role or profile", () => {
      const providers = Object.fromEntries(ofType(accounts.resources, T.provider).map((p) => [p.name, [p.inputs.profile, JSON.parse(String(p.inputs.assumeRoles ?? "[]"))[0]?.roleArn]]));
      assert.deepEqual(providers, {
        "aws-source-app": [undefined, "arn:aws:iam::111111111111:role/drs-deployer"],
        "aws-source-db": ["workloads", undefined],
        "aws-source-ops": [undefined, "arn:aws:iam::222222222222:role/drs-deployer"],
        "aws-dr": [undefined, "arn:aws:iam::222222222222:role/drs-deployer"],
      });
    });

    it("names the DR account as peer owner for the sources of another account only", () => {
      const owners = Object.fromEntries(ofType(accounts.resources, T.peering).map((p) => [p.name, p.inputs.peerOwnerId]));
      // db's account is the mock's default (123456789012): another account than DR's too.
      assert.deepEqual(owners, { "link-app-peering": "222222222222", "link-db-peering": "222222222222", "link-ops-peering": undefined });
      // Every source's flow logs look the account up once; db's is also looked up for the peering, being the only
      // account the config does not give.
      const lookups = accounts.invokes.filter((i) => i.token.endsWith("getCallerIdentity")).map((i) => i.provider?.split("::")[3] ?? "");
      const count = (name: string) => lookups.filter((n) => n === name).length;
      assert.deepEqual([count("aws-source-app"), count("aws-source-db"), count("aws-source-ops")], [1, 2, 1]);
    });

    it("authorizes and associates the zone across accounts", () => {
      const zone = named(accounts.resources, "link-drs-zone");
      assert.deepEqual((zone.inputs.vpcs as { vpcId: string }[]).map((v) => v.vpcId), [named(accounts.resources, "staging-vpc").id]);
      const authorizations = accounts.resources.filter((r) => r.type === "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization").map((r) => `${r.name}@${r.region}`).sort();
      assert.deepEqual(authorizations, ["link-app-drs-zone-authorization@eu-west-2", "link-db-drs-zone-authorization@eu-west-2"]);
      const associations = accounts.resources.filter((r) => r.type === "aws:route53/zoneAssociation:ZoneAssociation").map((r) => `${r.name}@${r.region}`).sort();
      assert.deepEqual(associations, ["link-app-drs-zone-association@eu-west-1", "link-db-drs-zone-association@eu-central-1", "link-ops-drs-zone-association@eu-west-1"]);
    });

    it("adds --account-id to the install commands of the other account's servers", () => {
      const networks = accounts.outputs.sourceNetworks as unknown as Record<string, { linuxInstallCommand: string; windowsInstallCommand: string }>;
      assert.match(networks.app.linuxInstallCommand, / --region eu-west-2 --account-id 222222222222 --s3-endpoint /);
      assert.match(networks.db.windowsInstallCommand, / --region eu-west-2 --account-id 222222222222 --s3-endpoint /);
      assert.doesNotMatch(networks.ops.linuxInstallCommand, /--account-id/);
      assert.equal(accounts.outputs.linuxInstallCommand, networks.app.linuxInstallCommand);
    });
  });

  describe("flowLogs.kms: create", () => {
    it("makes one key per region, with rotation and a policy for that region's CloudWatch Logs, and encrypts each flow-log group with its region's key", async () => {
      const result = await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", flowLogs: { kms: "create" } });
      const keys = ofType(result.resources, "aws:kms/key:Key");
      assert.deepEqual(keys.map((k) => [k.name, k.region, k.inputs.enableKeyRotation]), [
        ["flow-logs-key-eu-west-1", "eu-west-1", true],
        ["flow-logs-key-eu-west-2", "eu-west-2", true],
      ]);
      const policy = JSON.parse(String(keys[1].inputs.policy)) as { Statement: { Principal: unknown; Condition?: unknown }[] };
      assert.deepEqual(policy.Statement[1].Principal, { Service: "logs.eu-west-2.amazonaws.com" });
      assert.deepEqual(policy.Statement[1].Condition, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-2:${FAKE_ACCOUNT}:log-group:*-flow-logs-*` } });
      assert.equal(named(result.resources, "source-flow-logs").inputs.kmsKeyId, keys[0].state.arn);
      assert.equal(named(result.resources, "staging-flow-logs").inputs.kmsKeyId, keys[1].state.arn);
      const cost = estimateMonthlyCost(declaredResources(result.resources));
      assert.deepEqual(cost.lines.filter((l) => l.unit === "key-month").map((l) => [l.item, l.monthly]), [
        ["flow-logs-key-eu-west-1 (KMS key, rotated yearly: the first year's price)", 1],
        ["flow-logs-key-eu-west-2 (KMS key, rotated yearly: the first year's price)", 1],
      ]);
      // Each of a key's first two yearly rotations adds $1 a month (AWS KMS pricing): $3 a key from the third year.
      assert.ok(
        cost.notes.includes(
          "The 2 KMS keys rotate yearly, and each of a key's first 2 rotations adds $1 a month (later ones are free, https://aws.amazon.com/kms/pricing/): $2 a key in the second year and $3 from the third, $4 a month more than this total by then.",
        ),
        cost.notes.join("\n"),
      );
    });

    it("is off by default, and refused together with a key of one's own", async () => {
      assert.equal(ofType((await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2" })).resources, "aws:kms/key:Key").length, 0);
      assert.throws(
        () => parseSettings({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", flowLogs: { kms: "create", stagingKmsKeyArn: "arn:aws:kms:eu-west-2:123456789012:key/abcd" } }),
        (e: ConfigError) => e.problems.some((p) => p.key === "flowLogs.kms" && p.message === '"create" cannot be set together with flowLogs.stagingKmsKeyArn: either the program makes the keys, or you give them'),
      );
      assert.throws(() => parseSettings({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", flowLogs: { kms: "yes" } }), /flowLogs\.kms: "yes" must be "create"/);
    });
  });

  describe("DRS's service roles and initialization", () => {
    const ALL_ROLES = DRS_SERVICE_ROLES.map((r) => r.name);
    const replicating = { sourceRegion: "eu-west-1", drRegion: "eu-west-2", replication: { enabled: true, failback: true } };
    const names = (result: SynthResult, type: string) => ofType(result.resources, type).map((r) => r.name);

    it("declares none where the account has every role, and still initializes DRS", async () => {
      const result = await synth(replicating, { ...emptyAccount(), roles: { [FAKE_ACCOUNT]: ALL_ROLES } });
      assert.deepEqual(names(result, "aws:iam/role:Role").filter((n) => n.startsWith("replication-")), []);
      assert.deepEqual(names(result, "aws:iam/rolePolicyAttachment:RolePolicyAttachment"), []);
      assert.deepEqual(names(result, "pulumi-nodejs:dynamic/drsInitialization:DrsInitialization"), ["replication-drs-init-dr", "replication-drs-init-source"]);
      // Looked up through the DR provider only: one account.
      const lookups = result.invokes.filter((i) => i.token === "aws:iam/getRole:getRole");
      assert.deepEqual(lookups.map((i) => i.inputs.name), ALL_ROLES);
      assert.ok(lookups.every((i) => i.provider?.includes("::aws-dr::")));
      assert.equal(result.invokes.filter((i) => i.token === "aws:iam/getPolicy:getPolicy").length, 0);
    });

    it("declares only the missing ones, with the account's id in the DRS-trusted roles' condition", async () => {
      const result = await synth(replicating, { ...emptyAccount(), roles: { [FAKE_ACCOUNT]: ALL_ROLES.filter((n) => !n.includes("Failback")) } });
      assert.deepEqual(names(result, "aws:iam/role:Role").filter((n) => n.startsWith("replication-")), ["replication-failback-role"]);
      const failback = named(result.resources, "replication-failback-role");
      assert.equal(failback.region, "eu-west-2");
      assert.match(String(failback.inputs.assumeRolePolicy), new RegExp(`"aws:SourceAccount":"${FAKE_ACCOUNT}".*|"StringEquals":\\{"aws:SourceAccount":"${FAKE_ACCOUNT}"`));
      assert.equal(named(result.resources, "replication-failback-role-policy").inputs.policyArn, "arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryFailbackPolicy");
    });

    it("skips the lookups, the roles and initialization with initializeService: false", async () => {
      const result = await synth({ ...replicating, replication: { enabled: true, initializeService: false } });
      assert.equal(result.invokes.filter((i) => i.token.startsWith("aws:iam/")).length, 0);
      assert.deepEqual(names(result, "pulumi-nodejs:dynamic/drsInitialization:DrsInitialization"), []);
    });

    it("stops before any resource when a role cannot be looked up for another reason, naming the way out", async () => {
      const denied = { ...emptyAccount(), roleLookupError: "AccessDenied: not authorized to perform iam:GetRole" };
      const { error, declared } = await synthError(replicating, denied);
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(
        error.problems.map((p) => `${p.key}: ${p.message}`),
        [
          `replication.initializeService: the DRS service roles ${ALL_ROLES.join(", ")} could not be looked up in the DR account (drProvider): ` +
            "invocation of aws:iam/getRole:getRole returned an error: AccessDenied: not authorized to perform iam:GetRole. The deploying identity needs " +
            "iam:GetRole (docs/replication.md); or, where an administrator initialized DRS, set replication.initializeService to false",
        ],
      );
      assert.deepEqual(declared.filter((r) => r.type !== T.provider), []);
    });

    it("across accounts: each account's missing roles, and each region and account initialized with its side's credentials", async () => {
      const { config } = loadStack(ROOT, { stack: "estate" });
      const estate = await synthFromPulumiConfig(config, offlineAccount(parseSettings(projectConfig(config, "drs-secured-network"))));
      const roleNames = names(estate, "aws:iam/role:Role").filter((n) => n.startsWith("replication-"));
      assert.equal(roleNames.length, 12);
      assert.deepEqual(roleNames.filter((n) => n.startsWith("replication-111111111111-")).length, 6);
      assert.ok(ofType(estate.resources, "aws:iam/role:Role").filter((r) => r.name.startsWith("replication-111111111111-")).every((r) => r.region === "eu-west-1"));
      const inits = ofType(estate.resources, "pulumi-nodejs:dynamic/drsInitialization:DrsInitialization").map((r) => [r.name, r.inputs.region, r.inputs.assumeRoleArn]);
      assert.deepEqual(inits.sort(), [
        ["replication-drs-init-dr", "eu-west-2", "arn:aws:iam::222222222222:role/drs-network-deployer"],
        ["replication-drs-init-eu-central-1", "eu-central-1", "arn:aws:iam::111111111111:role/drs-network-deployer"],
        ["replication-drs-init-eu-west-1", "eu-west-1", "arn:aws:iam::111111111111:role/drs-network-deployer"],
        ["replication-drs-init-eu-west-1-222222222222", "eu-west-1", "arn:aws:iam::222222222222:role/drs-network-deployer"],
      ]);
    });

    it("refuses an adopted VPC without DNS support or host names when the DRS name comes from a private hosted zone", async () => {
      const adopt = { vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-0123456789abcdef0"] };
      const account = {
        ...emptyAccount(),
        vpcs: { [adopt.vpcId]: { region: "eu-west-1", cidrBlocks: [adopt.cidrBlock] } },
        routeTables: { [adopt.routeTableIds[0]]: { region: "eu-west-1", vpcId: adopt.vpcId } },
        vpcDns: { [adopt.vpcId]: { enableDnsSupport: true, enableDnsHostnames: false } },
      };
      const { error } = await synthError({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", sourceVpc: adopt, drsDnsMode: "private-hosted-zone" }, account);
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems.map((p) => `${p.key}: ${p.message}`), [
        'sourceVpc.vpcId: "vpc-0123456789abcdef0" has DNS host names (enableDnsHostnames) off, so the private hosted zone for the DRS name would not answer there: turn them on (aws ec2 modify-vpc-attribute), or set drsDnsMode to endpoint-flag',
      ]);
      // With the installer's --endpoint flag, DNS attributes do not matter.
      await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", sourceVpc: adopt, drsDnsMode: "endpoint-flag" }, account);
    });
  });

  describe("another region pair: us-east-1 to ca-west-1, three zones, own blocks", () => {
    let result: SynthResult;
    before(async () => {
      result = await synth({
        sourceRegion: "us-east-1",
        drRegion: "ca-west-1",
        sourceVpcCidr: "192.168.0.0/20",
        stagingVpcCidr: "172.31.0.0/16",
        subnetPrefixLength: 22,
        availabilityZoneCount: 3,
        // The blog's --endpoint form, for servers outside AWS: this pair keeps it covered end to end.
        drsDnsMode: "endpoint-flag",
      });
    });

    it("has nothing that faces the internet", () => assertIsolated(result));

    it("puts the source side in us-east-1 and everything else in ca-west-1", () => {
      const regions = regionsByName(result.resources);
      for (const [name, region] of Object.entries(regions)) {
        const onSource = name.startsWith("source-") || name === "link-peering" || name.startsWith("link-source-");
        assert.equal(region, onSource ? "us-east-1" : "ca-west-1", name);
      }
      // Per VPC: the VPC, its default group and default ACL, its route table, a subnet plus association per zone, and
      // four flow-log resources; then the link's 9, the source VPC's S3 gateway endpoint and the staging network ACL.
      assert.equal(Object.keys(regions).length, 2 * (4 + 3 * 2 + 4) + 9 + 1 + 1);
    });

    it("lays out three /22 subnets per side and admits HTTPS from each staging subnet", () => {
      const blocks = ofType(result.resources, T.subnet).map((s) => `${s.name}=${s.inputs.cidrBlock}@${s.inputs.availabilityZone}`).sort();
      assert.deepEqual(blocks, [
        "source-subnet-0=192.168.0.0/22@us-east-1a",
        "source-subnet-1=192.168.4.0/22@us-east-1b",
        "source-subnet-2=192.168.8.0/22@us-east-1c",
        "staging-subnet-0=172.31.0.0/22@ca-west-1a",
        "staging-subnet-1=172.31.4.0/22@ca-west-1b",
        "staging-subnet-2=172.31.8.0/22@ca-west-1c",
      ]);
      const sources = (named(result.resources, "link-endpoints-sg").inputs.ingress as { cidrBlocks: string[] }[]).map((r) => r.cidrBlocks[0]);
      assert.deepEqual(sources, ["192.168.0.0/20", "172.31.0.0/22", "172.31.4.0/22", "172.31.8.0/22"]);
      const routes = ofType(result.resources, T.route).map((r) => `${r.region}:${r.inputs.destinationCidrBlock}`).sort();
      assert.deepEqual(routes, ["ca-west-1:192.168.0.0/20", "us-east-1:172.31.0.0/16"]);
    });

    it("peers into ca-west-1 and uses its endpoint services", () => {
      assert.equal(named(result.resources, "link-peering").inputs.peerRegion, "ca-west-1");
      assert.deepEqual(
        ofType(result.resources, T.endpoint).map((e) => `${e.inputs.vpcEndpointType}:${e.inputs.serviceName}`).sort(),
        ["Gateway:com.amazonaws.ca-west-1.s3", "Gateway:com.amazonaws.us-east-1.s3", "Interface:com.amazonaws.ca-west-1.drs", "Interface:com.amazonaws.ca-west-1.ec2", "Interface:com.amazonaws.ca-west-1.s3"],
      );
    });

    it("exports every output, each the value its resources give", () => {
      assert.deepEqual(Object.keys(result.outputs), [...STACK_OUTPUT_NAMES]);
      assert.deepEqual(result.outputs, expectedOutputs(result, "created", "endpoint-flag"));
      assert.equal(result.outputs.sourceSubnetIds.length, 3);
    });

    it("downloads from the suffixed ca-west-1 buckets and installs with --region ca-west-1", () => {
      const s3 = result.outputs.s3InterfaceEndpointDnsName;
      assert.match(s3, /^vpce-[0-9a-f]{17}-[0-9a-z]{8}\.s3\.ca-west-1\.vpce\.amazonaws\.com$/);
      assert.equal(result.outputs.linuxInstallerUrl, `https://aws-elastic-disaster-recovery-ca-west-1-2590fa22.bucket.${s3}/latest/linux/aws-replication-installer-init`);
      assert.equal(result.outputs.windowsInstallerUrl, `https://aws-elastic-disaster-recovery-ca-west-1-2590fa22.bucket.${s3}/latest/windows/AwsReplicationWindowsInstaller.exe`);
      assert.ok(result.outputs.linuxInstallCommand.includes(`https://aws-elastic-disaster-recovery-hashes-ca-west-1-2590fa22.bucket.${s3}/latest/linux/aws-replication-installer-init.sha512`));
      assert.ok(result.outputs.linuxInstallCommand.endsWith(`--region ca-west-1 --endpoint ${result.outputs.drsEndpointDnsName} --s3-endpoint ${s3}'`));
      assert.deepEqual([result.outputs.sourceRegion, result.outputs.drRegion], ["us-east-1", "ca-west-1"]);
    });
  });

  describe("availability zones from the account", () => {
    it("skips a zone where an endpoint service is not offered", async () => {
      const account: FakeAccount = { ...emptyAccount(), serviceZones: { "com.amazonaws.eu-west-2.drs": ["eu-west-2b", "eu-west-2c"] } };
      const result = await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2" }, account);
      const zones = ofType(result.resources, T.subnet).filter((s) => s.name.startsWith("staging-")).map((s) => s.inputs.availabilityZone);
      assert.deepEqual(zones, ["eu-west-2b", "eu-west-2c"]);
      const sourceZones = ofType(result.resources, T.subnet).filter((s) => s.name.startsWith("source-")).map((s) => s.inputs.availabilityZone);
      assert.deepEqual(sourceZones, ["eu-west-1a", "eu-west-1b"]);
    });

    it("uses explicit zones in the order given", async () => {
      const result = await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", stagingAvailabilityZones: ["eu-west-2c"], sourceAvailabilityZones: ["eu-west-1b", "eu-west-1a", "eu-west-1c"] });
      const zones = ofType(result.resources, T.subnet).map((s) => `${s.name}@${s.inputs.availabilityZone}`).sort();
      assert.deepEqual(zones, ["source-subnet-0@eu-west-1b", "source-subnet-1@eu-west-1a", "source-subnet-2@eu-west-1c", "staging-subnet-0@eu-west-2c"]);
    });
  });

  describe("an adopted source VPC", () => {
    const account: FakeAccount = {
      ...emptyAccount(),
      vpcs: { "vpc-0123456789abcdef0": { region: "eu-west-1", cidrBlocks: ["172.20.0.0/16"] } },
      routeTables: {
        "rtb-0123456789abcdef0": { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" },
        "rtb-0123456789abcdef1": { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" },
      },
      subnets: { "subnet-0123456789abcdef0": { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" } },
    };
    const config = {
      sourceRegion: "eu-west-1",
      drRegion: "eu-west-2",
      sourceVpc: JSON.stringify({
        vpcId: "vpc-0123456789abcdef0",
        cidrBlock: "172.20.0.0/16",
        routeTableIds: ["rtb-0123456789abcdef0", "rtb-0123456789abcdef1"],
        subnetIds: ["subnet-0123456789abcdef0"],
      }),
    };

    it("creates nothing in the source region but the peering request and one route per given route table", async () => {
      const result = await synth(config, account);
      assertIsolated(result);
      const onSource = result.resources.filter((r) => r.custom && r.region === "eu-west-1").map((r) => r.name).sort();
      assert.deepEqual(onSource, ["link-peering", "link-source-rtb-0123456789abcdef0-to-staging", "link-source-rtb-0123456789abcdef1-to-staging"]);
      const routes = ofType(result.resources, T.route).map((r) => `${r.inputs.routeTableId}->${r.inputs.destinationCidrBlock}`).sort();
      assert.deepEqual(routes, ["rtb-0123456789abcdef0->10.0.0.0/16", "rtb-0123456789abcdef1->10.0.0.0/16", `${named(result.resources, "staging-rt").id}->172.20.0.0/16`].sort());
      assert.equal(named(result.resources, "link-peering").inputs.vpcId, "vpc-0123456789abcdef0");
      assert.deepEqual((named(result.resources, "link-endpoints-sg").inputs.ingress as { cidrBlocks: string[] }[])[0].cidrBlocks, ["172.20.0.0/16"]);
      assert.deepEqual(
        result.outputs,
        expectedOutputs(result, {
          vpcId: "vpc-0123456789abcdef0",
          subnetIds: ["subnet-0123456789abcdef0"],
          routeTableIds: ["rtb-0123456789abcdef0", "rtb-0123456789abcdef1"],
        }, "private-hosted-zone"),
      );
    });

    it("refuses, before declaring anything but the providers, a VPC the account does not confirm", async () => {
      const wrong: FakeAccount = {
        ...account,
        vpcs: { "vpc-0123456789abcdef0": { region: "eu-west-1", cidrBlocks: ["172.21.0.0/16"] } },
        routeTables: { "rtb-0123456789abcdef0": account.routeTables["rtb-0123456789abcdef0"] },
      };
      const { error, declared } = await synthError(config, wrong);
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, [
        { key: "sourceVpc.cidrBlock", message: '"172.20.0.0/16" is not a block of vpc-0123456789abcdef0, whose blocks are 172.21.0.0/16' },
        { key: "sourceVpc.routeTableIds[1]", message: '"rtb-0123456789abcdef1" could not be read in sourceRegion "eu-west-1": invocation of aws:ec2/getRouteTable:getRouteTable returned an error: no matching EC2 Route Table found' },
      ]);
      assert.deepEqual(declared.map((r) => r.type), [T.provider, T.provider]);
    });
  });

  describe("secret config", () => {
    it("keeps secret tags and provider settings secret in the providers' inputs, and warns of a secret it cannot keep", async () => {
      const warnings: string[] = [];
      const warn = pulumi.log.warn;
      (pulumi.log as { warn: typeof warn }).warn = async (message: string) => {
        warnings.push(message);
      };
      try {
        const { resources } = await runMocked(async () => {
          pulumi.runtime.setAllConfig(
            {
              "drs-secured-network:sourceRegion": "eu-west-1",
              "drs-secured-network:drRegion": "eu-west-2",
              "drs-secured-network:tags": '{"Owner":"alice"}',
              "drs-secured-network:drProvider": '{"assumeRoleArn":"arn:aws:iam::222222222222:role/deployer"}',
              "drs-secured-network:stagingVpcCidr": "10.9.0.0/16",
            },
            ["drs-secured-network:tags", "drs-secured-network:drProvider", "drs-secured-network:stagingVpcCidr"],
          );
          try {
            return await drsSecuredNetwork();
          } finally {
            pulumi.runtime.setAllConfig({});
          }
        });
        // A secret input reaches the engine wrapped in Pulumi's secret signature (sdk/nodejs/runtime/rpc.ts).
        const isSecret = (v: unknown) => typeof v === "object" && v !== null && (v as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270";
        const dr = named(resources, "aws-dr").inputs;
        const source = named(resources, "aws-source").inputs;
        assert.ok(isSecret(dr.defaultTags), "DR provider tags");
        assert.ok(isSecret(dr.assumeRoles), "DR provider role");
        assert.ok(isSecret(source.defaultTags), "source provider tags");
        assert.equal(source.assumeRoles, undefined);
        assert.deepEqual(warnings, [
          "config key stagingVpcCidr is a secret, but its value shapes the network (block sizes, regions, ids) and is stored in plain text in the resources' properties; only tags and provider settings (profile, assumeRoleArn) are kept secret",
        ]);
      } finally {
        (pulumi.log as { warn: typeof warn }).warn = warn;
      }
    });

    it("names a secret key's bad value as [secret]", async () => {
      const { error } = await synthErrorFromPulumiConfig(
        { "drs-secured-network:sourceRegion": "eu-west-1", "drs-secured-network:drRegion": "eu-west-2", "drs-secured-network:sourceProvider": '{"assumeRoleArn":"not-an-arn-hunter2"}' },
        ["drs-secured-network:sourceProvider"],
      );
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems[0].message, "[secret] is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
      assert.doesNotMatch(error.message, /hunter2/);
    });
  });

  describe("bad input", () => {
    it("fails on invalid config before declaring anything at all, listing every problem", async () => {
      const { error, declared } = await synthError({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", stagingVpcCidr: "10.1.0.0/16", tags: "x" });
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems.map((p) => p.key), ["tags", "stagingVpcCidr"]);
      assert.deepEqual(declared, []);
    });

    it("fails the same way when the config comes from Pulumi config", async () => {
      await assert.rejects(
        synthFromPulumiConfig({ "drs-secured-network:sourceRegion": "eu-west-1", "drs-secured-network:drRegion": "eu-west-2", "drs-secured-network:sourceVpcCidr": "10.0.0.0/16" }),
        (err: unknown) => err instanceof ConfigError && /stagingVpcCidr: "10\.0\.0\.0\/16" overlaps/.test(err.message),
      );
    });

    it("fails, with only the providers declared, when a region has fewer zones than asked", async () => {
      const account: FakeAccount = { ...emptyAccount(), zones: { "eu-west-2": ["eu-west-2a", "eu-west-2b"] } };
      const { error, declared } = await synthError({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", availabilityZoneCount: 3 }, account);
      assert.ok(error instanceof ConfigError);
      assert.equal(
        error.message,
        "Invalid drs-secured-network configuration (1 problem):\n" +
          '  - availabilityZoneCount: 3 is more than the 2 availability zones this account offers in drRegion "eu-west-2" that offer com.amazonaws.eu-west-2.drs, com.amazonaws.eu-west-2.ec2, com.amazonaws.eu-west-2.s3 (eu-west-2a, eu-west-2b)',
      );
      assert.deepEqual(declared.map((r) => r.type), [T.provider, T.provider]);
    });
  });
});
