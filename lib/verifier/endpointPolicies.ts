/**
 * Endpoint policies: every endpoint of the stack has one, and each of its Allow statements either names the resources
 * it admits (S3's buckets, DRS's session API) or admits only principals it names (accounts, an organization, AWS
 * services). An endpoint without a policy gets AWS's full-access default, through which a principal of any account
 * may act on any account's resources (PrivateLink guide, "Control access to VPC endpoints using endpoint policies",
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
 */
import { blame, Finding, NetworkModel } from "./model";

/** Condition keys that name who may use the endpoint. */
const PRINCIPAL_KEYS = ["aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths", "aws:principalarn", "aws:principalisawsservice"];

interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Resource?: string | string[];
  readonly NotResource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Whether a statement admits only principals it names: a principal other than `*`, or a positive condition on one. */
function namesItsPrincipals(st: Statement): boolean {
  const anyone = st.Principal === "*" || (typeof st.Principal === "object" && st.Principal !== null && (st.Principal as Record<string, unknown>).AWS === "*");
  if (!anyone && st.Principal !== undefined) return true;
  return Object.entries(st.Condition ?? {}).some(
    ([operator, keys]) => !/Not|IfExists/.test(operator) && Object.entries(keys).some(([key, value]) => PRINCIPAL_KEYS.includes(key.toLowerCase()) && !(key.toLowerCase() === "aws:principalisawsservice" && String(value) !== "true")),
  );
}

/** Whether a statement names the resources it admits (no bare `*`, no NotResource). */
function namesItsResources(st: Statement): boolean {
  if (st.NotResource !== undefined) return false;
  const resources = st.Resource === undefined ? ["*"] : [st.Resource].flat();
  return resources.every((r) => r !== "*");
}

/** The offenders (an endpoint without a policy, a statement open to anyone on anything) and what could not be read. */
export function endpointPolicyFindings(model: NetworkModel): { offenders: Finding[]; notes: string[] } {
  const offenders: Finding[] = [];
  const notes: string[] = [];
  for (const endpoint of model.endpoints) {
    if (endpoint.policy === null) {
      notes.push(`${endpoint.name}: its policy is not known yet (a preview, or a secret), so it is not judged`);
      continue;
    }
    if (endpoint.policy === undefined) {
      offenders.push(blame(endpoint, "has no endpoint policy: AWS's default lets any principal of any account act on any account's resources through it"));
      continue;
    }
    let statements: Statement[];
    try {
      const document = JSON.parse(endpoint.policy) as { Statement?: Statement | Statement[] };
      statements = [document.Statement ?? []].flat();
    } catch {
      offenders.push(blame(endpoint, "has a policy that is not JSON"));
      continue;
    }
    statements.forEach((st, i) => {
      if (st.Effect !== "Allow" || namesItsPrincipals(st) || namesItsResources(st)) return;
      offenders.push(blame(endpoint, `lets any principal act on every resource through it (statement ${st.Sid ?? i + 1} names neither principals nor resources)`));
    });
  }
  return { offenders, notes };
}
