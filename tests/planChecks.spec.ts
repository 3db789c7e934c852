import * as assert from "node:assert/strict";
import { adoptedVpcProblems, chooseAvailabilityZones, ZoneRequest } from "../lib/plan/checks";
import type { AdoptedSourceVpc } from "../settings";

const STAGING: Omit<ZoneRequest, "choice"> = {
  region: "eu-west-2",
  regionKey: "drRegion",
  listKey: "stagingAvailabilityZones",
  countKey: "availabilityZoneCount",
  offered: ["eu-west-2c", "eu-west-2a", "eu-west-2b"],
  services: [
    { serviceName: "com.amazonaws.eu-west-2.drs", availabilityZones: ["eu-west-2b", "eu-west-2c"] },
    { serviceName: "com.amazonaws.eu-west-2.ec2", availabilityZones: ["eu-west-2a", "eu-west-2b", "eu-west-2c"] },
  ],
};

describe("lib/plan/checks", () => {
  describe("chooseAvailabilityZones", () => {
    it("takes the first zones, in name order, that offer every endpoint service", () => {
      assert.deepEqual(chooseAvailabilityZones({ ...STAGING, choice: { count: 2 } }), { zones: ["eu-west-2b", "eu-west-2c"], problems: [] });
    });

    it("takes any offered zones when no service is required", () => {
      assert.deepEqual(chooseAvailabilityZones({ ...STAGING, services: undefined, choice: { count: 2 } }).zones, ["eu-west-2a", "eu-west-2b"]);
    });

    it("names the count key when too few zones qualify, with the zones that do", () => {
      assert.deepEqual(chooseAvailabilityZones({ ...STAGING, choice: { count: 3 } }), {
        zones: [],
        problems: [
          {
            key: "availabilityZoneCount",
            message:
              '3 is more than the 2 availability zones this account offers in drRegion "eu-west-2" that offer com.amazonaws.eu-west-2.drs, ' +
              "com.amazonaws.eu-west-2.ec2 (eu-west-2b, eu-west-2c)",
          },
        ],
      });
    });

    it("keeps explicit zones in the order given", () => {
      assert.deepEqual(chooseAvailabilityZones({ ...STAGING, choice: { names: ["eu-west-2c", "eu-west-2b"] } }).zones, ["eu-west-2c", "eu-west-2b"]);
    });

    it("reports each explicit zone that is not offered or lacks a service, by index", () => {
      assert.deepEqual(chooseAvailabilityZones({ ...STAGING, choice: { names: ["eu-west-2a", "eu-west-2d", "eu-west-2b"] } }), {
        zones: [],
        problems: [
          {
            key: "stagingAvailabilityZones[0]",
            message: '"eu-west-2a" does not offer the endpoint service com.amazonaws.eu-west-2.drs; choose another zone',
          },
          {
            key: "stagingAvailabilityZones[1]",
            message: '"eu-west-2d" is not an availability zone this account offers in drRegion "eu-west-2" (available: eu-west-2a, eu-west-2b, eu-west-2c)',
          },
        ],
      });
    });
  });

  describe("adoptedVpcProblems", () => {
    const adopt: AdoptedSourceVpc = {
      kind: "adopt",
      vpcId: "vpc-0123456789abcdef0",
      vpcCidr: "10.1.0.0/16",
      routeTableIds: ["rtb-0123456789abcdef0", "rtb-0123456789abcdef1"],
      subnetIds: ["subnet-0123456789abcdef0"],
    };
    const mine = { found: { vpcId: adopt.vpcId } };

    it("finds nothing wrong when the account agrees, including a secondary block", () => {
      const facts = {
        vpc: { found: { cidrBlocks: ["10.9.0.0/16", "10.1.0.0/16"] } },
        routeTables: { "rtb-0123456789abcdef0": mine, "rtb-0123456789abcdef1": mine },
        subnets: { "subnet-0123456789abcdef0": mine },
      };
      assert.deepEqual(adoptedVpcProblems(adopt, facts, "eu-west-1"), []);
    });

    it("reports a wrong block, a foreign route table and an unreadable subnet, each by key", () => {
      const facts = {
        vpc: { found: { cidrBlocks: ["10.9.0.0/16"] } },
        routeTables: { "rtb-0123456789abcdef0": mine, "rtb-0123456789abcdef1": { found: { vpcId: "vpc-0fffffffffffffff0" } } },
        subnets: { "subnet-0123456789abcdef0": { error: "no matching EC2 Subnet found" } },
      };
      assert.deepEqual(adoptedVpcProblems(adopt, facts, "eu-west-1"), [
        { key: "sourceVpc.cidrBlock", message: '"10.1.0.0/16" is not a block of vpc-0123456789abcdef0, whose blocks are 10.9.0.0/16' },
        {
          key: "sourceVpc.routeTableIds[1]",
          message: '"rtb-0123456789abcdef1" is a route table of vpc-0fffffffffffffff0, not of vpc-0123456789abcdef0',
        },
        {
          key: "sourceVpc.subnetIds[0]",
          message: '"subnet-0123456789abcdef0" could not be read in sourceRegion "eu-west-1": no matching EC2 Subnet found',
        },
      ]);
    });

    it("reports a VPC that cannot be read", () => {
      const facts = { vpc: { error: "no matching EC2 VPC found" }, routeTables: { "rtb-0123456789abcdef0": mine, "rtb-0123456789abcdef1": mine }, subnets: { "subnet-0123456789abcdef0": mine } };
      assert.deepEqual(adoptedVpcProblems(adopt, facts, "eu-west-1"), [
        { key: "sourceVpc.vpcId", message: '"vpc-0123456789abcdef0" could not be read in sourceRegion "eu-west-1": no matching EC2 VPC found' },
      ]);
    });
  });
});
