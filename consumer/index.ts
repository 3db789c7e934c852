/**
 * A typed StackReference to a drs-secured-network stack, for application stacks: every output by its exact name,
 * with its type, so a misspelt name or a wrong type is a compile error in the consumer, not a failed `pulumi up`.
 *
 *   const network = new DrsNetworkReference("network", { stack: "acme/drs-secured-network/prod" });
 *   network.outputs.stagingSubnetIds        // Output<string[]>
 *   network.outputs.drsPrivateHostedZoneId  // Output<string | undefined>: only some stacks export it
 *
 * It loads only @pulumi/pulumi: the names and the output types come from lib/outputNames.ts, the one definition
 * program.ts also uses. Installed as a package, `drs-secured-network/consumer` resolves through package.json's
 * `exports` to the JavaScript and declarations `npm run build:consumer` writes to dist/ (run by `prepare`, so a git
 * or tarball install builds it), because neither node, ts-node nor Pulumi compiles TypeScript under node_modules.
 */
import * as pulumi from "@pulumi/pulumi";
import { OPTIONAL_STACK_OUTPUT_NAMES, STACK_OUTPUT_NAMES } from "../lib/outputNames";
import type { ExternalConnectionOutputs, ExternalFirewallRuleOutput, ExternalSourceNetwork, FailbackNetwork, SourceAgentRollout, SourceNetwork, StackOutputs } from "../lib/outputNames";

export type { ExternalConnectionOutputs, ExternalFirewallRuleOutput, ExternalSourceNetwork, FailbackNetwork, SourceAgentRollout, SourceNetwork };

/** The resolved value type of every output. */
export type NetworkOutputValues = {
  [K in keyof StackOutputs]-?: NonNullable<StackOutputs[K]> extends pulumi.Output<infer T> ? T : NonNullable<StackOutputs[K]>;
};
/** Outputs every stack exports. */
export type RequiredOutputName = (typeof STACK_OUTPUT_NAMES)[number];
/** Outputs only some stacks export (replication, private hosted zone, a sources list). */
export type OptionalOutputName = (typeof OPTIONAL_STACK_OUTPUT_NAMES)[number];

/** Every output, typed: the optional ones resolve to `undefined` where the stack does not export them. */
export type NetworkOutputs = { readonly [K in RequiredOutputName]: pulumi.Output<NetworkOutputValues[K]> } & {
  readonly [K in OptionalOutputName]: pulumi.Output<NetworkOutputValues[K] | undefined>;
};

/** Arguments of `DrsNetworkReference`. */
export interface DrsNetworkReferenceArgs {
  /** The network stack, `<organization>/<project>/<stack>` (or `<stack>` for a stack of the same project). */
  readonly stack: pulumi.Input<string>;
}

/** A StackReference to the network stack, with every output typed. */
export class DrsNetworkReference {
  /** The underlying StackReference. */
  public readonly reference: pulumi.StackReference;
  /** Every output of the network stack, by name. */
  public readonly outputs: NetworkOutputs;

  constructor(name: string, args: DrsNetworkReferenceArgs, opts?: pulumi.CustomResourceOptions) {
    this.reference = new pulumi.StackReference(name, { name: args.stack }, opts);
    const required = Object.fromEntries(STACK_OUTPUT_NAMES.map((key) => [key, this.reference.requireOutput(key)]));
    const optional = Object.fromEntries(OPTIONAL_STACK_OUTPUT_NAMES.map((key) => [key, this.reference.getOutput(key)]));
    this.outputs = { ...required, ...optional } as unknown as NetworkOutputs;
  }

  /** One output by name: the same as `outputs[name]`, for code that picks the name at run time. */
  output<K extends RequiredOutputName | OptionalOutputName>(name: K): NetworkOutputs[K] {
    return this.outputs[name];
  }
}
