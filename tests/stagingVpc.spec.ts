import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { StagingVpc } from "../components/stagingVpc";
import { stagingNetworkAclRules } from "../lib/networkAcl";
import { named, ofType, runMocked, T } from "../synth/run";

const SUBNETS = [
  { availabilityZone: "eu-west-2a", cidrBlock: "10.0.0.0/24" },
  { availabilityZone: "eu-west-2b", cidrBlock: "10.0.1.0/24" },
  { availabilityZone: "eu-west-2c", cidrBlock: "10.0.2.0/24" },
];

function declare(hardening: { flowLogs?: boolean; networkAcl?: boolean } = {}) {
  return runMocked(() => {
    const provider = new aws.Provider("aws-dr", { region: "eu-west-2" });
    const vpc = new StagingVpc(
      "staging",
      {
        cidrBlock: "10.0.0.0/16",
        subnets: SUBNETS,
        flowLogs: hardening.flowLogs ? { region: "eu-west-2", retentionDays: 90, kmsKeyArn: "arn:aws:kms:eu-west-2:123456789012:key/abcd" } : undefined,
        networkAcl: { sourceCidrBlocks: ["10.1.0.0/16"], dedicated: hardening.networkAcl === true },
      },
      { provider },
    );
    return {
      vpcId: vpc.vpcId,
      cidrBlock: vpc.cidrBlock,
      subnetIds: vpc.subnetIds,
      subnetCidrBlocks: vpc.subnetCidrBlocks,
      routeTableIds: vpc.routeTables.map((t) => t.id),
    };
  });
}

