import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { fakeHex, fakeId } from "../synth/awsMocks";
import { runMocked } from "../synth/run";

// The mocks are the ground every other spec stands on: they must refuse what they do not know.
describe("synth/awsMocks", () => {
  it("rejects an invoke it does not know", async () => {
    await assert.rejects(
      runMocked(async () => {
        const provider = new aws.Provider("aws-dr", { region: "eu-west-2" });
        await aws.ec2.getInternetGateway({ internetGatewayId: "igw-0123456789abcdef0" }, { provider });
        return {};
      }),
      /the AWS mocks do not know the invoke aws:ec2\/getInternetGateway:getInternetGateway/,
    );
  });

  it("rejects an invoke without an explicit provider", async () => {
    await assert.rejects(
      runMocked(async () => {
        new aws.Provider("aws-dr", { region: "eu-west-2" });
        await aws.getAvailabilityZones({});
        return {};
      }),
      /no explicit aws provider/,
    );
  });

  it("answers AWS-shaped, repeatable ids", () => {
    assert.match(fakeId("vpc", "seed"), /^vpc-[0-9a-f]{17}$/);
    assert.equal(fakeId("vpc", "seed"), fakeId("vpc", "seed"));
    assert.notEqual(fakeHex("a", 8), fakeHex("b", 8));
  });
});
