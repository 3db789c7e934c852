import * as pulumi from "@pulumi/pulumi";

/** The options of the rollout's resources: the component as parent, the source side's provider. */
export function own(parent: pulumi.Resource, args: { readonly provider: pulumi.ProviderResource }): pulumi.CustomResourceOptions {
  return { parent, provider: args.provider };
}

/** A Name tag of the rollout's: `<name>-<suffix>`. */
export function nameTag(name: string, suffix: string): { Name: string } {
  return { Name: `${name}-${suffix}` };
}

/** A value, kept secret where it names what a secret key holds. */
export function secretIf(secret: boolean, value: string): pulumi.Input<string> {
  return secret ? pulumi.secret(value) : value;
}
