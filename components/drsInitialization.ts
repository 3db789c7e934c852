/**
 * DRS initialization as a resource. DRS must be initialized once per account and region before anything else
 * (InitializeService creates its service-linked role and instance profiles, and needs DRS's six service roles to
 * exist first: lib/drsServiceRoles.ts); no Pulumi or Terraform resource does it, so this is a Pulumi dynamic resource
 * calling the AWS SDK v3 (https://docs.aws.amazon.com/drs/latest/APIReference/API_InitializeService.html).
 *
 * - Idempotent: DRS answers a ValidationException saying it is "already initialized" in a region where it is; that
 *   counts as success (as in AWS's own custom resource, aws-solutions-library-samples DRSPrivateBaseTemplate.yaml).
 * - Nothing is done on delete: DRS cannot be un-initialized, and other stacks may rely on it.
 * - It acts in the account of the side it serves: the SDK client gets that side's credentials, the profile and the
 *   role to assume that its Pulumi provider has (`@aws-sdk/credential-providers`), not the ambient ones of the process
 *   that runs Pulumi. Only the profile name and the role ARN are inputs; no credential is ever in its inputs or state.
 */
import type * as DrsSdk from "@aws-sdk/client-drs";
import type { fromIni, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import * as pulumi from "@pulumi/pulumi";

/**
 * The AWS SDK, loaded on first use: only the dynamic provider calls it, when Pulumi creates the resource, so loading
 * the program for a preview does not pay for it. A `require` inside the function is also what Pulumi's closure
 * serialization asks for in dynamic providers (runtime/closure/createClosure.js).
 */
function drsSdk(): typeof DrsSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@aws-sdk/client-drs") as typeof DrsSdk;
}

/** The credential sources of `@aws-sdk/credential-providers`, loaded on first use. */
function defaultCredentialSources(): CredentialSources {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const providers = require("@aws-sdk/credential-providers") as CredentialSources;
  return { fromIni: providers.fromIni, fromTemporaryCredentials: providers.fromTemporaryCredentials };
}

/** Which credentials the SDK client uses: those of a side's provider settings. */
export interface DrsAuth {
  /** A named profile of the shared AWS config. */
  readonly profile?: string;
  /** A role to assume, with the profile's credentials or the ambient ones. */
  readonly assumeRoleArn?: string;
}

/** The resource's inputs. */
export interface DrsInitializationInputs extends DrsAuth {
  /** The region to initialize DRS in. */
  readonly region: string;
}

/** The resource's outputs. */
export interface DrsInitializationOutputs extends DrsInitializationInputs {
  /** Whether DRS had been initialized there before. */
  readonly alreadyInitialized: boolean;
}

/** The credential sources, injectable so tests can see which the client gets. */
export interface CredentialSources {
  readonly fromIni: typeof fromIni;
  readonly fromTemporaryCredentials: typeof fromTemporaryCredentials;
}

/** The session name the assumed role's sessions carry, as the Pulumi providers' (program.ts). */
export const SESSION_NAME = "drs-secured-network";

/**
 * The SDK client's configuration for a side: its region, and credentials from its profile and/or role, or none
 * (the SDK's default chain) when the side uses the ambient credentials, as its Pulumi provider does.
 */
export function drsClientConfig(region: string, auth: DrsAuth, sources: CredentialSources = defaultCredentialSources()) {
  const fromProfile = auth.profile !== undefined ? sources.fromIni({ profile: auth.profile }) : undefined;
  const credentials =
    auth.assumeRoleArn !== undefined
      ? sources.fromTemporaryCredentials({
          params: { RoleArn: auth.assumeRoleArn, RoleSessionName: SESSION_NAME },
          ...(fromProfile !== undefined ? { masterCredentials: fromProfile } : {}),
          clientConfig: { region },
        })
      : fromProfile;
  // The credential providers come from a newer SDK release than @aws-sdk/client-drs (the newest the registry offers
  // is 3.523.0); their provider function type is the same in shape.
  return { region, ...(credentials !== undefined ? { credentials: credentials as unknown as NonNullable<ConstructorParameters<typeof DrsSdk.DrsClient>[0]>["credentials"] } : {}) };
}

