import * as assert from "node:assert/strict";
import {
  DRS_INSTALLER_REGIONS,
  endpointServiceName,
  INSTALLER_BUCKET_SUFFIXES,
  installerBucketSuffix,
  isAvailabilityZoneOf,
  regionProblem,
} from "../lib/regions";

describe("lib/regions", () => {
  it("accepts every DRS installer region as source and as DR region", () => {
    for (const region of DRS_INSTALLER_REGIONS) {
      assert.equal(regionProblem(region, "dr"), undefined, region);
      assert.equal(regionProblem(region, "source"), undefined, region);
    }
  });

  it("lists the 34 installer regions of the DRS download table, each once", () => {
    assert.equal(DRS_INSTALLER_REGIONS.length, 34);
    assert.equal(new Set(DRS_INSTALLER_REGIONS).size, 34);
  });

  it("tells a malformed region from an unknown one and from one of another partition", () => {
    assert.equal(regionProblem("EU-WEST-2", "dr"), "is not an AWS region code (expected the form eu-west-2)");
    assert.equal(regionProblem("euwest2", "source"), "is not an AWS region code (expected the form eu-west-2)");
    assert.equal(regionProblem("eu-west-9", "source"), "is not a known AWS commercial region");
    assert.match(regionProblem("eu-west-9", "dr")!, /^is not a region where AWS Elastic Disaster Recovery is offered/);
    assert.match(regionProblem("us-gov-west-1", "dr")!, /^is in the aws-us-gov partition/);
    assert.match(regionProblem("cn-north-1", "source")!, /^is in the aws-cn partition/);
  });

  it("gives the bucket suffix of exactly the six newer regions", () => {
    assert.deepEqual(INSTALLER_BUCKET_SUFFIXES, {
      "ap-east-2": "-f1dcde1a",
      "ap-southeast-5": "-ebaf53cb",
      "ap-southeast-6": "-8a759f92",
      "ap-southeast-7": "-69ef66ac",
      "ca-west-1": "-2590fa22",
      "mx-central-1": "-1f310737",
    });
    assert.equal(installerBucketSuffix("ca-west-1"), "-2590fa22");
    assert.equal(installerBucketSuffix("eu-west-2"), "");
    for (const region of Object.keys(INSTALLER_BUCKET_SUFFIXES)) {
      assert.ok(DRS_INSTALLER_REGIONS.includes(region), region);
    }
  });

  it("recognises a region's plain availability zones only", () => {
    assert.equal(isAvailabilityZoneOf("eu-west-2a", "eu-west-2"), true);
    assert.equal(isAvailabilityZoneOf("eu-west-1a", "eu-west-2"), false);
    assert.equal(isAvailabilityZoneOf("us-west-2-lax-1a", "us-west-2"), false);
    assert.equal(isAvailabilityZoneOf("eu-west-2", "eu-west-2"), false);
    assert.equal(isAvailabilityZoneOf("eu-west-21", "eu-west-2"), false);
  });

  it("names endpoint services com.amazonaws.<region>.<service>", () => {
    assert.equal(endpointServiceName("eu-west-2", "drs"), "com.amazonaws.eu-west-2.drs");
  });
});
