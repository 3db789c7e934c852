import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LiveCapture } from "../lib/verifier/aws";
import { judge } from "../lib/verifier";
import { modelFromAws } from "../lib/verifier/aws";
import { LiveReport, main } from "../live/cli";
import { findDrift } from "../live/drift";
import { withDeclared } from "../live/expected";
import { LiveAccessError, readLive } from "../live/read";
import { fakeAws, FakeAws, offlineLiveEnvironment } from "./support/fakeAws";
import { configFileOnce, DeployedStack, deployedConfigOnce, deployedOnce, editedCapture, GATEWAYS_STACK } from "./support/liveFixture";

const ROOT = join(__dirname, "..");

/** Run verify-live against the fake AWS; returns its exit status and what it printed. */
async function run(argv: string[], aws?: FakeAws): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, (t) => (out += t), (t) => (err += t), ROOT, offlineLiveEnvironment(aws));
  return { code, out, err };
}

/** The stack's outputs as a `pulumi stack output --json` file. */
function outputsFile(d: DeployedStack): string {
  const file = join(mkdtempSync(join(tmpdir(), "verify-live-external-")), "outputs.json");
  writeFileSync(file, JSON.stringify(d.outputs));
  return file;
}

const EXTERNAL_OPERATIONS = ["DescribeTransitGatewayVpcAttachments", "DescribeVpnGateways", "DescribeVpnConnections", "ListResolverEndpoints", "ListResolverEndpointIpAddresses"];

