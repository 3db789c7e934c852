/**
 * What the stack's config declares, as verdicts: verify-live judges the account against the config, not only against
 * what it finds there. The offline synth of the same config is judged with every resource named as AWS names it (its
 * Name tag, the name `lib/verifier/aws/` gives a live thing), so each declared verdict has the id its live twin
 * would have. A declared verdict the live network does not give (the replication template never created, say, so no
 * TCP 1500 verdict at all) is added as a failing verdict naming what is missing, instead of silently shortening the
 * list. Pure.
 */
import { judge, Verdict } from "../lib/verifier";
import { DeclaredResource, modelFromDeclared, VerifierContext } from "../lib/verifier/declared";
import type { Finding, Named, NetworkModel } from "../lib/verifier/model";

/** A declared resource named as AWS will name it: its Name tag, where it has one (the program tags what it creates). */
export function asLiveNamed(resource: DeclaredResource): DeclaredResource {
  const tags = resource.props.tags as Record<string, unknown> | undefined;
  const name = typeof tags?.Name === "string" && tags.Name !== "" ? tags.Name : resource.name;
  return name === resource.name ? resource : { ...resource, name };
}

/** The declared network, its nodes named as AWS will name them. */
export function liveNamedModel(resources: readonly DeclaredResource[], context: VerifierContext): NetworkModel {
  return modelFromDeclared(resources.map(asLiveNamed), context);
}

/** The verdicts the config declares, in live names. */
export function declaredVerdicts(model: NetworkModel, context: VerifierContext): Verdict[] {
  return judge(model, { requireFlowLogs: context.requireFlowLogs, agentRollout: context.agentRollout });
}

/** A component of a model, with what it is, and the other names verdicts give it. */
interface Component {
  readonly node: Named;
  readonly what: string;
  readonly aliases?: readonly string[];
}

/** The components of one model, most specific first (a private zone is named by its id live, so left out). */
function components(model: NetworkModel): Component[] {
  const of = (what: string, nodes: readonly Named[]) => nodes.map((node) => ({ node, what }));
  return [
    // The flows name a template's servers by its staging area (lib/verifier/flows/origin.ts): they are the template's.
    ...model.templates.map((t) => ({ node: t, what: "replication configuration template", aliases: [`replication servers in ${t.stagingSubnet?.name ?? "the staging area"}`] })),
    ...of("VPC endpoint", model.endpoints),
    ...of("Route 53 Resolver endpoint", model.resolverEndpoints),
    ...of("Site-to-Site VPN connection", model.connections.flatMap((c) => c.vpns)),
    ...model.connections.map((c) => ({ node: c, what: c.kind === "transit-gateway" ? "transit gateway attachment" : "virtual private gateway" })),
    ...of("security group", model.groups),
    ...of("VPC peering connection", model.peerings),
    ...of("subnet", model.subnets),
    ...of("route table", model.tables),
    ...of("network ACL", model.acls.map((a) => a.acl)),
    ...of("flow log", model.flowLogs),
    ...of("VPC", model.vpcs),
  ];
}

/** Whether a verdict names a component: in its id, its two ends or its path, as a whole name. */
function mentions(verdict: Verdict, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const whole = new RegExp(`(^|[^\\w-])${escaped}($|[^\\w-])`);
  return [verdict.id, verdict.between?.from ?? "", verdict.between?.to ?? "", ...(verdict.path ?? [])].some((text) => whole.test(text));
}

/** What blocks a declared verdict the account does not give: the first declared component it names that is not there. */
function missingCause(verdict: Verdict, absent: readonly Component[]): Finding {
  const cause = absent.find((a) => [a.node.name, ...(a.aliases ?? [])].some((name) => mentions(verdict, name)));
  if (cause !== undefined) return { component: cause.node.name, reason: `is declared by the stack's config (a ${cause.what}), but the account has no ${cause.what} of that name` };
  return { component: verdict.between?.to ?? verdict.id, reason: "is declared by the stack's config, but the network read from AWS gives no such check (see the drift)" };
}

/**
 * The live verdicts, then a failing verdict for each flow or forbidden check the config declares and the account does
 * not give (a warning never fails, so a missing one is left out).
 */
export function withDeclared(live: readonly Verdict[], declared: readonly Verdict[], liveModel: NetworkModel, declaredModel: NetworkModel): Verdict[] {
  const liveIds = new Set(live.map((v) => v.id));
  const liveNames = new Set(components(liveModel).map((c) => c.node.name));
  const absent = components(declaredModel).filter((c) => !liveNames.has(c.node.name));
  const missing = declared
    .filter((d) => d.kind !== "warning" && !liveIds.has(d.id))
    .map((d): Verdict => ({
      id: d.id,
      kind: d.kind,
      description: d.description,
      ...(d.flow !== undefined ? { flow: d.flow } : {}),
      ...(d.between !== undefined ? { between: d.between } : {}),
      passed: false,
      blockedBy: missingCause(d, absent),
    }));
  return [...live, ...missing];
}
