import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { DrsNetworkReference } from "../consumer";
import { OPTIONAL_STACK_OUTPUT_NAMES, STACK_OUTPUT_NAMES } from "../lib/outputNames";
import { emptyAccount } from "../synth/awsMocks";
import { runMocked, synthFromPulumiConfig } from "../synth/run";

describe("consumer", () => {
  it("reads every output of a real network stack by name, the optional ones as undefined when absent", async () => {
    const dev = await synthFromPulumiConfig({ "drs-secured-network:sourceRegion": "eu-west-1", "drs-secured-network:drRegion": "eu-west-2" });
    const account = { ...emptyAccount(), stackOutputs: { "acme/drs-secured-network/dev": dev.outputs as unknown as Record<string, unknown> } };
    const { outputs } = await runMocked(() => {
      const network = new DrsNetworkReference("network", { stack: "acme/drs-secured-network/dev" });
      return { ...network.outputs, viaName: network.output("drsEndpointDnsName") };
    }, account);
    for (const name of STACK_OUTPUT_NAMES) {
      assert.deepEqual(outputs[name], (dev.outputs as unknown as Record<string, unknown>)[name], name);
    }
    // The regions-only stack exports the zone's id (the default DNS mode), and none of the other optional outputs.
    for (const name of OPTIONAL_STACK_OUTPUT_NAMES) {
      assert.deepEqual(outputs[name], (dev.outputs as unknown as Record<string, unknown>)[name], name);
    }
    assert.match(String(outputs.drsPrivateHostedZoneId), /^Z[0-9A-F]{20}$/);
    assert.equal(outputs.replicationTemplateId, undefined);
    assert.equal(outputs.sourceNetworks, undefined);
    assert.equal(outputs.viaName, dev.outputs.drsEndpointDnsName);
  });

  it("gives every output its type, so a misspelt name or a wrong type does not compile", () => {
    // Compiled by `npm test` (tsc --noEmit): each @ts-expect-error must meet an error, or the build fails.
    const typed = (network: DrsNetworkReference) => {
      const subnets: pulumi.Output<string[]> = network.outputs.stagingSubnetIds;
      const zone: pulumi.Output<string | undefined> = network.outputs.drsPrivateHostedZoneId;
      // @ts-expect-error: there is no such output
      void network.outputs.stagingSubnetId;
      // @ts-expect-error: there is no such output
      void network.output("drsEndpointDns");
      // @ts-expect-error: an optional output may be undefined
      const template: pulumi.Output<string> = network.outputs.replicationTemplateId;
      return [subnets, zone, template];
    };
    assert.equal(typeof typed, "function");
  });
});
