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
    for (const page of ["vpn", "transit-gateway", "route53"]) assert.match(PRICE_TABLE.source, new RegExp(`https://aws\\.amazon\\.com/${page}/pricing/`));
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

  describe("the external sources' connections and resolver", () => {
    const resource = (type: string, name: string, region: string | undefined, props: Record<string, unknown> = {}): DeclaredResource => ({
      type,
      name,
      urn: `urn:${name}`,
      ...(region === undefined ? {} : { region }),
      props,
    });
    const vpn = (name: string, region: string) => resource("aws:ec2/vpnConnection:VpnConnection", name, region, { type: "ipsec.1", staticRoutesOnly: true });
    const attachment = (name: string, region: string) =>
      resource("aws:ec2transitgateway/vpcAttachment:VpcAttachment", name, region, { transitGatewayId: "tgw-0123456789abcdef0", subnetIds: ["subnet-a", "subnet-b"] });
    const resolver = (name: string, region: string, enis: number) =>
      resource("aws:route53/resolverEndpoint:ResolverEndpoint", name, region, {
        direction: "INBOUND",
        ipAddresses: Array.from({ length: enis }, (_, i) => ({ subnetId: `subnet-${i}` })),
      });
    const gateways = (region: string) => [
      resource("aws:ec2/vpnGateway:VpnGateway", "ext-vgw", region),
      resource("aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment", "ext-vgw-attachment", region),
      resource("aws:ec2/customerGateway:CustomerGateway", "ext-cgw-dc1", region, { ipAddress: "203.0.113.10", bgpAsn: "65000" }),
    ];
    const VPN_NOTE =
      "Site-to-Site VPN connections also bill data transfer out over them as EC2 data transfer out, per GB after the first 100 GB a month across AWS " +
      "($0.09/GB in AWS's us-east-2 example; data in is free): https://aws.amazon.com/vpn/pricing/, https://aws.amazon.com/ec2/pricing/on-demand/.";
    const GATEWAYS_NOTE =
      "The virtual private gateway, its attachment and the customer gateways have no line: AWS's VPN pricing page bills the VPN connection-hour " +
      "and data transfer out and names no charge for them, but does not say they are free (https://aws.amazon.com/vpn/pricing/).";
    const ATTACHMENT_NOTE =
      "Transit gateway attachments also bill each GB sent from the staging VPC into the transit gateway ($0.02/GB in AWS's us-east-2 example). " +
      "AWS bills the attachment-hours to the VPC's account (the staging VPC's), not the transit gateway owner's, from when the owner accepts the attachment; " +
      "data processing goes to the account that owns the attachment the traffic enters by, unless the transit gateway's owner sets a metering policy " +
      "(https://aws.amazon.com/transit-gateway/pricing/, https://docs.aws.amazon.com/vpc/latest/tgw/metering-policy.html).";
    const RESOLVER_NOTE =
      "Resolver endpoints also bill the DNS queries they handle: $0.40 per million for the first billion a month, $0.20 per million after (https://aws.amazon.com/route53/pricing/).";

    it("prices a Site-to-Site VPN connection at 730 connection-hours x $0.05 = $36.50 a month in us-east-2, and names its data transfer out", () => {
      const estimate = estimateMonthlyCost([vpn("ext-vpn-dc1", "us-east-2")]);
      assert.deepEqual(estimate.lines, [
        { item: "ext-vpn-dc1 (Site-to-Site VPN connection)", region: "us-east-2", quantity: 730, unit: "connection-hours", unitPrice: 0.05, monthly: 36.5 },
      ]);
      assert.equal(estimate.monthlyTotal, 36.5);
      assert.equal(estimate.complete, true);
      assert.deepEqual(estimate.unpriced, []);
      assert.deepEqual(estimate.notes, ["Interface endpoints also bill $0.01 per GB processed (first PB a month).", VPN_NOTE]);
    });

    it("gives the virtual private gateway, its attachment and the customer gateway no line, only a note: AWS names no price for them", () => {
      const estimate = estimateMonthlyCost([...gateways("us-east-1"), vpn("ext-vpn-dc1", "us-east-1")]);
      assert.deepEqual(estimate.lines, [
        { item: "ext-vpn-dc1 (Site-to-Site VPN connection)", region: "us-east-1", quantity: 730, unit: "connection-hours", unitPrice: 0.05, monthly: 36.5 },
      ]);
      assert.equal(estimate.monthlyTotal, 36.5);
      assert.deepEqual(estimate.notes.slice(1), [VPN_NOTE, GATEWAYS_NOTE]);
      assert.deepEqual(estimateMonthlyCost(gateways("eu-west-2")).notes.slice(1), [GATEWAYS_NOTE]);
    });

    it("prices a transit gateway attachment at 730 attachment-hours x $0.05 = $36.50 a month in us-east-1, and says whose account AWS bills", () => {
      const estimate = estimateMonthlyCost([attachment("ext-tgw-0123456789abcdef0-attachment", "us-east-1")]);
      assert.deepEqual(estimate.lines, [
        { item: "ext-tgw-0123456789abcdef0-attachment (transit gateway VPC attachment)", region: "us-east-1", quantity: 730, unit: "attachment-hours", unitPrice: 0.05, monthly: 36.5 },
      ]);
      assert.equal(estimate.monthlyTotal, 36.5);
      assert.deepEqual(estimate.notes.slice(1), [ATTACHMENT_NOTE]);
    });

    it("prices a Resolver endpoint per ENI, one per ipAddresses entry: 2 x 730 ENI-hours x $0.125 = $182.50 a month, and names its queries", () => {
      const estimate = estimateMonthlyCost([resolver("ext-resolver", "eu-west-2", 2)]);
      assert.deepEqual(estimate.lines, [
        { item: "ext-resolver (Route 53 Resolver inbound endpoint, 2 ENIs)", region: "eu-west-2", quantity: 1460, unit: "ENI-hours", unitPrice: 0.125, monthly: 182.5 },
      ]);
      assert.equal(estimate.monthlyTotal, 182.5);
      assert.deepEqual(estimate.notes.slice(1), [RESOLVER_NOTE]);
      assert.deepEqual(estimateMonthlyCost([resolver("ext-resolver", "eu-west-2", 3)]).lines[0], {
        item: "ext-resolver (Route 53 Resolver inbound endpoint, 3 ENIs)",
        region: "eu-west-2",
        quantity: 2190,
        unit: "ENI-hours",
        unitPrice: 0.125,
        monthly: 273.75,
      });
    });

    it("leaves the VPN and the attachment unpriced in a region the table has no price for (the onprem stack's eu-west-2), and says so", () => {
      const estimate = estimateMonthlyCost([
        ...gateways("eu-west-2"),
        vpn("ext-vpn-dc1", "eu-west-2"),
        attachment("ext-tgw-attachment", "eu-west-2"),
        resolver("ext-resolver", "eu-west-2", 2),
      ]);
      assert.deepEqual(estimate.lines, [
        { item: "ext-vpn-dc1 (Site-to-Site VPN connection)", region: "eu-west-2", quantity: 730, unit: "connection-hours" },
        { item: "ext-tgw-attachment (transit gateway VPC attachment)", region: "eu-west-2", quantity: 730, unit: "attachment-hours" },
        { item: "ext-resolver (Route 53 Resolver inbound endpoint, 2 ENIs)", region: "eu-west-2", quantity: 1460, unit: "ENI-hours", unitPrice: 0.125, monthly: 182.5 },
      ]);
      assert.equal(estimate.monthlyTotal, 182.5);
      assert.equal(estimate.complete, false);
      assert.deepEqual(estimate.unpriced, [
        "ext-vpn-dc1 (Site-to-Site VPN connection) in eu-west-2: 730 connection-hours, no price for eu-west-2 in the table",
        "ext-tgw-attachment (transit gateway VPC attachment) in eu-west-2: 730 attachment-hours, no price for eu-west-2 in the table",
      ]);
      assert.deepEqual(estimate.notes.slice(1), [VPN_NOTE, GATEWAYS_NOTE, ATTACHMENT_NOTE, RESOLVER_NOTE]);
    });

    it("adds the new lines to the blog's design without changing its lines, and totals them together", () => {
      const estimate = estimateMonthlyCost([
        endpoint("drs", "us-east-1", "Interface", 2),
        endpoint("s3-gateway", "us-east-1", "Gateway", 0),
        vpn("ext-vpn-dc1", "us-east-1"),
        attachment("ext-tgw-attachment", "us-east-1"),
        resolver("ext-resolver", "us-east-1", 2),
      ]);
      assert.deepEqual(
        estimate.lines.map((l) => [l.item, l.monthly]),
        [
          ["drs (interface endpoint, 2 AZs)", 14.6],
          ["s3-gateway (gateway endpoint)", 0],
          ["ext-vpn-dc1 (Site-to-Site VPN connection)", 36.5],
          ["ext-tgw-attachment (transit gateway VPC attachment)", 36.5],
          ["ext-resolver (Route 53 Resolver inbound endpoint, 2 ENIs)", 182.5],
        ],
      );
      assert.equal(estimate.monthlyTotal, 270.1);
      assert.equal(estimate.complete, true);
    });
  });
});
