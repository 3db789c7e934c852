import * as assert from "node:assert/strict";
import { estimateMonthlyCost, PRICE_TABLE } from "../lib/cost";
import type { DeclaredResource } from "../lib/verifier";

const endpoint = (name: string, region: string, type: string, subnets: number): DeclaredResource => ({
  type: "aws:ec2/vpcEndpoint:VpcEndpoint",
  name,
  urn: `urn:${name}`,
  region,
  props: { vpcEndpointType: type, subnetIds: Array.from({ length: subnets }, (_, i) => `subnet-${i}`) },
});

describe("lib/cost", () => {
  it("names its source and date", () => {
    assert.match(PRICE_TABLE.source, /https:\/\/aws\.amazon\.com\/privatelink\/pricing\//);
    assert.match(PRICE_TABLE.asOf, /^\d{4}-\d{2}$/);
    assert.equal(PRICE_TABLE.hoursPerMonth, 730);
  });

  it("prices the blog's design at 6 AZ-hours x 730 h x $0.011 = $48.18 a month in eu-west-2", () => {
    const estimate = estimateMonthlyCost([
      endpoint("drs", "eu-west-2", "Interface", 2),
      endpoint("ec2", "eu-west-2", "Interface", 2),
      endpoint("s3", "eu-west-2", "Interface", 2),
      endpoint("s3-gateway", "eu-west-2", "Gateway", 0),
      { type: "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", name: "peering", urn: "urn:peering", region: "eu-west-1", props: {} },
    ]);
    assert.deepEqual(estimate.lines, [
      { item: "drs (interface endpoint, 2 AZs)", region: "eu-west-2", quantity: 1460, unit: "AZ-hours", unitPrice: 0.011, monthly: 16.06 },
      { item: "ec2 (interface endpoint, 2 AZs)", region: "eu-west-2", quantity: 1460, unit: "AZ-hours", unitPrice: 0.011, monthly: 16.06 },
      { item: "s3 (interface endpoint, 2 AZs)", region: "eu-west-2", quantity: 1460, unit: "AZ-hours", unitPrice: 0.011, monthly: 16.06 },
      { item: "s3-gateway (gateway endpoint)", region: "eu-west-2", quantity: 1, unit: "endpoint", unitPrice: 0, monthly: 0 },
      { item: "peering (VPC peering)", region: "eu-west-1", quantity: 1, unit: "connection", unitPrice: 0, monthly: 0 },
    ]);
    assert.equal(estimate.monthlyTotal, 48.18);
    assert.deepEqual(estimate.unpriced, []);
  });

  it("scales with zones: three AZs in us-east-1 at $0.01", () => {
    assert.equal(estimateMonthlyCost([endpoint("drs", "us-east-1", "Interface", 3)]).monthlyTotal, 21.9);
  });

  it("leaves a region without a price out of the total and says so", () => {
    const estimate = estimateMonthlyCost([endpoint("drs", "ca-west-1", "Interface", 2), endpoint("ec2", "eu-west-2", "Interface", 1)]);
    assert.equal(estimate.monthlyTotal, 8.03);
    assert.deepEqual(estimate.unpriced, ["drs (interface endpoint, 2 AZs) in ca-west-1: 1460 AZ-hours, no price for ca-west-1 in the table"]);
  });

  it("prices a private hosted zone at $0.50 a month", () => {
    const zone: DeclaredResource = { type: "aws:route53/zone:Zone", name: "drs-zone", urn: "urn:zone", props: {} };
    assert.equal(estimateMonthlyCost([zone]).monthlyTotal, 0.5);
  });
});