/** Call InitializeService in `region` as `auth`; "already initialized" is success. Throws a readable error otherwise. */
export async function initializeDrs(region: string, auth: DrsAuth = {}, client = new (drsSdk().DrsClient)(drsClientConfig(region, auth))): Promise<DrsInitializationOutputs> {
  const as = auth.assumeRoleArn !== undefined ? ` as ${auth.assumeRoleArn}` : auth.profile !== undefined ? ` with profile ${auth.profile}` : "";
  const outputs = (alreadyInitialized: boolean): DrsInitializationOutputs => ({
    region,
    ...(auth.profile !== undefined ? { profile: auth.profile } : {}),
    ...(auth.assumeRoleArn !== undefined ? { assumeRoleArn: auth.assumeRoleArn } : {}),
    alreadyInitialized,
  });
  try {
    await client.send(new (drsSdk().InitializeServiceCommand)({}));
    return outputs(false);
  } catch (err) {
    const name = (err as { name?: string }).name ?? "Error";
    const message = (err as { message?: string }).message ?? String(err);
    if (name === "ValidationException" && /already initialized/i.test(message)) {
      return outputs(true);
    }
    if (name === "AccessDeniedException") {
      throw new Error(
        `DRS InitializeService in ${region}${as} was denied (${message}). That identity needs drs:InitializeService ` +
          "and the IAM permissions to create DRS's service-linked role and instance profiles (docs/replication.md, The deployer's IAM policy); or, if DRS is already " +
          "initialized in that region, set replication.initializeService to false.",
        { cause: err },
      );
    }
    throw new Error(`DRS InitializeService in ${region}${as} failed: ${name}: ${message}`, { cause: err });
  } finally {
    client.destroy();
  }
}

/** The dynamic provider: its functions are unit-tested with a mocked DRS client. */
export const drsInitializationProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: DrsInitializationInputs): Promise<pulumi.dynamic.CreateResult> {
    const outs = await initializeDrs(inputs.region, { profile: inputs.profile, assumeRoleArn: inputs.assumeRoleArn });
    return { id: `drs-initialized-${inputs.region}`, outs };
  },
  async diff(_id: string, olds: DrsInitializationOutputs, news: DrsInitializationInputs): Promise<pulumi.dynamic.DiffResult> {
    const moved = olds.region !== news.region;
    // New credentials for the same region change nothing in AWS; they are recorded without a call.
    const changes = moved || olds.profile !== news.profile || olds.assumeRoleArn !== news.assumeRoleArn;
    return { changes, replaces: moved ? ["region"] : [], deleteBeforeReplace: false };
  },
  async update(_id: string, olds: DrsInitializationOutputs, news: DrsInitializationInputs): Promise<pulumi.dynamic.UpdateResult> {
    return { outs: { region: news.region, profile: news.profile, assumeRoleArn: news.assumeRoleArn, alreadyInitialized: olds.alreadyInitialized } };
  },
  async read(id: string, props: DrsInitializationOutputs): Promise<pulumi.dynamic.ReadResult> {
    return { id, props };
  },
  async delete(): Promise<void> {
    // DRS cannot be un-initialized, and other stacks may rely on it: leave it as it is.
  },
};

/** Arguments of `DrsInitialization`. */
export interface DrsInitializationArgs {
  /** The region to initialize DRS in. */
  readonly region: pulumi.Input<string>;
  /** The profile of the side whose account it is, as its provider has it. */
  readonly profile?: pulumi.Input<string>;
  /** The role the side's provider assumes. */
  readonly assumeRoleArn?: pulumi.Input<string>;
}

/** DRS initialized in one region of one account. Depend on it before creating DRS settings there. */
export class DrsInitialization extends pulumi.dynamic.Resource {
  /** The region. */
  public readonly region!: pulumi.Output<string>;
  /** Whether DRS had been initialized there before. */
  public readonly alreadyInitialized!: pulumi.Output<boolean>;

  constructor(name: string, args: DrsInitializationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      drsInitializationProvider,
      name,
      { region: args.region, profile: args.profile, assumeRoleArn: args.assumeRoleArn, alreadyInitialized: undefined },
      opts,
      "drsInitialization",
      "DrsInitialization",
    );
  }
}
