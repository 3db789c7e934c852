import * as assert from "node:assert/strict";
import { bucketNameProblem, drsBuckets, packageRepositoryBuckets, s3ReadOnlyPolicy } from "../lib/endpointPolicies";

describe("lib/endpointPolicies", () => {
  it("lists DRS's seven buckets of a region", () => {
    assert.deepEqual(drsBuckets("eu-west-2"), [
      "aws-drs-clients-eu-west-2",
      "aws-drs-clients-hashes-eu-west-2",
      "aws-drs-internal-eu-west-2",
      "aws-drs-internal-hashes-eu-west-2",
      "aws-elastic-disaster-recovery-eu-west-2",
      "aws-elastic-disaster-recovery-hashes-eu-west-2",
      "al2023-repos-eu-west-2-de612dc2",
    ]);
  });

  it("uses the suffixed installer and hashes buckets where the region has them", () => {
    const buckets = drsBuckets("ap-southeast-7");
    assert.ok(buckets.includes("aws-elastic-disaster-recovery-ap-southeast-7-69ef66ac"));
    assert.ok(buckets.includes("aws-elastic-disaster-recovery-hashes-ap-southeast-7-69ef66ac"));
    assert.ok(buckets.includes("aws-drs-internal-ap-southeast-7"));
  });

  it("lists the Amazon Linux 2 and 2023 repository buckets of a region", () => {
    assert.deepEqual(packageRepositoryBuckets("eu-west-1"), ["amazonlinux-2-repos-eu-west-1", "amazonlinux.eu-west-1.amazonaws.com", "al2023-repos-eu-west-1-de612dc2"]);
  });

  it("allows only s3:GetObject on the objects of the buckets given, deduplicated and sorted", () => {
    assert.deepEqual(JSON.parse(s3ReadOnlyPolicy("Sid1", ["b-bucket", "a-bucket", "b-bucket"])), {
      Version: "2012-10-17",
      Statement: [{ Sid: "Sid1", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: ["arn:aws:s3:::a-bucket/*", "arn:aws:s3:::b-bucket/*"] }],
    });
  });

  it("refuses a name that is no bucket", () => {
    assert.throws(() => s3ReadOnlyPolicy("Sid1", ["*"]), /"\*" is not a bucket name/);
    assert.equal(bucketNameProblem("amazonlinux.eu-west-1.amazonaws.com"), undefined);
    assert.match(bucketNameProblem("a..b") ?? "", /no two adjacent dots/);
    assert.match(bucketNameProblem("192.168.1.1") ?? "", /not an IP address/);
    assert.match(bucketNameProblem("UPPER") ?? "", /only lowercase letters/);
  });
});