describe("verify-live with sources outside AWS", () => {
  let onprem: DeployedStack;
  let gateways: DeployedStack;
  before(async () => {
    onprem = await deployedOnce("onprem");
    gateways = await deployedConfigOnce("gateways", GATEWAYS_STACK);
  });

  describe("live/read", () => {
    for (const [label, stack] of [
      ["onprem", () => onprem],
      ["gateways", () => gateways],
    ] as const) {
      it(`${label}: reads the staging VPC's attachments, gateways, VPNs and resolver endpoints with their addresses, every page`, async () => {
        const d = stack();
        const aws = fakeAws(d.capture, 1);
        const read = await readLive(d.plan, (region, auth) => aws.clientsFor(region, auth));
        const dr = read.regions["eu-west-2"];
        const want = d.capture.regions["eu-west-2"];
        assert.deepEqual(dr.DescribeTransitGatewayVpcAttachments?.TransitGatewayVpcAttachments ?? [], want.DescribeTransitGatewayVpcAttachments?.TransitGatewayVpcAttachments ?? []);
        assert.deepEqual(dr.DescribeVpnGateways, want.DescribeVpnGateways ?? { VpnGateways: [] });
        assert.deepEqual(dr.DescribeVpnConnections, want.DescribeVpnConnections ?? { VpnConnections: [] });
        assert.deepEqual(dr.ListResolverEndpoints?.ResolverEndpoints, want.ListResolverEndpoints?.ResolverEndpoints);
        const addresses = (c: LiveCapture["regions"][string]) => Object.entries(c.ListResolverEndpointIpAddresses ?? {}).map(([id, o]) => [id, o.IpAddresses]);
        assert.deepEqual(addresses(dr), addresses(want));
        const stagingVpcId = String(d.outputs.stagingVpcId);
        const inputs = (op: string) => aws.calls.filter((c) => c.operation === op).map((c) => c.input);
        assert.deepEqual(inputs("ListResolverEndpoints")[0].Filters, [{ Name: "HostVPCId", Values: [stagingVpcId] }]);
        // Two addresses, one a page: the second asked for with the token.
        assert.deepEqual(inputs("ListResolverEndpointIpAddresses").map((i) => i.NextToken), [undefined, "1"]);
        assert.deepEqual(inputs("DescribeTransitGatewayVpcAttachments")[0].Filters, [{ Name: "vpc-id", Values: [stagingVpcId] }]);
      });
    }

    it("asks for a given virtual private gateway by its id too (one not attached is still listed), and for the VPNs on the gateways found", async () => {
      const aws = fakeAws(gateways.capture);
      await readLive(gateways.plan, (region, auth) => aws.clientsFor(region, auth));
      const stagingVpcId = String(gateways.outputs.stagingVpcId);
      assert.deepEqual(
        aws.calls.filter((c) => c.operation === "DescribeVpnGateways").map((c) => c.input.Filters),
        [[{ Name: "attachment.vpc-id", Values: [stagingVpcId] }], [{ Name: "vpn-gateway-id", Values: ["vgw-0123456789abcdef0"] }]],
      );
      assert.deepEqual(aws.calls.filter((c) => c.operation === "DescribeVpnConnections").map((c) => c.input.Filters), [[{ Name: "vpn-gateway-id", Values: ["vgw-0123456789abcdef0"] }]]);
    });

    it("keeps no VPN secret in the capture: not the customer gateway configuration, not the tunnels' pre-shared keys", async () => {
      const capture = editedCapture(onprem.capture, (regions) => {
        for (const v of regions["eu-west-2"].DescribeVpnConnections?.VpnConnections ?? []) {
          v.CustomerGatewayConfiguration = "<vpn_connection><pre_shared_key>s3cr3t-psk</pre_shared_key></vpn_connection>";
          v.Options = { ...v.Options, TunnelOptions: [{ OutsideIpAddress: "198.51.100.7", PreSharedKey: "s3cr3t-psk" }] };
        }
      });
      const aws = fakeAws(capture);
      const read = await readLive(onprem.plan, (region, auth) => aws.clientsFor(region, auth));
      const text = JSON.stringify(read);
      assert.ok(!text.includes("s3cr3t-psk"), "a pre-shared key is in the capture");
      assert.equal(read.regions["eu-west-2"].DescribeVpnConnections?.VpnConnections?.[0].Options?.StaticRoutesOnly, true);
    });

    it("stops at a refused Route 53 Resolver call, naming its IAM action", async () => {
      const aws = fakeAws(onprem.capture);
      aws.refuse("ListResolverEndpoints", Object.assign(new Error("User is not authorized to perform route53resolver:ListResolverEndpoints"), { name: "AccessDeniedException" }));
      await assert.rejects(readLive(onprem.plan, (region, auth) => aws.clientsFor(region, auth)), (e: unknown) => {
        assert.ok(e instanceof LiveAccessError);
        assert.equal(e.permission, "route53resolver:ListResolverEndpoints");
        assert.match(e.message, /^route53resolver:ListResolverEndpoints in eu-west-2 as the DR side was refused: AccessDeniedException/);
        return true;
      });
    });

    it("a stack without sources outside AWS makes none of these calls", async () => {
      const dev = await deployedOnce("dev");
      const aws = fakeAws(dev.capture);
      await readLive(dev.plan, (region, auth) => aws.clientsFor(region, auth));
      assert.deepEqual(aws.calls.filter((c) => EXTERNAL_OPERATIONS.includes(c.operation)), []);
    });
  });

  describe("live/drift and live/expected", () => {
    it("a VPN gone from the account: the output naming it is drift, and its declared verdict fails naming what is missing", async () => {
      const vpnId = String((onprem.outputs.sourceNetworks as Record<string, { connection: { vpnConnectionId: string } }>).dc1.connection.vpnConnectionId);
      const capture = editedCapture(onprem.capture, (regions) => {
        regions["eu-west-2"].DescribeVpnConnections = { VpnConnections: [] };
      });
      const model = modelFromAws(capture, onprem.plan.scope);
      const drift = findDrift({ outputs: onprem.outputs, scope: onprem.plan.scope, capture, live: model, declared: onprem.declared });
      assert.deepEqual(drift, [{ kind: "gone", component: "sourceNetworks.dc1.connection.vpnConnectionId", id: vpnId, detail: `sourceNetworks.dc1.connection.vpnConnectionId names ${vpnId}, which the account no longer has` }]);
      const verdicts = withDeclared(judge(model), onprem.declared.verdicts, model, onprem.declared.liveNamed);
      assert.deepEqual(verdicts.find((v) => v.id === "vpn:external-vpn-203-0-113-10")?.blockedBy, {
        component: "external-vpn-203-0-113-10",
        reason: "is declared by the stack's config (a Site-to-Site VPN connection), but the account has no Site-to-Site VPN connection of that name",
      });
    });

    it("a route to the transit gateway added by hand in a staging table is drift, named by the gateway", async () => {
      const capture = editedCapture(gateways.capture, (regions) => {
        const table = (regions["eu-west-2"].DescribeRouteTables?.RouteTables ?? []).find((t) => t.Tags?.some((tag) => tag.Value === "staging-rt"));
        table?.Routes?.push({ DestinationCidrBlock: "172.17.0.0/16", TransitGatewayId: "tgw-0123456789abcdef0", State: "active", Origin: "CreateRoute" });
      });
      const drift = findDrift({ outputs: gateways.outputs, scope: gateways.plan.scope, capture, live: modelFromAws(capture, gateways.plan.scope), declared: gateways.declared });
      assert.deepEqual(drift.map((d) => `${d.kind} ${d.component}: ${d.detail}`), ["changed staging-rt: has a route the stack does not declare: 172.17.0.0/16 via the transit gateway tgw-0123456789abcdef0"]);
    });
  });

  describe("npm run verify-live", () => {
    it("onprem deployed as declared: every verdict passes, no drift (exit 0); its capture judged again gives the same verdicts", async () => {
      const dir = mkdtempSync(join(tmpdir(), "verify-live-onprem-"));
      const [captureFile, json] = [join(dir, "capture.json"), join(dir, "report.json")];
      const outputs = outputsFile(onprem);
      const first = await run(["--stack", "onprem", "--outputs", outputs, "--capture", captureFile, "--json", json], fakeAws(onprem.capture));
      assert.equal(first.err, "");
      assert.equal(first.code, 0);
      assert.match(first.out, /\*\*all passed\*\*; \*\*no drift\*\*/);
      assert.match(first.out, /- PASS the Site-to-Site VPN external-vpn-203-0-113-10 on external-vgw has a tunnel UP\n {2}- path: tunnel 198\.51\.100\.\d+ UP -> tunnel 198\.51\.100\.\d+ UP\n/);
      const second = await run(["--stack", "onprem", "--outputs", outputs, "--snapshot", captureFile]);
      assert.equal(second.code, 0, second.err);
      assert.equal(second.out.replace(/Read .* from [^:]*:/, ""), first.out.replace(/Read .* from [^:]*:/, ""));
      assert.ok((JSON.parse(readFileSync(json, "utf8")) as LiveReport).verdicts.some((v) => v.id === "flow:dc1 192.168.0.0/20->external-resolver" && v.passed));
    });

    it("onprem with both tunnels of its VPN down: exit 1, the report names the VPN's id and each tunnel", async () => {
      const vpnId = String((onprem.outputs.sourceNetworks as Record<string, { connection: { vpnConnectionId: string } }>).dc1.connection.vpnConnectionId);
      const capture: LiveCapture = editedCapture(onprem.capture, (regions) => {
        for (const v of regions["eu-west-2"].DescribeVpnConnections?.VpnConnections ?? []) for (const t of v.VgwTelemetry ?? []) Object.assign(t, { Status: "DOWN", StatusMessage: "IPSEC IS DOWN" });
      });
      const { code, out, err } = await run(["--stack", "onprem", "--outputs", outputsFile(onprem)], fakeAws(capture));
      assert.equal(code, 1);
      assert.match(err, /^\d+ of \d+ verdicts failed, 0 drift items\n$/);
      assert.match(out, new RegExp(`- FAIL the Site-to-Site VPN external-vpn-203-0-113-10 on external-vgw has a tunnel UP\\n {2}- blocked by \\*\\*external-vpn-203-0-113-10\\*\\* \\(${vpnId}\\): has no tunnel UP \\(tunnel 198\\.51\\.100\\.\\d+ DOWN: IPSEC IS DOWN, tunnel 198\\.51\\.100\\.\\d+ DOWN: IPSEC IS DOWN\\)\\n`));
    });

    it("a transit gateway attachment pendingAcceptance: exit 1, the report names the attachment and who must act", async () => {
      const attachmentId = String((gateways.outputs.sourceNetworks as Record<string, { connection: { transitGatewayAttachmentId: string } }>).dc2.connection.transitGatewayAttachmentId);
      const capture = editedCapture(gateways.capture, (regions) => {
        for (const a of regions["eu-west-2"].DescribeTransitGatewayVpcAttachments?.TransitGatewayVpcAttachments ?? []) a.State = "pendingAcceptance";
      });
      const { code, out } = await run(["--config", configFileOnce("gateways", GATEWAYS_STACK), "--outputs", outputsFile(gateways)], fakeAws(capture));
      assert.equal(code, 1);
      assert.ok(
        out.includes(
          `- FAIL dc2 (172.16.0.0/16) is connected to staging-vpc through external-tgw-0123456789abcdef0-attachment\n  - blocked by **external-tgw-0123456789abcdef0-attachment** (${attachmentId}): is pendingAcceptance, not available: the transit gateway belongs to another account, whose owner must accept the attachment\n`,
        ),
        out,
      );
    });
  });
});
