/**
 * Run the real program under Pulumi's mock runtime and hand back what it declared: every resource with its region,
 * every invoke, and every stack output's resolved value.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import { drsSecuredNetwork, PendingQuotaOutputs, ProgramOptions, StackOutputs } from "../program";
import type { DeclaredResource } from "../lib/verifier";
import { AwsMocks, FakeAccount, RecordedInvoke, RecordedResource, emptyAccount } from "./awsMocks";

export const PROJECT = "drs-secured-network";

/** A resource with the region its provider serves and its URN (which names its parent's type). */
export interface SynthResource extends RecordedResource {
  readonly region?: string;
  readonly urn: string;
}

/** Resolved stack outputs. */
export type OutputValues = {
  [K in keyof StackOutputs]: NonNullable<StackOutputs[K]> extends pulumi.Output<infer T> ? T | (undefined extends StackOutputs[K] ? undefined : never) : StackOutputs[K];
};

export interface SynthResult {
  readonly resources: SynthResource[];
  readonly invokes: RecordedInvoke[];
  readonly outputs: OutputValues;
}

const mocks = new AwsMocks(PROJECT, "test");

/** Run the program with `config`: keys without the project prefix, values typed or as Pulumi holds them. */
export function synth(config: Record<string, unknown>, account?: FakeAccount, options?: ProgramOptions): Promise<SynthResult> {
  return run(() => drsSecuredNetwork(config, options), account);
}

/** Run the program the way `pulumi up` does: it reads `pulumiConfig` (full `project:key` names) as Pulumi config. */
export function synthFromPulumiConfig(pulumiConfig: Record<string, string>, account?: FakeAccount, options?: ProgramOptions): Promise<SynthResult> {
  return run(async () => {
    pulumi.runtime.setAllConfig(pulumiConfig);
    try {
      return await drsSecuredNetwork(undefined, options);
    } finally {
      pulumi.runtime.setAllConfig({});
    }
  }, account);
}

/** Run any code that declares resources (a component, say) under the mocks; its result's outputs are resolved. */
export async function runMocked<T extends object>(
  program: () => Promise<T> | T,
  account: FakeAccount = emptyAccount(),
): Promise<{ resources: SynthResource[]; invokes: RecordedInvoke[]; outputs: Record<string, unknown>; options: Record<string, ResourceOptionsSeen> }> {
  mocks.reset(account);
  await pulumi.runtime.setMocks(mocks, PROJECT, "test", false);
  const options = recordOptions();
  // Pulumi's runtime takes `new Error().stack` for every promise it makes (runtime/debuggable.js, for its leak
  // report), and under ts-node each such trace is source-mapped: most of a large synth's time. The synth reads no
  // promise's trace, so none is captured while the program runs; errors keep their messages.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let values: Record<string, unknown>;
  try {
    values = await resolveAll(await program());
    await settle();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }

  const monitor = pulumi.runtime.getMonitor() as unknown as { getRegisteredResources(): Map<string, { urn: string }> };
  // URNs end with `::<name>`; index them by name once rather than scan them all for each resource.
  const urnsByName = new Map<string, string[]>();
  for (const urn of monitor.getRegisteredResources().keys()) {
    const name = urn.slice(urn.lastIndexOf("::") + 2);
    urnsByName.set(name, [...(urnsByName.get(name) ?? []), urn]);
  }
  const resources = mocks.resources.map((r) => ({
    ...r,
    region: mocks.regionOf(r.provider),
    urn: (urnsByName.get(r.name) ?? []).find((u) => u.includes(`::${r.type}::`) || u.includes(`$${r.type}::`)) ?? "",
  }));
  return { resources, invokes: [...mocks.invokes], outputs: values, options };
}

/** The resource options the engine receives that the mocks' `newResource` does not show. */
export interface ResourceOptionsSeen {
  readonly retainOnDelete: boolean;
  /** The logical names of the resources it depends on (`dependsOn`, and those its inputs come from). */
  readonly dependsOn: readonly string[];
  /** The outputs it asks the engine to keep secret (`additionalSecretOutputs`). */
  readonly additionalSecretOutputs: readonly string[];
}

/** Record each registration's retainOnDelete and dependencies, by logical name, from the mock monitor's requests. */
function recordOptions(): Record<string, ResourceOptionsSeen> {
  const seen: Record<string, ResourceOptionsSeen> = {};
  type Request = { getName(): string; getRetainondelete(): boolean; getDependenciesList(): string[]; getAdditionalsecretoutputsList(): string[] };
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: Request, callback: unknown): unknown };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: Request, callback: unknown) => {
    seen[req.getName()] = {
      retainOnDelete: req.getRetainondelete(),
      dependsOn: req.getDependenciesList().map((urn) => urn.split("::").pop() ?? urn),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    };
    return register(req, callback);
  };
  return seen;
}

/** A run's outputs: the network's, or (quotas requested) only the regions and the requests. */
async function run(program: () => Promise<StackOutputs | PendingQuotaOutputs>, account?: FakeAccount): Promise<SynthResult> {
  const result = await runMocked(program, account);
  return { ...result, outputs: result.outputs as OutputValues };
}

/**
 * Run the program expecting it to throw: the error, and every resource declared before it threw (after all started
 * registrations have arrived), for "nothing is left half-made" checks.
 */
export async function synthError(
  config: Record<string, unknown>,
  account?: FakeAccount,
): Promise<{ error: Error; declared: RecordedResource[] }> {
  try {
    await synth(config, account);
  } catch (error) {
    await settle();
    return { error: error as Error, declared: [...mocks.resources] };
  }
  throw new Error("expected the program to throw");
}

async function resolveAll(outputs: object): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(outputs).map(
      ([key, value]) => new Promise<[string, unknown]>((resolve) => pulumi.output(value).apply((v) => resolve([key, v]))),
    ),
  );
  return Object.fromEntries(entries);
}

/** Wait until every resource registration the program started has reached the mocks. */
async function settle(): Promise<void> {
  const waitForRPCs = (runtimeSettings as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  if (typeof waitForRPCs !== "function") {
    throw new Error("@pulumi/pulumi no longer exports runtime/settings.waitForRPCs; update synth/run.ts");
  }
  await waitForRPCs();
}

/** Resource type tokens the specs look for. */
export const T = {
  provider: "pulumi:providers:aws",
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  route: "aws:ec2/route:Route",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  peering: "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
  peeringAccepter: "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
} as const;

/** The resources of one type. */
export function ofType(resources: readonly SynthResource[], type: string): SynthResource[] {
  return resources.filter((r) => r.type === type);
}

/** The one resource with this logical name (fails if there is not exactly one). */
export function named(resources: readonly SynthResource[], name: string): SynthResource {
  const found = resources.filter((r) => r.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one resource named ${name}, found ${found.length}`);
  }
  return found[0];
}

/** The resources as the verifier reads them: inputs and the mock's outputs (with `id`) as properties. */
export function declaredResources(resources: readonly SynthResource[]): DeclaredResource[] {
  return resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    region: r.region,
    props: { ...r.inputs, ...r.state, ...(r.id !== undefined ? { id: r.id } : {}) },
  }));
}
