/**
 * The verifier as Pulumi CrossGuard stack-validation policies, so every `pulumi preview --policy-pack policy` runs
 * the same checks as `npm run synth`, against the stack Pulumi is about to deploy. This module only adapts Pulumi's
 * policy resources to the verifier's input and its verdicts to violations; the checks are lib/verifier/ (the declared-resources builder and the judgments).
 * It imports nothing from @pulumi/policy at run time, so tests call the policies directly (constructing a
 * PolicyPack, in index.ts, starts a server).
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { DeclaredResource, Verdict, verifyNetwork } from "../lib/verifier";

/** The part of a Pulumi `PolicyResource` the verifier reads. */
export interface PolicyResourceLike {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
  readonly provider?: { readonly props: Record<string, unknown> };
  readonly propertyDependencies?: Record<string, readonly { readonly urn: string }[]>;
}

/**
 * Policy resources as the verifier's declared resources: the region from the provider, and the property
 * dependencies as URNs, which is how references are followed in a preview, where new resources have no ids yet.
 */
export function toDeclaredResources(resources: readonly PolicyResourceLike[]): DeclaredResource[] {
  return resources.map((r) => {
    const region = r.provider?.props.region;
    return {
      type: r.type,
      name: r.name,
      urn: r.urn,
      region: typeof region === "string" ? region : undefined,
      props: r.props,
      propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([prop, deps]) => [prop, deps.map((d) => d.urn)])),
    };
  });
}

/** Report every failed verdict of one kind, attributed to the blocking or offending resource where it is declared. */
function reportFailures(verdicts: readonly Verdict[], resources: readonly PolicyResourceLike[], report: ReportViolation): void {
  const urnOf = (component: string) => resources.find((r) => r.name === component)?.urn;
  for (const v of verdicts.filter((x) => !x.passed)) {
    const findings = v.blockedBy !== undefined ? [v.blockedBy] : (v.offenders ?? []);
    for (const f of findings) {
      report(`${v.description}: ${f.component} ${f.reason}`, urnOf(f.component));
    }
  }
}

/** The policy configuration: set `requireFlowLogs: false` in the policy pack's config for stacks that turn flow logs off. */
export interface IsolationPolicyConfig {
  readonly requireFlowLogs?: boolean;
}

function verdictsOfKind(args: Pick<StackValidationArgs, "resources" | "getConfig">, kind: Verdict["kind"]): { verdicts: Verdict[]; resources: PolicyResourceLike[] } {
  const resources = args.resources as unknown as PolicyResourceLike[];
  const config = kind === "forbidden" ? args.getConfig<IsolationPolicyConfig>() : {};
  return { verdicts: verifyNetwork(toDeclaredResources(resources), { requireFlowLogs: config.requireFlowLogs !== false }).filter((v) => v.kind === kind), resources };
}

/** Every flow DRS needs is reachable: source and staging subnets to the endpoints on TCP 443, staging to S3, and back. */
export const requiredFlowsPolicy: StackValidationPolicy = {
  name: "drs-required-flows",
  description: "Source and staging subnets reach the DRS, EC2 and S3 endpoints on TCP 443 (staging reaches S3 through the gateway endpoint), and replies route back.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const { verdicts, resources } = verdictsOfKind(args, "required-flow");
    reportFailures(verdicts, resources, reportViolation);
  },
};

/** Nothing gives the network a path to or from the internet, and no rule or route is wider than it must be. */
export const isolationPolicy: StackValidationPolicy = {
  name: "drs-network-isolation",
  description:
    "No Internet Gateway, egress-only gateway, NAT gateway, Elastic IP or public IP; no route to 0.0.0.0/0 or ::/0; no traffic to or from outside the declared VPC blocks; private DRS replication; flow logs on every VPC; no peering route wider than the peer VPC.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { requireFlowLogs: { type: "boolean", default: true } } },
  validateStack: (args, reportViolation) => {
    const { verdicts, resources } = verdictsOfKind(args, "forbidden");
    reportFailures(verdicts, resources, reportViolation);
  },
};

/** The policies of the pack, in the order they run. */
export const POLICIES: readonly StackValidationPolicy[] = [requiredFlowsPolicy, isolationPolicy];
