/**
 * The two records between the settings and the resources: what the accounts said (`AccountFacts`, read by account/)
 * and what the program will declare (`NetworkPlan`, made from the settings and the facts by `planNetwork`). Plain data:
 * no Pulumi import, no Output, so a plan can be compared, counted against AWS's quotas and printed before any `new`.
 */
import type { QuotaFacts } from "../../account/quotas";
import type { DrsServiceRole } from "../drsServiceRoles";
import type { ExternalPlan } from "./external";
import type { FailbackPlan } from "./failback";
import type { RecoveryPlan } from "./recovery";
import type { NetworkAclRules } from "../networkAcl";
import type { QuotaJudgment, QuotaShortfall } from "../quotas";
import type { AdoptedSourceVpc, ConfigProblem, ReplicationSettings, Settings, SourceSettings } from "../../settings";
import type { AdoptedVpcFacts, EndpointServiceZones, Lookup, ServiceRoleLookups } from "./checks";

/** A region's plain availability zones, and for the staging VPC's region the zones of each interface endpoint service. */
export interface ZoneFacts {
  readonly offered: readonly string[];
  readonly services?: readonly EndpointServiceZones[];
}

/** What an account said about DRS's service roles: each role's lookup, and for missing ones the account id and policy ARNs. */
export interface ServiceRoleFacts {
  /** `""` for the DR account, else the source account's id. */
  readonly accountKey: string;
  /** The source whose provider read them (`undefined`: the DR side's). */
  readonly sourceIndex?: number;
  /** The account, as messages name it. */
  readonly where: string;
  readonly roles: ServiceRoleLookups;
  /** Read only where a role is missing: the account id (for the trust policies) and the managed policies' ARNs by name. */
  readonly accountId?: Lookup<string>;
  readonly policyArns?: Readonly<Record<string, Lookup<string>>>;
}

/** Every answer the plan needs from the accounts, read once through the providers (account/index.ts). */
export interface AccountFacts {
  /** Each side's account id, where a side authenticates on its own (from the config, or looked up); absent within one account. */
  readonly accounts?: { readonly dr: string; readonly sources: readonly string[] };
  /** The stack's accounts, each once: the endpoint policies admit them. */
  readonly stackAccountIds: readonly string[];
  readonly stagingZones: ZoneFacts;
  /** Per source, in config order: its region's zones (a created VPC), or the adopted VPC and its route tables' routes. */
  readonly sources: readonly ({ readonly kind: "create"; readonly zones: ZoneFacts } | { readonly kind: "adopt"; readonly vpc: AdoptedVpcFacts; readonly routes: Readonly<Record<string, number>> })[];
  /** DRS's service roles in each account where DRS is initialized (none without `replication.initializeService`). */
  readonly serviceRoles: readonly ServiceRoleFacts[];
  readonly quotas: QuotaFacts;
  /** An adopted recovery VPC (`recovery.vpc`), its route tables and subnets as the DR account has them. */
  readonly recoveryVpc?: AdoptedVpcFacts;
  /** With failback: each source region's zones and endpoint services, for its failback staging VPC. */
  readonly failbackZones?: Readonly<Record<string, ZoneFacts>>;
}

/** One subnet to create. */
export interface SubnetPlan {
  /** The availability zone name, e.g. `eu-west-2a`. */
  readonly availabilityZone: string;
  /** The subnet's IPv4 block, inside the VPC's. */
  readonly cidrBlock: string;
}

/** A created VPC's flow logs: retention, and the key given, or the one `flowLogs.kms: create` makes (by its id). */
export interface FlowLogPlan {
  readonly region: string;
  readonly retentionDays: number;
  /** A key of the config (`flowLogsKmsKeyArn`, `flowLogs.stagingKmsKeyArn`). */
  readonly kmsKeyArn?: string;
  /** The id (`<region>/<account key>`) of the created key it takes. */
  readonly createdKey?: string;
  /** The VPC's account id is part of a secret config value: the delivery role's policies that name it are kept secret. */
  readonly secretAccount: boolean;
}

/** A created flow-log key: its logical name, region and account, and whether the rollout's log groups take it too. */
export interface FlowLogKeyPlan {
  /** `<region>/<account key>`. */
  readonly id: string;
  readonly name: string;
  readonly region: string;
  /** The source whose provider makes it (`undefined`: the DR side's). */
  readonly sourceIndex?: number;
  readonly secretAccount: boolean;
}

