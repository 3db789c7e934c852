import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { StagingVpc } from "../components/stagingVpc";
import { named, ofType, runMocked, T } from "../synth/run";

const SUBNETS = [
  { availabilityZone: "eu-west-2a", cidrBlock: "10.0.0.0/24" },
  { availabilityZone: "eu-west-2b", cidrBlock: "10.0.1.0/24" },
  { availabilityZone: "eu-west-2c", cidrBlock: "10.0.2.0/24" },
];

function declare() {
  return runMocked(() => {
    const provider = new aws.Provider("aws-dr", { region: "eu-west-2" });
    const vpc = new StagingVpc("staging", { cidrBlock: "10.0.0.0/16", subnets: SUBNETS }, { provider });
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
    assert.equal(custom.length, 1 + 1 + 1 + 3 + 3);
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
});
