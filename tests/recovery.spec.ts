import * as assert from "node:assert/strict";
import { recoveryNetworkAclRules, systemsManagerBuckets } from "../lib/recovery";
import { drsSecuredNetwork } from "../program";
import { emptyAccount, FakeAccount } from "../synth/awsMocks";
import { named, ofType, runMocked, synth, synthError, SynthResource, SynthResult, T } from "../synth/run";

const MINIMAL = { sourceRegion: "eu-west-1", drRegion: "eu-west-2", replication: { enabled: true } };
const INGRESS = [{ protocol: "tcp", ports: "8000-8100", from: "10.20.0.0/16", description: "users after a failover" }];
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const LCT = "aws-native:drs:LaunchConfigurationTemplate";

/** A security group's rules as `<protocol> <from>-<to> <blocks or prefix lists>`. */
function rules(group: SynthResource, direction: "ingress" | "egress"): string[] {
  return (group.inputs[direction] as { protocol: string; fromPort: number; toPort: number; cidrBlocks?: string[]; prefixListIds?: string[] }[]).map(
    (r) => `${r.protocol} ${r.fromPort}-${r.toPort} ${[...(r.cidrBlocks ?? []), ...(r.prefixListIds ?? [])].join(",")}`,
  );
}

describe("the recovery side (components/recovery)", function () {
  this.timeout(120_000);

  describe("created, with post-launch actions", () => {
    let result: SynthResult;
    let options: Awaited<ReturnType<typeof runMocked>>["options"];
    const config = { ...MINIMAL, recovery: { enabled: true, ingress: INGRESS } };
    before(async () => {
      result = await synth(config);
      options = (await runMocked(() => drsSecuredNetwork(config))).options;
    });

    it("creates an isolated VPC in the DR region: its own subnets, a closed default group, its ACL, flow logs, no way out", () => {
      const vpc = named(result.resources, "recovery-vpc");
      assert.deepEqual([vpc.inputs.cidrBlock, vpc.region, (vpc.inputs.tags as Record<string, string>).Purpose], ["10.2.0.0/16", "eu-west-2", "DRS recovery"]);
      const subnets = ofType(result.resources, T.subnet).filter((s) => s.inputs.vpcId === vpc.id);
      assert.deepEqual(subnets.map((s) => `${String(s.inputs.cidrBlock)} ${String(s.inputs.availabilityZone)} ${String(s.inputs.mapPublicIpOnLaunch)}`), ["10.2.0.0/24 eu-west-2a false", "10.2.1.0/24 eu-west-2b false"]);
      assert.deepEqual([named(result.resources, "recovery-default-sg").inputs.ingress, named(result.resources, "recovery-default-sg").inputs.egress], [[], []]);
      const acl = named(result.resources, "recovery-default-nacl");
      const expected = recoveryNetworkAclRules("10.2.0.0/16", [{ protocol: "tcp", ports: { fromPort: 8000, toPort: 8100 }, cidrBlock: "10.20.0.0/16", description: "" }], true);
      assert.deepEqual([acl.inputs.ingress, acl.inputs.egress], [expected.ingress, expected.egress]);
      assert.equal(named(result.resources, "recovery-flow-log").inputs.vpcId, vpc.id);
      const table = named(result.resources, "recovery-rt");
      assert.deepEqual(ofType(result.resources, T.route).filter((r) => r.inputs.routeTableId === table.id), [], "no route but the local one and the S3 endpoint's");
    });

    it("peers it to nothing: no peering, route or rule joins it to the source or staging VPCs", () => {
      const vpc = named(result.resources, "recovery-vpc");
      const table = named(result.resources, "recovery-rt");
      assert.ok(ofType(result.resources, T.peering).every((p) => p.inputs.vpcId !== vpc.id && p.inputs.peerVpcId !== vpc.id));
      assert.ok(ofType(result.resources, T.route).every((r) => r.inputs.routeTableId !== table.id));
      const groups = ofType(result.resources, T.securityGroup).filter((g) => g.inputs.vpcId === vpc.id);
      const blocks = groups.flatMap((g) => [...rules(g, "ingress"), ...rules(g, "egress")]).join(" ");
      assert.doesNotMatch(blocks, /10\.0\.|10\.1\./, "no rule names the staging or source block");
    });

    it("gives recovered instances a group of their own VPC, the configured ingress, and S3 through the gateway endpoint only", () => {
      const group = named(result.resources, "recovery-instances-sg");
      const s3 = named(result.resources, "recovery-s3-gateway-endpoint");
      assert.deepEqual(rules(group, "ingress"), ["-1 0-0 10.2.0.0/16", "tcp 8000-8100 10.20.0.0/16"]);
      assert.deepEqual(rules(group, "egress"), ["-1 0-0 10.2.0.0/16", `tcp 443-443 ${String(s3.state.prefixListId)}`]);
      assert.deepEqual(JSON.parse(String(s3.inputs.policy)).Statement[0].Resource, systemsManagerBuckets("eu-west-2").sort().map((b) => `arn:aws:s3:::${b}/*`));
      assert.deepEqual(s3.inputs.routeTableIds, [named(result.resources, "recovery-rt").id]);
    });

    it("puts the Systems Manager and CloudWatch Logs endpoints in its subnets, private DNS on, HTTPS from the VPC only", () => {
      const vpc = named(result.resources, "recovery-vpc");
      const endpoints = ofType(result.resources, T.endpoint).filter((e) => e.inputs.vpcId === vpc.id && e.inputs.vpcEndpointType === "Interface");
      assert.deepEqual(endpoints.map((e) => String(e.inputs.serviceName)).sort(), ["com.amazonaws.eu-west-2.ec2messages", "com.amazonaws.eu-west-2.logs", "com.amazonaws.eu-west-2.ssm", "com.amazonaws.eu-west-2.ssmmessages"]);
      const group = named(result.resources, "recovery-endpoints-sg");
      for (const e of endpoints) assert.deepEqual([e.inputs.privateDnsEnabled, e.inputs.securityGroupIds, e.inputs.subnetIds], [true, [group.id], result.outputs.recoverySubnetIds]);
      assert.deepEqual([rules(group, "ingress"), rules(group, "egress")], [["tcp 443-443 10.2.0.0/16"], []]);
    });

    it("sets DRS's launch settings for the region through Cloud Control, after DRS is initialized", () => {
      const template = named(result.resources, "recovery-launch-configuration-template");
      assert.equal(template.type, LCT);
      assert.equal(template.region, "eu-west-2");
      const { tags: _tags, ...launch } = template.inputs;
      assert.deepEqual(launch, {
        launchDisposition: "STARTED",
        copyPrivateIp: false,
        copyTags: true,
        targetInstanceTypeRightSizingMethod: "BASIC",
        licensing: { osByol: false },
        postLaunchEnabled: true,
        launchIntoSourceInstance: false,
      });
      assert.ok(options["recovery-launch-configuration-template"].dependsOn.some((d) => d.startsWith("replication-")), options["recovery-launch-configuration-template"].dependsOn.join(", "));
      assert.equal(result.outputs.launchConfigurationTemplateId, template.state.launchConfigurationTemplateId);
      assert.match(String(result.outputs.launchConfigurationTemplateId), /^lct-[0-9a-zA-Z]{17}$/);
    });

    it("makes the account's default launch template DRS copies: recovery subnet and group, no public IP, IMDSv2, the launch-actions profile", () => {
      const template = named(result.resources, "recovery-default-launch-template");
      assert.equal(template.type, LAUNCH_TEMPLATE);
      assert.equal(template.inputs.name, "created-and-used-by-elastic-disaster-recovery-service-account_level_template-230101-00000");
      assert.deepEqual(template.inputs.tags, { "drs-default-template": "created-by-aws-drs-do-not-delete", AWSElasticDisasterRecoveryManaged: "drs.amazonaws.com" });
      assert.deepEqual(template.inputs.networkInterfaces, [
        { deviceIndex: 0, subnetId: result.outputs.recoverySubnetIds?.[0], securityGroups: [result.outputs.recoverySecurityGroupId], associatePublicIpAddress: "false", deleteOnTermination: "true" },
      ]);
      assert.deepEqual(template.inputs.metadataOptions, { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" });
      assert.deepEqual(template.inputs.iamInstanceProfile, { name: "AWSElasticDisasterRecoveryRecoveryInstanceWithLaunchActionsRole" });
      assert.equal(result.outputs.defaultLaunchTemplateId, template.id);
    });
  });

  it("without post-launch actions: no endpoints, no S3, egress within the VPC only, the plain recovery profile", async () => {
    const result = await synth({ ...MINIMAL, recovery: { enabled: true, launch: { postLaunchActions: false, launchDisposition: "STOPPED", rightSizing: "NONE" } } });
    const vpc = named(result.resources, "recovery-vpc");
    assert.deepEqual(ofType(result.resources, T.endpoint).filter((e) => e.inputs.vpcId === vpc.id), []);
    assert.deepEqual(rules(named(result.resources, "recovery-instances-sg"), "egress"), ["-1 0-0 10.2.0.0/16"]);
    assert.deepEqual((named(result.resources, "recovery-default-launch-template").inputs.iamInstanceProfile as { name: string }).name, "AWSElasticDisasterRecoveryRecoveryInstanceRole");
    const template = named(result.resources, "recovery-launch-configuration-template").inputs;
    assert.deepEqual([template.postLaunchEnabled, template.launchDisposition, template.targetInstanceTypeRightSizingMethod], [false, "STOPPED", "NONE"]);
  });

  const ADOPTED = { vpcId: "vpc-0123456789abcdef0", cidrBlock: "10.2.0.0/16", subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], routeTableIds: ["rtb-0123456789abcdef0"] };
  /** A DR account that holds the adopted recovery VPC, its route table and subnets. */
  function adoptedAccount(): FakeAccount {
    const account = emptyAccount();
    account.vpcs[ADOPTED.vpcId] = { region: "eu-west-2", cidrBlocks: [ADOPTED.cidrBlock] };
    account.routeTables[ADOPTED.routeTableIds[0]] = { region: "eu-west-2", vpcId: ADOPTED.vpcId };
    for (const id of ADOPTED.subnetIds) account.subnets[id] = { region: "eu-west-2", vpcId: ADOPTED.vpcId };
    return account;
  }

  it("adopts a given VPC: creates no VPC, and lands recovered instances in its first subnet", async () => {
    const vpc = ADOPTED;
    const result = await synth({ ...MINIMAL, recovery: { enabled: true, vpc } }, adoptedAccount());
    assert.equal(result.resources.filter((r) => r.name === "recovery-vpc").length, 0);
    assert.equal(named(result.resources, "recovery-instances-sg").inputs.vpcId, vpc.vpcId);
    assert.equal((named(result.resources, "recovery-default-launch-template").inputs.networkInterfaces as { subnetId: string }[])[0].subnetId, vpc.subnetIds[0]);
    assert.deepEqual(named(result.resources, "recovery-s3-gateway-endpoint").inputs.routeTableIds, vpc.routeTableIds);
    assert.deepEqual([result.outputs.recoveryVpcId, result.outputs.recoverySubnetIds], [vpc.vpcId, vpc.subnetIds]);
  });

  it("refuses an adopted VPC the DR account does not have, or whose block differs, before anything is made", async () => {
    const missing = await synthError({ ...MINIMAL, recovery: { enabled: true, vpc: ADOPTED } });
    assert.match(String(missing.error), /recovery\.vpc\.vpcId: "vpc-0123456789abcdef0" could not be read in drRegion "eu-west-2"/);
    assert.deepEqual(missing.declared.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).map((r) => r.name), []);
    const other = await synthError({ ...MINIMAL, recovery: { enabled: true, vpc: { ...ADOPTED, cidrBlock: "10.9.0.0/16" } } }, adoptedAccount());
    assert.match(String(other.error), /recovery\.vpc\.cidrBlock: "10\.9\.0\.0\/16" is not a block of vpc-0123456789abcdef0, whose blocks are 10\.2\.0\.0\/16/);
  });

  it("imports the templates the config names instead of creating them", async () => {
    const arn = "arn:aws:drs:eu-west-2:111111111111:launch-configuration-template/lct-0123456789abcdefA";
    const result = await synth({ ...MINIMAL, recovery: { enabled: true, launch: { templateArn: arn, defaultLaunchTemplateId: "lt-0123456789abcdef0" } } });
    assert.equal(named(result.resources, "recovery-launch-configuration-template").id, arn);
    assert.equal(result.outputs.launchConfigurationTemplateId, "lct-0123456789abcdefA");
    assert.equal(result.outputs.defaultLaunchTemplateId, "lt-0123456789abcdef0");
  });

  it("declares nothing of it, and no Cloud Control provider, when recovery is off", async () => {
    const result = await synth(MINIMAL);
    assert.equal(result.resources.filter((r) => r.name.startsWith("recovery-") || r.type === "pulumi:providers:aws-native").length, 0);
    assert.equal(result.outputs.recoveryVpcId, undefined);
  });
});
