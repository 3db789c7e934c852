import * as assert from "node:assert/strict";
import { didYouMean, editDistance, nearest } from "../lib/nearest";

describe("lib/nearest: the known name nearest to a misspelt one", () => {
  it("counts a swap of two neighbours as one edit", () => {
    assert.equal(editDistance("drRegoin", "drRegion"), 1);
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("", "abc"), 3);
  });

  it("finds the nearest key ignoring case, a key that holds the word, and nothing for a word far from all", () => {
    const keys = ["sourceRegion", "drRegion", "sourceVpcCidr", "stagingVpcCidr", "tags"];
    assert.equal(nearest("drRegoin", keys), "drRegion");
    assert.equal(nearest("sourceregion", keys), "sourceRegion");
    assert.equal(nearest("cidr", ["name", "region", "vpcCidr", "vpc"]), "vpcCidr");
    assert.equal(nearest("constructor", keys), undefined);
    assert.equal(didYouMean("tag", keys), " (did you mean tags?)");
    assert.equal(didYouMean("zzzz", keys), "");
  });
});
