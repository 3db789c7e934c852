/**
 * The stack's AWS providers: one per source (the shorthand's single source keeps the name `aws-source`) and one for
 * the DR region, each with its side's profile or role and the config's tags, kept secret where their config key is.
 * They are the only resources declared before the accounts have answered.
 */
import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import type { SideAuth } from "../components/replication";
import { failbackSides } from "../lib/plan/failback";
import type { ProviderSettings, Settings } from "../settings";

/** The providers, and each side's credentials as the dynamic resources' SDK clients take them. */
export interface Providers {
  readonly dr: aws.Provider;
  readonly sources: readonly aws.Provider[];
  /** AWS Cloud Control in the DR region, with the DR side's credentials: DRS's launch configuration template (`recovery.enabled`). */
  readonly drNative?: awsNative.Provider;
  /** AWS Cloud Control in each failback region, with the region's first source's credentials (`failback.enabled`). */
  readonly failbackNative: Readonly<Record<string, awsNative.Provider>>;
  /** A side's profile and role to assume, kept secret where its config key is (the provider has the same). */
  sideAuth(auth: ProviderSettings | undefined, authKey: string): SideAuth;
}

/** Declare the providers of these settings. */
export function declareProviders(settings: Settings): Providers {
  const secret = (key: string) => settings.secretKeys.includes(key as Settings["secretKeys"][number]);
  // A secret key's values reach the providers as secrets, so Pulumi encrypts them in the state.
  const keep = <T>(value: T, key: string): pulumi.Input<T> => (secret(key) ? (pulumi.secret(value) as pulumi.Output<T>) : value);
  const sideAuth = (auth: ProviderSettings | undefined, authKey: string): SideAuth => ({
    ...(auth?.profile !== undefined ? { profile: keep(auth.profile, authKey) } : {}),
    ...(auth?.assumeRoleArn !== undefined ? { assumeRoleArn: keep(auth.assumeRoleArn, authKey) } : {}),
  });
  const providerArgs = (region: string, auth: ProviderSettings | undefined, authKey: string): aws.ProviderArgs => {
    const { profile, assumeRoleArn } = sideAuth(auth, authKey);
    return {
      region,
      defaultTags: { tags: keep({ ...settings.tags }, "tags") },
      ...(profile !== undefined ? { profile } : {}),
      ...(assumeRoleArn !== undefined ? { assumeRoles: [{ roleArn: assumeRoleArn, sessionName: "drs-secured-network" }] } : {}),
    };
  };
  const sources = settings.sources.map(
    (source) => new aws.Provider(source.name === "" ? "aws-source" : `aws-source-${source.name}`, providerArgs(source.region, source.provider, source.name === "" ? "sourceProvider" : "sources")),
  );
  const dr = new aws.Provider("aws-dr", providerArgs(settings.drRegion, settings.drProvider, "drProvider"));
  const drNative = settings.recovery !== undefined ? nativeProvider("aws-native-dr", settings.drRegion, sideAuth(settings.drProvider, "drProvider")) : undefined;
  const failbackNative = Object.fromEntries(
    failbackSides(settings).map(({ region, sourceIndex }) => {
      const source = settings.sources[sourceIndex];
      const auth = sideAuth(source.provider, source.name === "" ? "sourceProvider" : "sources");
      return [region, nativeProvider(`aws-native-failback-${region}`, region, auth)];
    }),
  );
  return { dr, sources, ...(drNative !== undefined ? { drNative } : {}), failbackNative, sideAuth };
}

/** A Cloud Control provider: the region, profile and role of its side's AWS provider (its tags go on each resource). */
function nativeProvider(name: string, region: string, auth: SideAuth): awsNative.Provider {
  return new awsNative.Provider(name, {
    region: region as awsNative.Region,
    ...(auth.profile !== undefined ? { profile: auth.profile } : {}),
    ...(auth.assumeRoleArn !== undefined ? { assumeRole: { roleArn: auth.assumeRoleArn, sessionName: "drs-secured-network" } } : {}),
  });
}