/** One source: its VPC, the account and provider it is reached through, and what the other parts need of it. */
export interface SourcePlan {
  /** The source's name (`""` for the shorthand's single source), and its components' names (`source`, `source-app`). */
  readonly key: string;
  readonly componentName: string;
  readonly settings: SourceSettings;
  readonly region: string;
  /** `""` in the DR account, else the source's account id. */
  readonly accountKey: string;
  /** The DR account, when the source is in another one (the peering's owner, the installer's `--account-id`). */
  readonly otherAccount?: string;
  /** The config key of its provider settings, which keeps them secret (`sourceProvider`, `sources`). */
  readonly authKey: "sourceProvider" | "sources";
  readonly vpc:
    | { readonly kind: "create"; readonly cidrBlock: string; readonly subnets: readonly SubnetPlan[]; readonly flowLogs?: FlowLogPlan }
    | ({ readonly kind: "adopt" } & Pick<AdoptedSourceVpc, "vpcId" | "routeTableIds" | "subnetIds"> & { readonly cidrBlock: string });
  /** The agent rollout's endpoints in its VPC: which services, and where (`created`: the created VPC's own subnets). */
  readonly rolloutEndpoints?: { readonly cidrBlock: string; readonly subnets: "created" | readonly string[]; readonly services: readonly string[] };
  /** Its servers' install commands and policies name an account that is part of a secret config value. */
  readonly secretAccount: boolean;
  /** The source account is secret (its rollout's policies name it). */
  readonly secretSourceAccount: boolean;
}

/** DRS's service roles an account lacks, to create before DRS is initialized there. */
export interface ServiceRoleCreation {
  readonly accountKey: string;
  readonly accountId: string;
  /** The source whose provider creates them (`undefined`: the DR side's). */
  readonly sourceIndex?: number;
  readonly roles: readonly DrsServiceRole[];
  readonly policyArns: Readonly<Record<string, string>>;
  readonly secretAccount: boolean;
}

/** Everything the program declares, decided. */
export interface NetworkPlan {
  readonly settings: Settings;
  readonly drRegion: string;
  /** The DR account, where the sides are in several accounts. */
  readonly drAccount?: string;
  readonly sources: readonly SourcePlan[];
  readonly staging: {
    readonly cidrBlock: string;
    readonly subnets: readonly SubnetPlan[];
    readonly flowLogs?: FlowLogPlan;
    /** The staging subnets' ACL rules, on an ACL of their own (`dedicated`) or on the default ACL; `dnsCidrBlocks` ask the inbound resolver. */
    readonly networkAcl: { readonly sourceCidrBlocks: readonly string[]; readonly dnsCidrBlocks: readonly string[]; readonly dedicated: boolean; readonly rules: NetworkAclRules };
  };
  /** The sources outside AWS: their connections, routes and resolver (absent without any). */
  readonly external?: ExternalPlan;
  /** The recovery VPC and DRS's launch settings (`recovery.enabled`). */
  readonly recovery?: RecoveryPlan;
  /** The reverse path to each source region (`failback.enabled`). */
  readonly failback?: FailbackPlan;
  readonly flowLogKeys: readonly FlowLogKeyPlan[];
  /** The stack's accounts, for the endpoint policies, and whether one is part of a secret value (the policies are then secret). */
  readonly stackAccountIds: readonly string[];
  readonly secretAccountIds: boolean;
  readonly replication?: { readonly settings: ReplicationSettings; readonly serviceRoles: readonly ServiceRoleCreation[] };
  /** Logged once, in order, as the resources are declared (the agent rollout's). */
  readonly declareWarnings: readonly string[];
}

/** The plan, or what stands in the way: every problem at once, or only quotas AWS raises (with `quotaIncreases: request`). */
export type PlanOutcome =
  | { readonly kind: "network"; readonly plan: NetworkPlan }
  | { readonly kind: "refused"; readonly problems: readonly ConfigProblem[] }
  | { readonly kind: "quota-requests"; readonly requests: readonly QuotaRequestPlan[] };

/** One quota increase to request, with its logical name and the side whose provider asks. */
export interface QuotaRequestPlan {
  readonly name: string;
  readonly shortfall: QuotaShortfall;
  /** The source whose provider asks (`undefined`: the DR side's). */
  readonly sourceIndex?: number;
}

/** The outcome, and what the preflight tells the caller on the way: the quota judgment and the warnings to log now. */
export interface PlanResult {
  readonly outcome: PlanOutcome;
  readonly quotas?: QuotaJudgment;
  readonly warnings: readonly string[];
}
