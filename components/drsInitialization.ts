/**
 * DRS initialization as a resource. DRS must be initialized once per region before anything else (InitializeService
 * creates its service-linked role and instance profiles); no Pulumi or Terraform resource does it, so this is a
 * Pulumi dynamic resource calling the AWS SDK v3 (https://docs.aws.amazon.com/drs/latest/APIReference/API_InitializeService.html).
 *
 * - Idempotent: DRS answers a ValidationException saying it is "already initialized" in a region where it is; that
 *   counts as success (as in AWS's own custom resource, aws-solutions-library-samples DRSPrivateBaseTemplate.yaml).
 * - Nothing is done on delete: DRS cannot be un-initialized, and other stacks may rely on it.
 * - It runs with the credentials of the process that runs Pulumi (the AWS SDK's default chain), in the given region.
 */
import { DrsClient, InitializeServiceCommand } from "@aws-sdk/client-drs";
import * as pulumi from "@pulumi/pulumi";

/** The resource's inputs. */
export interface DrsInitializationInputs {
  /** The region to initialize DRS in. */
  readonly region: string;
}

/** The resource's outputs. */
export interface DrsInitializationOutputs extends DrsInitializationInputs {
  /** Whether DRS had been initialized there before. */
  readonly alreadyInitialized: boolean;
}

/** Call InitializeService in `region`; "already initialized" is success. Throws a readable error otherwise. */
export async function initializeDrs(region: string): Promise<DrsInitializationOutputs> {
  const client = new DrsClient({ region });
  try {
    await client.send(new InitializeServiceCommand({}));
    return { region, alreadyInitialized: false };
  } catch (err) {
    const name = (err as { name?: string }).name ?? "Error";
    const message = (err as { message?: string }).message ?? String(err);
    if (name === "ValidationException" && /already initialized/i.test(message)) {
      return { region, alreadyInitialized: true };
    }
    if (name === "AccessDeniedException") {
      throw new Error(
        `DRS InitializeService in ${region} was denied (${message}). The identity running Pulumi needs drs:InitializeService ` +
          "and the IAM permissions to create DRS's service-linked role and instance profiles; or, if DRS is already " +
          "initialized in that region, set replication.initializeService to false.",
        { cause: err },
      );
    }
    throw new Error(`DRS InitializeService in ${region} failed: ${name}: ${message}`, { cause: err });
  } finally {
    client.destroy();
  }
}

/** The dynamic provider: its functions are unit-tested with a mocked DRS client. */
export const drsInitializationProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: DrsInitializationInputs): Promise<pulumi.dynamic.CreateResult> {
    const outs = await initializeDrs(inputs.region);
    return { id: `drs-initialized-${inputs.region}`, outs };
  },
  async diff(_id: string, olds: DrsInitializationOutputs, news: DrsInitializationInputs): Promise<pulumi.dynamic.DiffResult> {
    const moved = olds.region !== news.region;
    return { changes: moved, replaces: moved ? ["region"] : [], deleteBeforeReplace: false };
  },
  async read(id: string, props: DrsInitializationOutputs): Promise<pulumi.dynamic.ReadResult> {
    return { id, props };
  },
  async delete(): Promise<void> {
    // DRS cannot be un-initialized, and other stacks may rely on it: leave it as it is.
  },
};

/** DRS initialized in one region. Depend on it before creating DRS settings there. */
export class DrsInitialization extends pulumi.dynamic.Resource {
  /** The region. */
  public readonly region!: pulumi.Output<string>;
  /** Whether DRS had been initialized there before. */
  public readonly alreadyInitialized!: pulumi.Output<boolean>;

  constructor(name: string, args: { region: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(drsInitializationProvider, name, { region: args.region, alreadyInitialized: undefined }, opts, "drsInitialization", "DrsInitialization");
  }
}
