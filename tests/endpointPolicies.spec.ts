import * as assert from "node:assert/strict";
import { bucketNameProblem, drsBuckets, interfaceEndpointPolicy, packageRepositoryBuckets, s3ReadOnlyPolicy } from "../lib/endpointPolicies";

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

  describe("interface endpoint policies", () => {
    const statements = (service: string) => (JSON.parse(interfaceEndpointPolicy(service, "eu-west-1", ["222222222222", "111111111111", "222222222222"])) as { Statement: { Sid: string; Action: unknown; Resource: unknown; Condition?: unknown }[] }).Statement;

    it("admits the stack's accounts, each once and sorted, acting on their own resources, and AWS services", () => {
      for (const service of ["drs", "ec2", "ssm", "ssmmessages", "ec2messages", "logs", "sts"]) {
        const [own, services] = statements(service);
        assert.deepEqual(own, {
          Sid: "TheStacksAccountsOnTheirOwnResources",
          Effect: "Allow",
          Principal: "*",
          Action: `${service}:*`,
          Resource: "*",
          Condition: { StringEquals: { "aws:PrincipalAccount": ["111111111111", "222222222222"], "aws:ResourceAccount": ["111111111111", "222222222222"] } },
        });
        assert.deepEqual(services.Condition, { Bool: { "aws:PrincipalIsAWSService": "true" } });
      }
    });

    it("adds only the reads of AWS's own resources each service needs", () => {
      assert.deepEqual(statements("logs").length, 2);
      assert.deepEqual(statements("ssm")[2].Resource, ["arn:aws:ssm:eu-west-1::document/*", "arn:aws:ssm:eu-west-1::parameter/aws/*"]);
      assert.deepEqual(statements("drs")[3], { Sid: "DrsAgentSession", Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:eu-west-1:*.*/POST/CreateSessionForDrs" });
    });

    it("refuses to be built without the stack's account ids", () => {
      assert.throws(() => interfaceEndpointPolicy("drs", "eu-west-1", []), /needs the stack's account ids/);
      assert.throws(() => interfaceEndpointPolicy("drs", "eu-west-1", ["[secret]"]), /needs the stack's account ids/);
    });

    it("stays within AWS's 20,480 characters with a hundred accounts", () => {
      const accounts = Array.from({ length: 100 }, (_, i) => String(100000000000 + i));
      assert.ok(interfaceEndpointPolicy("ssm", "eu-west-1", accounts).length <= 20480);
    });
  });
});
