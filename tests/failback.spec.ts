import * as assert from "node:assert/strict";
import { ConfigError, parseSettings } from "../settings";
import { costReport } from "../lib/costModel";
import { declaredResources, named, ofType, synth, SynthResource, SynthResult, T } from "../synth/run";

const BASE = {
  sourceRegion: "eu-west-1",
  drRegion: "eu-west-2",
  replication: { enabled: true, failback: true },
  recovery: { enabled: true, vpcCidr: "10.2.0.0/16" },
};
const failback = (more: Record<string, unknown> = {}) => ({ enabled: true, stagingVpcCidrs: { "eu-west-1": "10.3.0.0/16" }, ...more });

function problemsOf(raw: Record<string, unknown>): string[] {
  try {
    parseSettings(raw);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.problems.map((p) => `${p.key}: ${p.message}`);
  }
  return [];
}

/** A security group's rules as `<protocol> <port> <blocks>`. */
function rules(group: SynthResource, direction: "ingress" | "egress"): string[] {
  return (group.inputs[direction] as { protocol: string; fromPort: number; cidrBlocks?: string[] }[]).map((r) => `${r.protocol} ${r.fromPort} ${(r.cidrBlocks ?? []).join(",")}`);
}

describe("failback (components/failback)", function () {
  this.timeout(120_000);

  describe("settings", () => {
    it("gives standby and no imports by default", () => {
      assert.deepEqual(parseSettings({ ...BASE, failback: failback() }).failback, { mode: "standby", active: false, stagingVpcCidrs: { "eu-west-1": "10.3.0.0/16" }, templateIds: {} });
    });

    it("refuses failback without the recovery side, replication or DRS initialized in the source region, by key", () => {
      assert.deepEqual(problemsOf({ ...BASE, recovery: { enabled: false }, replication: { enabled: true }, failback: failback({ active: true }) }), [
        "failback.enabled: is true, but recovery.enabled is not: the recovered instances in the recovery VPC are what fails back; turn the recovery side on",
        "replication.failback: is false, but failback.enabled needs DRS initialized in each source region ahead of time: set replication.failback to true",
        'failback.active: is true, but failback.mode is "standby", where everything is built already: active applies to mode "on-demand"',
      ]);
      assert.deepEqual(problemsOf({ ...BASE, replication: { enabled: false }, failback: failback() }), [
        "failback.enabled: is true, but replication.enabled is not: failback is a second DRS replication; manage replication with this stack",
      ]);
    });

    it("wants one block per source region, none for another, apart from the recovery VPC's and from each other", () => {
      const sources = [
        { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" },
        { name: "db", region: "eu-central-1", vpcCidr: "10.5.0.0/16" },
      ];
      const { sourceRegion: _s, ...rest } = BASE;
      assert.deepEqual(problemsOf({ ...rest, sources, failback: { enabled: true, stagingVpcCidrs: { "eu-west-1": "10.2.128.0/17", "us-east-1": "10.7.0.0/16" } } }), [
        'failback.stagingVpcCidrs: has no block for "eu-central-1", a source region: give its failback staging VPC\'s block, e.g. eu-central-1: 10.3.0.0/16',
        "failback.stagingVpcCidrs.us-east-1: is not the region of any source VPC (eu-west-1, eu-central-1): remove it",
        'failback.stagingVpcCidrs.eu-west-1: "10.2.128.0/17" overlaps the recovery VPC\'s "10.2.0.0/16": the recovery VPC is peered to each failback staging VPC and cannot route to overlapping blocks',
      ]);
      assert.deepEqual(problemsOf({ ...rest, sources, failback: { enabled: true, stagingVpcCidrs: { "eu-west-1": "10.3.0.0/16", "eu-central-1": "10.3.128.0/17" } } }), [
        'failback.stagingVpcCidrs.eu-central-1: "10.3.128.0/17" overlaps eu-west-1\'s "10.3.0.0/16": the recovery VPC is peered to each failback staging VPC and cannot route to overlapping blocks',
      ]);
    });

    it("keeps the recovery ACL within AWS's 20 rules a direction with the failback rules", () => {
      const ingress = Array.from({ length: 14 }, (_, i) => ({ protocol: "tcp", ports: String(8000 + i), from: `10.${20 + i}.0.0/16` }));
      assert.deepEqual(problemsOf({ ...BASE, recovery: { ...BASE.recovery, ingress }, failback: failback() }), [], "14 rules and one region fit: 18 in, 18 out");
      const more = Array.from({ length: 16 }, (_, i) => ({ protocol: "tcp", ports: String(8000 + i), from: `10.${20 + i}.0.0/16` }));
      assert.deepEqual(problemsOf({ ...BASE, recovery: { ...BASE.recovery, ingress: more }, failback: failback() }), [
        "failback.stagingVpcCidrs: with 1 failback region and 16 recovery.ingress rules, the recovery subnets' network ACL needs 20 rules in and 20 out, more than AWS's 20 a direction allow with the default deny (Amazon VPC quotas, rules per network ACL): give fewer, wider ingress rules",
      ]);
    });

    it("wants the subnets of an adopted source VPC that failed-back instances launch into", () => {
      const { sourceRegion: _s, ...rest } = BASE;
      const adopted = { vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-0123456789abcdef0"] };
      assert.deepEqual(problemsOf({ ...rest, sources: [{ name: "legacy", region: "eu-west-1", vpc: adopted }], failback: failback() }), [
        "sources[0].vpc.subnetIds: is empty, but failback launches failed-back instances of eu-west-1 into this source VPC's first subnet (the region's first source VPC): list its subnets",
      ]);
      assert.deepEqual(problemsOf({ ...rest, sources: [{ name: "legacy", region: "eu-west-1", vpc: { ...adopted, subnetIds: ["subnet-0123456789abcdef0"] } }], failback: failback() }), []);
    });

    it("refuses a mode failback does not have, and a bad region or block, naming the key", () => {
      assert.deepEqual(problemsOf({ ...BASE, failback: { enabled: true, mode: "cold", stagingVpcCidrs: { "eu-west-9": "10.3.0.0/33" } } }), [
        'failback.mode: "cold" must be "standby" (everything built and paid for) or "on-demand" (only what costs nothing, until failback.active)',
        'failback.stagingVpcCidrs.eu-west-9: "10.3.0.0/33" is not an IPv4 CIDR block: Invalid subnet mask.',
      ]);
      assert.deepEqual(problemsOf({ ...BASE, failback: { enabled: true, stagingVpcCidrs: { "eu-west-1": "10.3.0.0/16", "eu-west-9": "10.4.0.0/16" } } }), [
        "failback.stagingVpcCidrs.eu-west-9: is not the region of any source VPC (eu-west-1): remove it",
      ]);
    });
  });

  describe("standby: everything built", () => {
    let result: SynthResult;
    before(async () => {
      result = await synth({ ...BASE, failback: failback() });
    });

    it("builds the failback staging VPC in the source region, its ACL admitting DRS's ports from the recovery block only", () => {
      const vpc = named(result.resources, "failback-eu-west-1-vpc");
      assert.deepEqual([vpc.inputs.cidrBlock, vpc.region], ["10.3.0.0/16", "eu-west-1"]);
      const subnets = ofType(result.resources, T.subnet).filter((s) => s.inputs.vpcId === vpc.id);
      assert.deepEqual(subnets.map((s) => String(s.inputs.cidrBlock)), ["10.3.0.0/24", "10.3.1.0/24"]);
      const acl = named(result.resources, "failback-eu-west-1-nacl");
      const outside = (acl.inputs.ingress as { cidrBlock: string; action: string; fromPort: number }[]).filter((r) => r.action === "allow" && r.cidrBlock !== "10.3.0.0/16" && r.cidrBlock !== "0.0.0.0/0");
      assert.deepEqual([...new Set(outside.map((r) => `${r.cidrBlock} ${r.fromPort}`))].sort(), ["10.2.0.0/16 1500", "10.2.0.0/16 443"]);
    });

    it("peers the recovery VPC to it, requested in the DR region, with a route for exactly each other's block", () => {
      const peering = named(result.resources, "failback-eu-west-1-link-peering");
      assert.deepEqual([peering.region, peering.inputs.vpcId, peering.inputs.peerVpcId, peering.inputs.peerRegion], ["eu-west-2", result.outputs.recoveryVpcId, named(result.resources, "failback-eu-west-1-vpc").id, "eu-west-1"]);
      const routes = ofType(result.resources, T.route).filter((r) => r.inputs.vpcPeeringConnectionId === peering.id);
      const table = (r: SynthResource) => (r.inputs.routeTableId === named(result.resources, "recovery-rt").id ? "recovery-rt" : r.inputs.routeTableId === named(result.resources, "failback-eu-west-1-rt").id ? "failback-rt" : "other");
      assert.deepEqual(routes.map((r) => `${table(r)} ${String(r.inputs.destinationCidrBlock)} ${r.region}`).sort(), ["failback-rt 10.2.0.0/16 eu-west-1", "recovery-rt 10.3.0.0/16 eu-west-2"]);
    });

    it("puts region A's DRS, EC2 and S3 endpoints there, and DRS(A)'s name in a zone on the recovery VPC aliased to them", () => {
      const endpoints = ofType(result.resources, T.endpoint).filter((e) => e.name.startsWith("failback-eu-west-1-link-") && e.inputs.vpcEndpointType === "Interface");
      assert.deepEqual(endpoints.map((e) => String(e.inputs.serviceName)).sort(), ["com.amazonaws.eu-west-1.drs", "com.amazonaws.eu-west-1.ec2", "com.amazonaws.eu-west-1.s3"]);
      assert.deepEqual(rules(named(result.resources, "failback-eu-west-1-link-endpoints-sg"), "ingress").sort(), ["tcp 443 10.2.0.0/16", "tcp 443 10.3.0.0/24", "tcp 443 10.3.1.0/24"]);
      const zone = named(result.resources, "failback-eu-west-1-link-drs-zone");
      assert.equal(zone.inputs.name, "drs.eu-west-1.amazonaws.com");
      assert.deepEqual((zone.inputs.vpcs as { vpcId: string; vpcRegion: string }[]).map((v) => `${v.vpcId} ${v.vpcRegion}`).sort(), [`${named(result.resources, "failback-eu-west-1-vpc").id} eu-west-1`, `${result.outputs.recoveryVpcId} eu-west-2`].sort());
      const alias = named(result.resources, "failback-eu-west-1-link-drs-alias");
      const drsA = named(result.resources, "failback-eu-west-1-link-drs-endpoint");
      assert.equal((alias.inputs.aliases as { name: string }[])[0].name, (drsA.state.dnsEntries as { dnsName: string }[])[0].dnsName);
    });

    it("makes region A's replication template: private IP, its failback staging subnet, 1500 from the recovery block only, after DRS is initialized there", () => {
      const template = named(result.resources, "failback-eu-west-1-template");
      assert.deepEqual([template.region, template.inputs.dataPlaneRouting, template.inputs.createPublicIp, template.inputs.stagingAreaSubnetId], ["eu-west-1", "PRIVATE_IP", false, result.outputs.failbackNetworks?.["eu-west-1"].stagingSubnetIds[0]]);
      assert.deepEqual(rules(named(result.resources, "failback-eu-west-1-replication-sg"), "ingress"), ["tcp 1500 10.2.0.0/16"]);
      assert.ok(result.resources.some((r) => r.type.startsWith("pulumi-nodejs:dynamic") && r.inputs.region === "eu-west-1"), "DRS is initialized in eu-west-1");
    });

    it("lets recovered instances out to it on 443 and 1500 only, and launches failed-back instances into the source subnet with its group", () => {
      const egress = rules(named(result.resources, "recovery-instances-sg"), "egress");
      assert.ok(egress.includes("tcp 443 10.3.0.0/16") && egress.includes("tcp 1500 10.3.0.0/16"), egress.join("; "));
      const template = named(result.resources, "failback-eu-west-1-default-launch-template");
      assert.equal(template.region, "eu-west-1");
      assert.deepEqual((template.inputs.networkInterfaces as { subnetId: string; securityGroups: string[] }[])[0], {
        deviceIndex: 0,
        subnetId: result.outputs.sourceSubnetIds[0],
        securityGroups: [result.outputs.sourceServerSecurityGroupId],
        associatePublicIpAddress: "false",
        deleteOnTermination: "true",
      });
      assert.equal(named(result.resources, "failback-eu-west-1-launch-configuration-template").region, "eu-west-1");
    });

    it("exports the region's failback network", () => {
      const out = result.outputs.failbackNetworks?.["eu-west-1"];
      assert.ok(out !== undefined);
      assert.equal(out.stagingVpcId, named(result.resources, "failback-eu-west-1-vpc").id);
      assert.equal(out.peeringConnectionId, named(result.resources, "failback-eu-west-1-link-peering").id);
      assert.match(out.drsEndpointDnsName, /\.drs\.eu-west-1\.vpce\.amazonaws\.com$/);
      assert.equal(out.replicationTemplateId, named(result.resources, "failback-eu-west-1-template").id);
      assert.equal(out.interfaceEndpoints, true);
    });
  });

  describe("on demand", () => {
    it("builds only what costs nothing, and the endpoints and alias come with active", async () => {
      const staged = await synth({ ...BASE, failback: failback({ mode: "on-demand" }) });
      const interfaceIn = (r: SynthResult) => ofType(r.resources, T.endpoint).filter((e) => e.name.startsWith("failback-") && e.inputs.vpcEndpointType === "Interface");
      assert.deepEqual(interfaceIn(staged), []);
      assert.equal(staged.resources.filter((r) => r.name === "failback-eu-west-1-link-drs-alias").length, 0);
      for (const name of ["failback-eu-west-1-vpc", "failback-eu-west-1-link-peering", "failback-eu-west-1-link-drs-zone", "failback-eu-west-1-link-s3-gateway-endpoint", "failback-eu-west-1-template"]) named(staged.resources, name);
      assert.deepEqual(staged.outputs.failbackNetworks?.["eu-west-1"].drsEndpointDnsName, "");
      assert.equal(staged.outputs.failbackNetworks?.["eu-west-1"].interfaceEndpoints, false);
      const active = await synth({ ...BASE, failback: failback({ mode: "on-demand", active: true }) });
      assert.equal(interfaceIn(active).length, 3);
      named(active.resources, "failback-eu-west-1-link-drs-alias");
      // Going active only adds: every resource of the staged stack keeps its name.
      const names = (r: SynthResult) => new Set(r.resources.map((x) => `${x.type}::${x.name}`));
      assert.deepEqual([...names(staged)].filter((n) => !names(active).has(n)), []);
    });
  });

  it("says what failback.active would add to the monthly cost, at the region's endpoint price, and nothing once active", async () => {
    const config = { ...BASE, sourceRegion: "us-east-1", drRegion: "us-west-2", failback: { enabled: true, mode: "on-demand", stagingVpcCidrs: { "us-east-1": "10.3.0.0/16" } } };
    const staged = await synth(config);
    const settings = parseSettings(config);
    assert.deepEqual(costReport(settings, declaredResources(staged.resources)).failbackActiveAdds, [
      "us-east-1: 3 interface endpoints x 2 zones x 730 h = 4380 AZ-hours, $43.80 a month at $0.01 (https://aws.amazon.com/privatelink/pricing/), plus $0.01 per GB they process",
    ]);
    const activeConfig = { ...config, failback: { ...config.failback, active: true } };
    const active = await synth(activeConfig);
    const report = costReport(parseSettings(activeConfig), declaredResources(active.resources));
    assert.deepEqual(report.failbackActiveAdds, []);
    assert.equal(report.network.lines.filter((l) => l.item.startsWith("failback-us-east-1-link-") && l.unit === "AZ-hours").reduce((sum, l) => sum + (l.monthly ?? 0), 0), 43.8);
  });

  it("an estate of two source regions gets one failback side in each, each peered to the recovery VPC", async () => {
    const { sourceRegion: _s, ...rest } = BASE;
    const result = await synth({
      ...rest,
      sources: [
        { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" },
        { name: "db", region: "eu-central-1", vpcCidr: "10.5.0.0/16" },
      ],
      failback: { enabled: true, stagingVpcCidrs: { "eu-west-1": "10.3.0.0/16", "eu-central-1": "10.4.0.0/16" } },
    });
    for (const [region, block] of [["eu-west-1", "10.3.0.0/16"], ["eu-central-1", "10.4.0.0/16"]]) {
      const vpc = named(result.resources, `failback-${region}-vpc`);
      assert.deepEqual([vpc.region, vpc.inputs.cidrBlock], [region, block]);
      assert.equal(named(result.resources, `failback-${region}-link-peering`).inputs.peerRegion, region);
    }
    assert.deepEqual(Object.keys(result.outputs.failbackNetworks ?? {}), ["eu-west-1", "eu-central-1"]);
    const dbTemplate = named(result.resources, "failback-eu-central-1-default-launch-template");
    assert.equal((dbTemplate.inputs.networkInterfaces as { securityGroups: string[] }[])[0].securityGroups[0], named(result.resources, "replication-db-source-server-sg").id);
  });
});
