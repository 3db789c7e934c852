import * as assert from "node:assert/strict";
import { DeclaredResource, Verdict, verifyNetwork } from "../lib/verifier";
import type { ExternalSourceFacts } from "../lib/verifier/declared";
import { declaredResources, synth } from "../synth/run";
import { changed, failures, find, without } from "./support/declaredEdits";

/** The three ways a source outside AWS connects, each as a `sources` entry and as the facts its config gives. */
const TGW = { transitGatewayId: "tgw-0123456789abcdef0" };
const VGW = { vpnGatewayId: "vgw-0123456789abcdef0" };
const VPN = { siteToSiteVpn: { customerGatewayIp: "203.0.113.10", bgpAsn: 65000, staticRoutes: true } };
const FACTS: Record<string, ExternalSourceFacts> = {
  tgw: { name: "dc2", cidrBlocks: ["172.16.0.0/16"], connection: { kind: "transit-gateway", ...TGW }, dns: "endpoint-flag" },
  vgw: { name: "dc3", cidrBlocks: ["192.168.64.0/20"], connection: { kind: "vpn-gateway", ...VGW }, dns: "resolver" },
  vpn: { name: "dc1", cidrBlocks: ["192.168.0.0/20", "192.168.32.0/24"], connection: { kind: "site-to-site-vpn", customerGatewayIp: "203.0.113.10" }, dns: "resolver" },
};
const CONNECTIONS: Record<string, unknown> = { tgw: TGW, vgw: VGW, vpn: VPN };

