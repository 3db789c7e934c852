/**
 * Pulumi mocks that answer like AWS: AWS-shaped ids (`vpc-` and 17 hex digits, ...), interface endpoints with
 * `dnsEntries` (regional wildcard entry first, then one per AZ), and the lookups the program makes, from a fake
 * account the test can change. Any resource type or invoke it does not know is an error, so a gap is obvious.
 *
 * The class records what the program declares and invokes, and knows each provider's region and account; the
 * answers live by type and by token: resources.ts (ids, ARNs, AWS's outputs), invokes.ts (lookups), account.ts (the
 * fake account), ids.ts (deterministic ids).
 */
import type * as pulumi from "@pulumi/pulumi";
import { emptyAccount, FAKE_ACCOUNT, FakeAccount } from "./account";
import { answerInvoke, invokeError } from "./invokes";
import { awsOutputs, resourceArn, resourceId } from "./resources";

export { DEFAULT_QUOTAS, emptyAccount, FAKE_ACCOUNT } from "./account";
export type { FakeAccount } from "./account";
export { fakeHex, fakeId } from "./ids";

/** A resource as the program declared it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** The provider reference, `urn:...::pulumi:providers:aws::<name>::<id>`, for custom resources. */
  readonly provider?: string;
  readonly custom: boolean;
  readonly id?: string;
  readonly state: Record<string, unknown>;
}

/** An invoke the program made. */
export interface RecordedInvoke {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
  readonly provider?: string;
}

type MockResult = { id: string | undefined; state: Record<string, unknown> };

export class AwsMocks implements pulumi.runtime.Mocks {
  public resources: RecordedResource[] = [];
  public invokes: RecordedInvoke[] = [];
  public account: FakeAccount = emptyAccount();
  private readonly providerRegions = new Map<string, string>();
  private readonly providerAccounts = new Map<string, string>();
  private readonly subnetZones = new Map<string, string>();
  private readonly subnetBlocks = new Map<string, string>();

  /** Forget every recorded resource and invoke, and use `account` from now on. */
  reset(account: FakeAccount = emptyAccount()): void {
    this.resources = [];
    this.invokes = [];
    this.account = account;
    this.providerRegions.clear();
    this.providerAccounts.clear();
    this.subnetZones.clear();
    this.subnetBlocks.clear();
  }

  /** The region of a provider reference (`urn...::<name>::<id>`), as its `region` input says. */
  regionOf(providerRef: string | undefined): string | undefined {
    if (providerRef === undefined) return undefined;
    const urn = providerRef.split("::").slice(0, -1).join("::");
    return this.providerRegions.get(urn);
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs = args.inputs as Record<string, unknown>;
    if (args.type === "pulumi:pulumi:StackReference") {
      // Another stack's outputs, as the fake account holds them.
      const stackName = String(inputs.name);
      return this.recordCustom(args, inputs, { id: stackName, state: { name: stackName, outputs: this.account.stackOutputs?.[stackName] ?? {}, secretOutputNames: [] } });
    }
    if (args.type.startsWith("pulumi-nodejs:dynamic")) {
      // A dynamic resource runs no AWS provider: its region is an input. The serialized provider code is dropped.
      const { __provider, ...props } = inputs;
      return this.recordCustom(args, props, { id: `drs-initialized-${String(props.region)}`, state: { ...props, alreadyInitialized: false } });
    }
    const { id, state } = args.type === "pulumi:providers:aws" || args.type === "pulumi:providers:aws-native" ? this.newProvider(args, inputs) : !args.custom ? { id: undefined, state: {} } : this.newAwsResource(args, inputs);
    this.resources.push({ type: args.type, name: args.name, inputs, provider: args.provider, custom: args.custom ?? false, id, state });
    return { id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const inputs = args.inputs as Record<string, unknown>;
    this.invokes.push({ token: args.token, inputs, provider: args.provider });
    const region = this.regionOf(args.provider);
    if (region === undefined) {
      throw invokeError(args.token, "no explicit aws provider");
    }
    return answerInvoke({ token: args.token, inputs, region, accountId: this.accountOf(args.provider), account: this.account });
  }

  /** Record a resource that runs no AWS provider (a stack reference, a dynamic resource) with its answer. */
  private recordCustom(args: pulumi.runtime.MockResourceArgs, inputs: Record<string, unknown>, { id, state }: { id: string; state: Record<string, unknown> }): MockResult {
    this.resources.push({ type: args.type, name: args.name, inputs, custom: true, id, state });
    return { id, state };
  }

  /** An AWS provider: its region, and the account it lands in (a role's it assumes, else the fake account). */
  private newProvider(args: pulumi.runtime.MockResourceArgs, inputs: Record<string, unknown>): MockResult {
    const urn = `urn:pulumi:${this.stackKey()}::${args.type}::${args.name}`;
    this.providerRegions.set(urn, String(inputs.region));
    // A provider that assumes a role lands in the role's account.
    // (JSON: a secret role reaches the mocks wrapped in Pulumi's secret signature.)
    const role = /arn:aws:iam::(\d{12}):role/.exec(JSON.stringify(inputs.assumeRoles ?? inputs.assumeRole ?? ""));
    this.providerAccounts.set(urn, role?.[1] ?? FAKE_ACCOUNT);
    return { id: `${args.name}-id`, state: { ...inputs } };
  }

  /** A custom AWS resource: in its explicit provider's region, with its id, ARN and AWS's outputs. */
  private newAwsResource(args: pulumi.runtime.MockResourceArgs, inputs: Record<string, unknown>): MockResult {
    const seed = `${args.type}::${args.name}`;
    const region = this.regionOf(args.provider);
    if (region === undefined) {
      throw new Error(`${seed} has no explicit aws provider (provider: ${args.provider ?? "none"})`);
    }
    const state: Record<string, unknown> = { ...inputs };
    const id = resourceId({ type: args.type, name: args.name, inputs, seed, importId: args.id, region, state });
    state.arn = resourceArn(args.type, id, region, this.accountOf(args.provider));
    if (args.type === "aws:ec2/subnet:Subnet") {
      this.subnetZones.set(id, String(inputs.availabilityZone));
      this.subnetBlocks.set(id, String(inputs.cidrBlock));
    }
    Object.assign(state, awsOutputs(args.type, id, seed, inputs, { zones: this.subnetZones, blocks: this.subnetBlocks }));
    return { id, state };
  }

  /** The account a provider reference lands in. */
  private accountOf(providerRef: string | undefined): string {
    return this.providerAccounts.get((providerRef ?? "").split("::").slice(0, -1).join("::")) ?? FAKE_ACCOUNT;
  }

  private stackKey(): string {
    return `${this.stack}::${this.project}`;
  }

  constructor(
    public readonly project: string = "drs-secured-network",
    public readonly stack: string = "test",
  ) {}
}
