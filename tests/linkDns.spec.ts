import * as assert from "assert";
import { drsZoneAssociations, privateDnsEnabled } from "../lib/linkDns";

describe("lib/linkDns: the link's DNS decisions", () => {
  it("turns private DNS on for EC2 always, for DRS only with endpoint-flag, never for S3", () => {
    assert.deepEqual(
      (["drs", "ec2", "s3"] as const).map((s) => [privateDnsEnabled(s, "endpoint-flag"), privateDnsEnabled(s, "private-hosted-zone")]),
      [
        [true, false],
        [true, true],
        [false, false],
      ],
    );
  });

  it("lists every source VPC in the zone within one account; across accounts associates each, authorizing only the other accounts'", () => {
    assert.deepEqual(drsZoneAssociations([{ otherAccount: false }, { otherAccount: false }]), { kind: "listed" });
    assert.deepEqual(drsZoneAssociations([{ otherAccount: false }, { otherAccount: true }]), { kind: "associated", authorize: [false, true] });
  });
});