/** A stack of one source VPC and the given external sources, replication on, declared under the mocks. */
async function declare(kinds: readonly string[], vpcSource = true): Promise<DeclaredResource[]> {
  const sources = [
    ...(vpcSource ? [{ name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" }] : []),
    ...kinds.map((k) => ({ name: FACTS[k].name, external: { cidrBlocks: FACTS[k].cidrBlocks, connection: CONNECTIONS[k], dns: FACTS[k].dns } })),
  ];
  return declaredResources((await synth({ drRegion: "eu-west-2", replication: { enabled: true }, sources })).resources);
}

/** The verdict ids that concern the external networks (their connections, VPNs and flows, the resolver's DNS). */
function externalIds(verdicts: readonly Verdict[], names: readonly string[]): string[] {
  return verdicts.map((v) => v.id).filter((id) => /^(connection|vpn):|^dns:external|^forbidden:gateway/.test(id) || names.some((n) => id.startsWith(`flow:${n} `)));
}

const ENDPOINTS = ["link-drs-endpoint", "link-s3-endpoint", "link-ec2-endpoint"];

describe("lib/verifier: sources outside AWS", () => {
  describe("the declared network of each connection passes, with every flow from every block", () => {
    it("a transit gateway: its connection, and TCP 443 and 1500 from the block through the attachment's subnets and ACL", async () => {
      const verdicts = verifyNetwork(await declare(["tgw"]), { externalSources: [FACTS.tgw] });
      assert.deepEqual(failures(verdicts), []);
      assert.deepEqual(externalIds(verdicts, ["dc2"]), [
        "connection:dc2",
        ...[...ENDPOINTS, "replication-template"].map((t) => `flow:dc2 172.16.0.0/16->${t}`),
        "forbidden:gateway-default-routes",
      ]);
      const drs = verdicts.find((v) => v.id === "flow:dc2 172.16.0.0/16->link-drs-endpoint");
      assert.equal(drs?.description, "dc2 172.16.0.0/16 reaches the DRS interface endpoint on TCP 443 through external-tgw-0123456789abcdef0-attachment, and the replies come back");
      assert.deepEqual(drs?.path, [
        "dc2 172.16.0.0/16",
        "external-tgw-0123456789abcdef0-attachment",
        // The attachment's ACL out toward the endpoint, the staging ACL in from the block and its replies out, then the
        // attachment's ACL in for the replies (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html).
        "external-tgw-nacl: rule 100 out",
        "staging-nacl: rule 120 in",
        "staging-nacl: rule 110 out",
        "external-tgw-nacl: rule 120 in",
        "staging-subnet-0 (10.0.0.0/24)",
        "link-endpoints-sg: TCP 443 from 172.16.0.0/16",
        "link-drs-endpoint",
        "back: staging-rt (172.16.0.0/16)",
        "back: external-tgw-0123456789abcdef0-attachment",
        "(and the same to its 1 other subnet)",
      ]);
      assert.deepEqual(verdicts.find((v) => v.id === "connection:dc2")?.notes, [
        "whether the transit gateway's owner accepts the attachment (a transit gateway of another account, without auto-accept) is read live",
      ]);
      // The attachment's subnets hold no servers: they are no origin of the staging flows.
      assert.ok(!verdicts.some((v) => v.id.startsWith("flow:external-tgw-subnet")));
    });

    it("a given virtual private gateway with the resolver: DNS to the resolver, and S3's name through it", async () => {
      const verdicts = verifyNetwork(await declare(["vgw"]), { externalSources: [FACTS.vgw] });
      assert.deepEqual(failures(verdicts), []);
      assert.deepEqual(externalIds(verdicts, ["dc3"]), [
        "connection:dc3",
        ...[...ENDPOINTS, "replication-template", "external-resolver"].map((t) => `flow:dc3 192.168.64.0/20->${t}`),
        "dns:external-resolver-s3",
        "forbidden:gateway-default-routes",
      ]);
      assert.deepEqual(verdicts.find((v) => v.id === "connection:dc3")?.path, ["dc3", "vgw-0123456789abcdef0", "staging-vpc"]);
      assert.deepEqual(verdicts.find((v) => v.id === "flow:dc3 192.168.64.0/20->external-resolver")?.path?.slice(0, 9), [
        "dc3 192.168.64.0/20",
        "vgw-0123456789abcdef0",
        // UDP 53 in and its replies out, then TCP 53 in and its replies out.
        "staging-nacl: rule 140 in",
        "staging-nacl: rule 120 out",
        "staging-nacl: rule 150 in",
        "staging-nacl: rule 110 out",
        "staging-subnet-0 (10.0.0.0/24)",
        "external-resolver-sg: UDP 53 from 192.168.64.0/20",
        "external-resolver-sg: TCP 53 from 192.168.64.0/20",
      ]);
    });

    it("a Site-to-Site VPN the stack creates, with a VPC source beside it: each block, the VPN, and the source VPC's flows unchanged", async () => {
      const verdicts = verifyNetwork(await declare(["vpn"]), { externalSources: [FACTS.vpn] });
      assert.deepEqual(failures(verdicts), []);
      assert.deepEqual(externalIds(verdicts, ["dc1"]), [
        "connection:dc1",
        "vpn:external-vpn-203-0-113-10",
        ...["192.168.0.0/20", "192.168.32.0/24"].flatMap((b) => [...ENDPOINTS, "replication-template", "external-resolver"].map((t) => `flow:dc1 ${b}->${t}`)),
        "dns:external-resolver-s3",
        "forbidden:gateway-default-routes",
      ]);
      assert.deepEqual(verdicts.find((v) => v.id === "vpn:external-vpn-203-0-113-10")?.notes, ["its tunnels' status is read live (npm run verify-live)"]);
      assert.ok(verdicts.some((v) => v.id === "flow:source-app-subnet-0->link-drs-endpoint" && v.passed));
    });

    it("without the configuration (the policy pack): the networks inferred from the routes, each connection's, and noted", async () => {
      const verdicts = verifyNetwork(await declare(["tgw", "vpn"], false));
      assert.deepEqual(failures(verdicts), []);
      assert.ok(verdicts.some((v) => v.id === "flow:external-vgw network 192.168.32.0/24->external-resolver"), "a resolver client, by the staging ACL and the resolver's group");
      assert.ok(!verdicts.some((v) => v.id.startsWith("flow:external-tgw-0123456789abcdef0-attachment network 172.16.0.0/16->external-resolver")), "not a resolver client");
      assert.deepEqual(verdicts.find((v) => v.id === "forbidden:open-ingress")?.notes, [
        "the networks outside AWS are inferred from the routes to their connections (external-tgw-0123456789abcdef0-attachment network: 172.16.0.0/16; external-vgw network: 192.168.0.0/20, 192.168.32.0/24); " +
          "with the configuration's sources a block no route table names is caught too",
      ]);
    });
  });

  describe("broken variants, each caught with the blocking component named", () => {
    let tgw: DeclaredResource[];
    let vpn: DeclaredResource[];
    before(async () => {
      // One synth at a time: the mock runtime is one per process.
      tgw = await declare(["tgw"]);
      vpn = await declare(["vpn"]);
    });
    const judgeTgw = (resources: readonly DeclaredResource[]) => failures(verifyNetwork(resources, { externalSources: [FACTS.tgw] }));
    const judgeVpn = (resources: readonly DeclaredResource[]) => failures(verifyNetwork(resources, { externalSources: [FACTS.vpn] }));

    it("the staging route to the attachment missing: every flow of the block, naming the table and the block", () => {
      assert.deepEqual(judgeTgw(without(tgw, "external-rt-172-16-0-0-16")), [
        ...[...ENDPOINTS, "replication-template"].map((t) => `flow:dc2 172.16.0.0/16->${t}: staging-rt has no route to 172.16.0.0/16 (dc2, through external-tgw-0123456789abcdef0-attachment)`),
      ]);
    });

    it("a staging route to the block through the peering instead: the replies go astray", () => {
      const pcx = find(tgw, "link-app-peering").props.id;
      const failed = judgeTgw(changed(tgw, "external-rt-172-16-0-0-16", { transitGatewayId: undefined, vpcPeeringConnectionId: pcx }));
      assert.ok(failed.includes("flow:dc2 172.16.0.0/16->link-drs-endpoint: external-rt-172-16-0-0-16 sends 172.16.0.0/16 to link-app-peering, not to external-tgw-0123456789abcdef0-attachment, so the replies to dc2 (172.16.0.0/16) go astray"), failed.join("\n"));
    });

    it("the endpoint group no longer admits TCP 443 from the external block", () => {
      const group = find(tgw, "link-endpoints-sg");
      const ingress = (group.props.ingress as { cidrBlocks: string[] }[]).filter((r) => !r.cidrBlocks.includes("172.16.0.0/16"));
      assert.deepEqual(judgeTgw(changed(tgw, "link-endpoints-sg", { ingress })), ENDPOINTS.map((e) => `flow:dc2 172.16.0.0/16->${e}: link-endpoints-sg admits no TCP 443 from 172.16.0.0/16`));
    });

    it("a 0.0.0.0/0 route to the transit gateway in a staging route table: an internet path, the route named", () => {
      const rogue: DeclaredResource = {
        type: "aws:ec2/route:Route",
        name: "rogue-tgw-default",
        urn: "urn:rogue-tgw-default",
        region: "eu-west-2",
        props: { routeTableId: find(tgw, "staging-rt").props.id, destinationCidrBlock: "0.0.0.0/0", transitGatewayId: TGW.transitGatewayId },
      };
      const failed = judgeTgw([...tgw, rogue]);
      assert.deepEqual(failed, [
        "forbidden:internet-routes: rogue-tgw-default routes 0.0.0.0/0",
        "forbidden:gateway-default-routes: rogue-tgw-default in staging-rt sends 0.0.0.0/0 to external-tgw-0123456789abcdef0-attachment: whatever the other side routes to, the internet included, is a path out of the staging area",
      ]);
    });

    it("a default route to a virtual private gateway is one too, with or without the configuration", () => {
      const rogue: DeclaredResource = {
        type: "aws:ec2/route:Route",
        name: "rogue-vgw-default",
        urn: "urn:rogue-vgw-default",
        region: "eu-west-2",
        props: { routeTableId: find(vpn, "staging-rt").props.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: find(vpn, "external-vgw").props.id },
      };
      for (const failed of [judgeVpn([...vpn, rogue]), failures(verifyNetwork([...vpn, rogue]))]) {
        assert.ok(failed.includes("forbidden:gateway-default-routes: rogue-vgw-default in staging-rt sends 0.0.0.0/0 to external-vgw: whatever the other side routes to, the internet included, is a path out of the staging area"), failed.join("\n"));
      }
    });

    it("the resolver's group closed to the external blocks: UDP 53 named, with the configuration and without", () => {
      const closed = changed(vpn, "external-resolver-sg", { ingress: [] });
      const expected = ["192.168.0.0/20", "192.168.32.0/24"].map((b) => `flow:dc1 ${b}->external-resolver: external-resolver-sg admits no UDP 53 from ${b}`);
      assert.deepEqual(judgeVpn(closed), expected);
      // Without the configuration, the staging ACL's DNS rules still make the blocks the resolver's clients.
      assert.deepEqual(failures(verifyNetwork(closed)), expected.map((f) => f.replace("flow:dc1 ", "flow:external-vgw network ")));
    });

    it("the resolver's group admitting UDP 53 only: TCP 53 named", () => {
      const group = find(vpn, "external-resolver-sg");
      const ingress = (group.props.ingress as { protocol: string }[]).filter((r) => r.protocol === "udp");
      assert.deepEqual(judgeVpn(changed(vpn, "external-resolver-sg", { ingress })), ["192.168.0.0/20", "192.168.32.0/24"].map((b) => `flow:dc1 ${b}->external-resolver: external-resolver-sg admits no TCP 53 from ${b}`));
    });

    it("no resolver endpoint at all for a resolver client", () => {
      assert.deepEqual(
        judgeVpn(without(vpn, "external-resolver")),
        ["192.168.0.0/20", "192.168.32.0/24"].map((b) => `flow:dc1 ${b}->resolver-inbound-endpoint: Route 53 Resolver inbound endpoint is not declared in staging-vpc, so dc1's DNS servers have nowhere to forward DRS's and S3's names`),
      );
    });

    it("the S3 interface endpoint's private DNS off: the inbound resolver would answer with S3's public addresses", () => {
      assert.deepEqual(judgeVpn(changed(vpn, "link-s3-endpoint", { privateDnsEnabled: false })), [
        "dns:external-resolver-s3: link-s3-endpoint has private DNS off, so the inbound resolver answers s3.eu-west-2.amazonaws.com with S3's public addresses, which dc1 cannot reach through the connection",
      ]);
    });

    it("a static VPN route missing for one block: the VPN does not carry it", () => {
      const failed = judgeVpn(without(vpn, "external-vpn-203-0-113-10-route-192-168-32-0-24"));
      assert.ok(failed.length > 0 && failed.every((f) => f.startsWith("flow:dc1 192.168.32.0/24->")), failed.join("\n"));
      assert.ok(failed.includes("flow:dc1 192.168.32.0/24->link-drs-endpoint: external-vgw has no VPN that routes 192.168.32.0/24 to dc1 (their static routes: 192.168.0.0/20)"), failed.join("\n"));
    });

    it("the attachment's ACL no longer lets TCP 443 out toward the staging subnets", () => {
      const acl = find(tgw, "external-tgw-nacl");
      const egress = (acl.props.egress as { fromPort: number }[]).filter((r) => r.fromPort !== 443);
      const failed = judgeTgw(changed(tgw, "external-tgw-nacl", { egress }));
      assert.deepEqual(failed, ENDPOINTS.map((e) => `flow:dc2 172.16.0.0/16->${e}: external-tgw-nacl does not let out TCP 443 to 10.0.0.0/24`));
    });

    it("the transit gateway attachment missing: the connection and every flow say the transit gateway has none", () => {
      const failed = judgeTgw(without(tgw, "external-tgw-0123456789abcdef0-attachment"));
      const reason = "the transit gateway tgw-0123456789abcdef0 has no attachment to staging-vpc, so dc2 has no way in";
      assert.deepEqual(failed.filter((f) => f.startsWith("connection:") || f.startsWith("flow:dc2 172.16.0.0/16->link-drs")), [`connection:dc2: ${reason}`, `flow:dc2 172.16.0.0/16->link-drs-endpoint: ${reason}`]);
    });

    it("the staging ACL admitting DNS from a block that does not ask the resolver", () => {
      const acl = find(tgw, "staging-nacl");
      const ingress = [{ ruleNo: 95, action: "allow", protocol: "udp", cidrBlock: "172.16.0.0/16", fromPort: 53, toPort: 53 }, ...(acl.props.ingress as object[])];
      assert.deepEqual(judgeTgw(changed(tgw, "staging-nacl", { ingress })), ["forbidden:staging-acl-ports: staging-nacl admits UDP (rule 95) from the source block 172.16.0.0/16 into staging-vpc's subnets"]);
    });
  });
});
