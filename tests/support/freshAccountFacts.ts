/**
 * The facts of a fresh account, as plain data: what account/ reads from the synth's offline account (synth/cli.ts
 * `offlineAccount`: a fresh account that confirms an adopted VPC as configured). Each region offers its zones a, b,
 * c and every endpoint service in each; no DRS service role exists; every quota has AWS's default; each region holds
 * its default VPC and the adopted VPCs there; no peering was made. tests/plan.spec.ts checks that readAccountFacts
 * under the mocks answers exactly this, so the plan's own tests can use it without the mock runtime.
 */
import { DRS_SERVICE_ROLES } from "../../lib/drsServiceRoles";
import { accountView, drsAccounts } from "../../lib/plan/accounts";
import { quotaSides } from "../../lib/plan/quotaSides";
import type { AccountFacts, ServiceRoleFacts } from "../../lib/plan/types";
import { AppliedQuota, appliedKey, QUOTAS, QuotaKey } from "../../lib/quotas";
import { endpointServiceName, INTERFACE_ENDPOINT_SERVICES } from "../../lib/regions";
import { FAKE_ACCOUNT } from "../../synth/awsMocks";
import type { ProviderSettings, Settings } from "../../settings";

/** The mocks' account of a side: the config's accountId, else the account of the role it assumes, else the fake one. */
function accountOf(auth: ProviderSettings | undefined): string {
  return auth?.accountId ?? /arn:aws:iam::(\d{12}):role/.exec(auth?.assumeRoleArn ?? "")?.[1] ?? FAKE_ACCOUNT;
}

const zones = (region: string) => ["a", "b", "c"].map((letter) => `${region}${letter}`);

/** DRS's policy ARNs as AWS names them: DRS's under service-role/, Systems Manager's core policy at the root. */
const policyArn = (name: string) => `arn:aws:iam::aws:policy/${name.startsWith("AWSElasticDisasterRecovery") ? "service-role/" : ""}${name}`;

/** The facts of a fresh account for these settings. */
export function freshAccountFacts(settings: Settings): AccountFacts {
  const differ = settings.drProvider !== undefined || settings.sources.some((s) => s.provider !== undefined);
  const accounts = differ ? { dr: accountOf(settings.drProvider), sources: settings.sources.map((s) => accountOf(s.provider)) } : undefined;
  const view = accountView(settings, accounts);
  const sides = quotaSides(settings, view.accountKeyOf);
  const applied = new Map<string, AppliedQuota>();
  const regional = (Object.keys(QUOTAS) as QuotaKey[]).filter((k) => !("global" in QUOTAS[k]));
  for (const { side } of sides.toRead) for (const key of regional) applied.set(appliedKey(side, key), { value: QUOTAS[key].defaultValue, defaultValue: QUOTAS[key].defaultValue, adjustable: true });
  if (sides.zoneSide !== undefined) applied.set(appliedKey(sides.zoneSide, "vpcsPerHostedZone"), { value: QUOTAS.vpcsPerHostedZone.defaultValue, defaultValue: QUOTAS.vpcsPerHostedZone.defaultValue, adjustable: true });
  const adoptedIn = (region: string) => settings.sources.filter((s) => s.region === region && s.vpc.kind === "adopt").length;
  return {
    ...(accounts !== undefined ? { accounts } : {}),
    stackAccountIds: accounts !== undefined ? [...new Set([accounts.dr, ...accounts.sources])] : [FAKE_ACCOUNT],
    stagingZones: {
      offered: zones(settings.drRegion),
      services: INTERFACE_ENDPOINT_SERVICES.map((service) => ({ serviceName: endpointServiceName(settings.drRegion, service), availabilityZones: zones(settings.drRegion) })),
    },
    sources: settings.sources.map((source) => {
      const vpc = source.vpc;
      if (vpc.kind === "create") return { kind: "create" as const, zones: { offered: zones(source.region) } };
      return {
        kind: "adopt" as const,
        vpc: {
          vpc: { found: { cidrBlocks: [vpc.vpcCidr], enableDnsSupport: true, enableDnsHostnames: true } },
          routeTables: Object.fromEntries(vpc.routeTableIds.map((id) => [id, { found: { vpcId: vpc.vpcId, routes: 0 } }])),
          subnets: Object.fromEntries(vpc.subnetIds.map((id) => [id, { found: { vpcId: vpc.vpcId } }])),
        },
        routes: Object.fromEntries(vpc.routeTableIds.map((id) => [id, 0])),
      };
    }),
    ...(settings.failback !== undefined
      ? {
          failbackZones: Object.fromEntries(
            Object.keys(settings.failback.stagingVpcCidrs).map((region) => [
              region,
              { offered: zones(region), services: INTERFACE_ENDPOINT_SERVICES.map((service) => ({ serviceName: endpointServiceName(region, service), availabilityZones: zones(region) })) },
            ]),
          ),
        }
      : {}),
    ...(settings.recovery?.vpc.kind === "adopt"
      ? {
          recoveryVpc: {
            vpc: { found: { cidrBlocks: [settings.recovery.vpc.vpcCidr], enableDnsSupport: true, enableDnsHostnames: true } },
            routeTables: Object.fromEntries(settings.recovery.vpc.routeTableIds.map((id) => [id, { found: { vpcId: (settings.recovery?.vpc as { vpcId: string }).vpcId, routes: 0 } }])),
            subnets: Object.fromEntries(settings.recovery.vpc.subnetIds.map((id) => [id, { found: { vpcId: (settings.recovery?.vpc as { vpcId: string }).vpcId } }])),
          },
        }
      : {}),
    serviceRoles: settings.replication?.initializeService === true ? drsAccounts(settings, view).map((side) => missingRoles(side, view.accountOfKey(side.accountKey) ?? FAKE_ACCOUNT)) : [],
    quotas: {
      applied,
      existingVpcs: Object.fromEntries(sides.toRead.map(({ side }) => [side.key, 1 + adoptedIn(side.region)])),
      madePeerings: Object.fromEntries(sides.toRead.map(({ side }) => [side.key, 0])),
      adoptedPeerings: Object.fromEntries(settings.sources.filter((s) => s.vpc.kind === "adopt").map((s) => [s.name, 0])),
      warnings: [],
    },
  };
}

/** An account with none of DRS's six service roles. */
function missingRoles(side: { accountKey: string; sourceIndex?: number; where: string }, accountId: string): ServiceRoleFacts {
  const notFound = (name: string) => ({ error: `invocation of aws:iam/getRole:getRole returned an error: reading IAM Role (${name}): couldn't find resource` });
  const policies = [...new Set(DRS_SERVICE_ROLES.flatMap((r) => r.managedPolicies))];
  return {
    ...side,
    roles: Object.fromEntries(DRS_SERVICE_ROLES.map((r) => [r.name, notFound(r.name)])),
    accountId: { found: accountId },
    policyArns: Object.fromEntries(policies.map((name) => [name, { found: policyArn(name) }])),
  };
}