describe("components/stagingVpc", () => {
  it("declares an isolated VPC with one staging subnet per zone, in the DR region, under the component", async () => {
    const { resources } = await declare();
    assert.equal(named(resources, "staging").type, "drs-secured-network:stagingVpc:StagingVpc");
    const custom = resources.filter((r) => r.custom && r.type !== T.provider);
    // The VPC, its default group, its default ACL, the route table, three subnets with their associations.
    assert.equal(custom.length, 1 + 1 + 1 + 1 + 3 + 3);
    for (const r of custom) {
      assert.equal(r.region, "eu-west-2", r.name);
      assert.match(r.urn, /::drs-secured-network:stagingVpc:StagingVpc\$aws:/, r.name);
    }
    const vpc = named(resources, "staging-vpc");
    assert.deepEqual(
      { cidrBlock: vpc.inputs.cidrBlock, dns: vpc.inputs.enableDnsSupport, hostnames: vpc.inputs.enableDnsHostnames },
      { cidrBlock: "10.0.0.0/16", dns: true, hostnames: true },
    );
    assert.deepEqual(named(resources, "staging-default-sg").inputs.ingress, []);
    assert.deepEqual(named(resources, "staging-default-sg").inputs.egress, []);
    const table = named(resources, "staging-rt");
    SUBNETS.forEach((plan, i) => {
      const subnet = named(resources, `staging-subnet-${i}`);
      assert.deepEqual(
        [subnet.inputs.cidrBlock, subnet.inputs.availabilityZone, subnet.inputs.mapPublicIpOnLaunch],
        [plan.cidrBlock, plan.availabilityZone, false],
      );
      assert.equal(named(resources, `staging-subnet-${i}-rt`).inputs.routeTableId, table.id);
    });
    assert.deepEqual(ofType(resources, T.route), []);
  });

  it("exposes the subnets' ids and blocks in zone order, and the route table", async () => {
    const { resources, outputs } = await declare();
    assert.deepEqual(outputs, {
      vpcId: named(resources, "staging-vpc").id,
      cidrBlock: "10.0.0.0/16",
      subnetIds: [0, 1, 2].map((i) => named(resources, `staging-subnet-${i}`).id),
      subnetCidrBlocks: ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"],
      routeTableIds: [named(resources, "staging-rt").id],
    });
  });

  it("logs all traffic to its own log group, through a role trusted only by the flow logs service", async () => {
    const { resources } = await declare({ flowLogs: true });
    const group = named(resources, "staging-flow-logs");
    assert.deepEqual([group.type, group.region, group.inputs.retentionInDays, group.inputs.kmsKeyId], ["aws:cloudwatch/logGroup:LogGroup", "eu-west-2", 90, "arn:aws:kms:eu-west-2:123456789012:key/abcd"]);
    const role = named(resources, "staging-flow-logs-role");
    assert.equal(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Condition.ArnLike["aws:SourceArn"], "arn:aws:ec2:eu-west-2:123456789012:vpc-flow-log/*");
    const policy = named(resources, "staging-flow-logs-policy");
    assert.equal(policy.inputs.role, role.id);
    assert.deepEqual(JSON.parse(String(policy.inputs.policy)).Statement[0].Resource, [group.state.arn, `${group.state.arn}:*`]);
    const flowLog = named(resources, "staging-flow-log");
    assert.deepEqual(
      [flowLog.inputs.vpcId, flowLog.inputs.trafficType, flowLog.inputs.logDestinationType, flowLog.inputs.logDestination, flowLog.inputs.iamRoleArn],
      [named(resources, "staging-vpc").id, "ALL", "cloud-watch-logs", group.state.arn, role.state.arn],
    );
    for (const r of [group, role, policy, flowLog]) assert.match(r.urn, /::drs-secured-network:stagingVpc:StagingVpc\$aws:/, r.name);
  });

  it("puts the network ACL on every staging subnet, and leaves the unused default ACL with no rule (deny all)", async () => {
    const { resources } = await declare({ networkAcl: true });
    const acl = named(resources, "staging-nacl");
    assert.equal(acl.type, "aws:ec2/networkAcl:NetworkAcl");
    assert.equal(acl.inputs.vpcId, named(resources, "staging-vpc").id);
    assert.deepEqual(acl.inputs.subnetIds, [0, 1, 2].map((i) => named(resources, `staging-subnet-${i}`).id));
    assert.deepEqual(acl.inputs.ingress, stagingNetworkAclRules({ sourceCidrBlocks: ["10.1.0.0/16"], stagingCidrBlock: "10.0.0.0/16" }).ingress);
    assert.deepEqual(acl.inputs.egress, stagingNetworkAclRules({ sourceCidrBlocks: ["10.1.0.0/16"], stagingCidrBlock: "10.0.0.0/16" }).egress);
    const defaultAcl = named(resources, "staging-default-nacl");
    assert.equal(defaultAcl.type, "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl");
    assert.equal(defaultAcl.region, "eu-west-2");
    assert.equal(defaultAcl.inputs.defaultNetworkAclId, named(resources, "staging-vpc").state.defaultNetworkAclId);
    assert.deepEqual([defaultAcl.inputs.ingress, defaultAcl.inputs.egress], [[], []]);
    assert.equal(defaultAcl.inputs.subnetIds, undefined);
  });

  it("puts the same rules on the default ACL when the staging subnets have no ACL of their own", async () => {
    const { resources } = await declare();
    assert.deepEqual(resources.filter((r) => /flow|-nacl$/.test(r.name) && r.name !== "staging-default-nacl"), []);
    const rules = stagingNetworkAclRules({ sourceCidrBlocks: ["10.1.0.0/16"], stagingCidrBlock: "10.0.0.0/16" });
    const defaultAcl = named(resources, "staging-default-nacl");
    assert.deepEqual([defaultAcl.inputs.ingress, defaultAcl.inputs.egress], [rules.ingress, rules.egress]);
    // The subnets it serves, as the provider reads them back: left out, every preview would show a change
    // (terraform-provider-aws vpc_default_network_acl.go: subnet_ids is neither computed nor ignored).
    assert.deepEqual(defaultAcl.inputs.subnetIds, [0, 1, 2].map((i) => named(resources, `staging-subnet-${i}`).id));
  });
});
