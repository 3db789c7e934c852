import * as assert from "node:assert/strict";
import { maskDerivedAddresses, maskWholeValues } from "../lib/secretText";

describe("lib/secretText: secret values out of messages", () => {
  it("replaces a value only where it stands whole: quoted, or between spaces and brackets, never inside a word", () => {
    assert.equal(maskWholeValues(`"a" overlaps the VPC's block of source a (a)`, ["a"]), "[secret] overlaps the VPC's block of source [secret] ([secret])");
    assert.equal(maskWholeValues("the source VPC's s3 block", ["s"]), "the source VPC's s3 block");
    assert.equal(maskWholeValues("eu-west-1a is not in eu-west-1", ["eu-west-1"]), "eu-west-1a is not in [secret]");
    assert.equal(maskWholeValues('"10.1.0.0/16" and 10.1.0.0/16', ["10.1.0.0/16", "10.1"]), "[secret] and [secret]");
    assert.equal(maskWholeValues("nothing to hide", []), "nothing to hide");
  });

  it("replaces what a detail gives away: IPv4 addresses and blocks, 12-digit account ids", () => {
    assert.equal(maskDerivedAddresses("the network address of that block is 10.1.0.0/16, account 123456789012"), "the network address of that block is [secret], account [secret]");
    assert.equal(maskDerivedAddresses("prefix /16 to /28, 20 of 1234567890123"), "prefix /16 to /28, 20 of 1234567890123");
  });
});
