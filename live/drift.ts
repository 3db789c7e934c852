/**
 * Drift: what the account holds that differs from the stack. Two sources of "what the stack says":
 *
 * - its outputs (`pulumi stack output --json`): every id they name must still exist, the endpoint DNS names they give
 *   must still be the live endpoints', and the peering they name must still be the one that joins the VPCs;
 * - its declared network (the offline synth of the same config, run under the mock runtime): each security group's
 *   rules, each route table's routes, each subnet's network ACL rules, each endpoint's subnets, groups and private
 *   DNS, and what exists in the VPCs the stack creates. The synth's ids are placeholders, so the two networks are
 *   paired through the outputs: a thing is known by the output that names it (`endpointSecurityGroupId`,
 *   `stagingSubnetIds[1]`), a default group or ACL or a main route table by its VPC, an endpoint by its VPC and service.
 *   The two are compared kind by kind: security groups, route tables, network ACLs, endpoints, then what is gone.
 *
 * Pure.
 */
import { DeclaredResource, modelFromDeclared, Verdict } from "../lib/verifier";
import { asLiveNamed, declaredVerdicts, liveNamedModel } from "./expected";
import { PROTOCOL_NAMES } from "../lib/verifier/acl";
import type { LiveCapture } from "../lib/verifier/aws";
import type { Settings } from "../settings";
import { aclOf, bareDnsName, NaclRuleNode, Named, NetworkModel, RouteNode, RuleNode, SecurityGroupNode, SubnetNode, VpcNode } from "../lib/verifier/model";
import type { LiveScope } from "../lib/verifier/aws";
import type { OutputsJson } from "./scope";

/** One difference between the account and the stack. */
export interface DriftItem {
  /** `gone`: the stack has it, the account not; `changed`: both, differently; `added`: the account only. */
  readonly kind: "gone" | "changed" | "added";
  /** The live name, or the output key for something gone. */
  readonly component: string;
  /** The live id, where there is one. */
  readonly id?: string;
  readonly detail: string;
}

/** The declared side: the synth's model of the same config, the synth's outputs, and each resource's id there. */
export interface DeclaredSide {
  readonly model: NetworkModel;
  readonly outputs: OutputsJson;
  /** The synth's (placeholder) id of each resource, by logical name. */
  readonly idsByName: ReadonlyMap<string, string>;
  /** The same network with each resource named as AWS names it (its Name tag). */
  readonly liveNamed: NetworkModel;
  /** The verdicts the config declares, in live names: each must have a live twin. */
  readonly verdicts: readonly Verdict[];
  /** Each resource's live name (its Name tag, else its logical name), by logical name. */
  readonly liveNames?: ReadonlyMap<string, string>;
}

/** The declared side from a synth's resources and outputs, with the stack's adopted VPCs as the synth knows them. */
export function declaredSideOf(resources: readonly DeclaredResource[], outputs: OutputsJson, settings: Settings): DeclaredSide {
  const adopted = settings.sources.flatMap((s) => (s.vpc.kind === "adopt" ? [{ id: s.vpc.vpcId, cidrBlock: s.vpc.vpcCidr }] : []));
  const context = {
    externalVpcs: adopted,
    requireFlowLogs: settings.flowLogs !== undefined,
    agentRollout: settings.agentRollout !== undefined,
    externalSources: settings.externalSources ?? [],
    ...(settings.failback !== undefined ? { failback: settings.failback } : {}),
  };
  const liveNamed = liveNamedModel(resources, context);
  return {
    model: modelFromDeclared(resources, context),
    outputs,
    idsByName: new Map(resources.flatMap((r) => (typeof r.props.id === "string" ? [[r.name, r.props.id] as const] : []))),
    liveNamed,
    verdicts: declaredVerdicts(liveNamed, context),
    liveNames: new Map(resources.map((r) => [r.name, asLiveNamed(r).name])),
  };
}

const ID_PATTERN = /^((vpc|subnet|rtb|pcx|sg|vpce|rct|tgw-attach|vgw|vpn)-[0-9a-f]{8,17}|Z[0-9A-Z]{8,32})$/;

/** Every id the outputs name, with the path of the first output that names it (`sourceNetworks.app.subnetIds[0]`). */
export function outputIdPaths(outputs: OutputsJson): Map<string, string> {
  const paths = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === "string") {
      // A hosted zone's id is known by its output's name too: Route 53 documents no pattern for it (a ResourceId of at
      // most 32 characters), and the Z AWS's ids start with is not promised.
      const zoneId = /HostedZoneId$/.test(path) && /^[A-Z0-9]{1,32}$/.test(value);
      if ((ID_PATTERN.test(value) || zoneId) && !paths.has(value)) paths.set(value, path);
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, path === "" ? k : `${path}.${k}`);
  };
  walk(outputs, "");
  return paths;
}

/** The ids the capture holds of things that exist (endpoints being deleted and closed peerings left out). */
function liveIds(capture: LiveCapture): Map<string, string | undefined> {
  const ids = new Map<string, string | undefined>();
  for (const ops of Object.values(capture.regions)) {
    for (const v of ops.DescribeVpcs?.Vpcs ?? []) ids.set(v.VpcId ?? "", undefined);
    for (const s of ops.DescribeSubnets?.Subnets ?? []) ids.set(s.SubnetId ?? "", undefined);
    for (const t of ops.DescribeRouteTables?.RouteTables ?? []) ids.set(t.RouteTableId ?? "", undefined);
    for (const g of ops.DescribeSecurityGroups?.SecurityGroups ?? []) ids.set(g.GroupId ?? "", undefined);
    for (const e of ops.DescribeVpcEndpoints?.VpcEndpoints ?? []) if (String(e.State ?? "").toLowerCase() !== "deleted") ids.set(e.VpcEndpointId ?? "", undefined);
    for (const p of ops.DescribeVpcPeeringConnections?.VpcPeeringConnections ?? []) ids.set(p.VpcPeeringConnectionId ?? "", p.Status?.Code);
    for (const t of ops.DescribeReplicationConfigurationTemplates?.items ?? []) ids.set(t.replicationConfigurationTemplateID ?? "", undefined);
    for (const a of ops.DescribeTransitGatewayVpcAttachments?.TransitGatewayVpcAttachments ?? []) if (a.State !== "deleted") ids.set(a.TransitGatewayAttachmentId ?? "", undefined);
    for (const g of ops.DescribeVpnGateways?.VpnGateways ?? []) if (g.State !== "deleted") ids.set(g.VpnGatewayId ?? "", undefined);
    for (const v of ops.DescribeVpnConnections?.VpnConnections ?? []) if (v.State !== "deleted") ids.set(v.VpnConnectionId ?? "", undefined);
    if (ops.GetHostedZone?.HostedZone?.Id !== undefined) ids.set(ops.GetHostedZone.HostedZone.Id.replace(/^\/hostedzone\//, ""), undefined);
  }
  return ids;
}

/** Everything that differs. */
export function findDrift(args: { readonly outputs: OutputsJson; readonly scope: LiveScope; readonly capture: LiveCapture; readonly live: NetworkModel; readonly declared?: DeclaredSide }): DriftItem[] {
  const { outputs, scope, capture, live } = args;
  const drift: DriftItem[] = [];
  const paths = outputIdPaths(outputs);
  const exists = liveIds(capture);

  // Every id the outputs name still exists; the peerings are still active.
  for (const [id, path] of paths) {
    if (!exists.has(id)) drift.push({ kind: "gone", component: path, id, detail: `${path} names ${id}, which the account no longer has` });
    else if (id.startsWith("pcx-") && exists.get(id) !== "active") drift.push({ kind: "changed", component: path, id, detail: `the peering ${id} is ${exists.get(id) ?? "of unknown status"}, not active` });
  }

  // The endpoint DNS names the install commands were built from are still the live endpoints'.
  const staging = live.vpcs.find((v) => v.id === scope.stagingVpcId);
  for (const [key, service] of [["drsEndpointDnsName", "drs"], ["ec2EndpointDnsName", "ec2"], ["s3InterfaceEndpointDnsName", "s3"]] as const) {
    const expected = outputs[key];
    if (typeof expected !== "string") continue;
    const endpoints = live.endpoints.filter((e) => e.vpc === staging && e.type === "Interface" && e.serviceName === `com.amazonaws.${scope.drRegion}.${service}`);
    if (endpoints.length === 0) {
      drift.push({ kind: "gone", component: key, detail: `the staging VPC has no ${service.toUpperCase()} interface endpoint; ${key} (${expected}) and the install commands built from it no longer resolve` });
    } else if (!endpoints.some((e) => e.dnsNames.some((n) => bareDnsName(n) === bareDnsName(expected)))) {
      const e = endpoints[0];
      drift.push({ kind: "changed", component: e.name, id: e.id, detail: `${key} is ${expected}, but the live ${service.toUpperCase()} endpoint answers ${bareDnsName(e.dnsNames[0])}: it was replaced, and the install commands name the old one` });
    }
  }

  // Failback's endpoint names (`failbackNetworks.<region>`, "" while on demand and not active) are still the live
  // endpoints' of the region's failback staging VPC.
  const failbackNetworks = (outputs.failbackNetworks ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const f of scope.failback ?? []) {
    const vpc = live.vpcs.find((v) => v.id === f.stagingVpcId);
    for (const [key, service] of [["drsEndpointDnsName", "drs"], ["ec2EndpointDnsName", "ec2"], ["s3InterfaceEndpointDnsName", "s3"]] as const) {
      const expected = failbackNetworks[f.region]?.[key];
      if (typeof expected !== "string" || expected === "") continue;
      const path = `failbackNetworks.${f.region}.${key}`;
      const endpoints = live.endpoints.filter((e) => e.vpc === vpc && e.type === "Interface" && e.serviceName === `com.amazonaws.${f.region}.${service}`);
      if (endpoints.length === 0) {
        drift.push({ kind: "gone", component: path, detail: `the failback staging VPC of ${f.region} has no ${service.toUpperCase()} interface endpoint; ${path} (${expected}) no longer resolves` });
      } else if (!endpoints.some((e) => e.dnsNames.some((n) => bareDnsName(n) === bareDnsName(expected)))) {
        const e = endpoints[0];
        drift.push({ kind: "changed", component: e.name, id: e.id, detail: `${path} is ${expected}, but the live ${service.toUpperCase()} endpoint answers ${bareDnsName(e.dnsNames[0])}: it was replaced` });
      }
    }
  }

  // The peering that joins each source to the staging VPC is the stack's.
  const own = [...paths].filter(([id, path]) => id.startsWith("pcx-") && path.endsWith("peeringConnectionId")).map(([id]) => id);
  for (const source of scope.sources) {
    const joining = live.peerings.filter((p) => p.accepted && [p.requester?.id, p.accepter?.id].includes(source.vpcId) && [p.requester?.id, p.accepter?.id].includes(scope.stagingVpcId));
    for (const p of joining) {
      if (!own.includes(p.id ?? "")) drift.push({ kind: "added", component: p.name, id: p.id, detail: `joins ${source.vpcId} and the staging VPC, but is not the stack's peering` });
    }
  }

  if (args.declared !== undefined) drift.push(...declaredDrift(live, args.declared, paths, scope));
  return drift;
}

/**
 * A pairing key for each node of one model: the output path of its id, or what it belongs to; a security group or
 * route table of a VPC the stack creates that no output names (failback's, and the recovery VPC's route table) by
 * its live name in its VPC (`liveName`: the declared side's Name tags).
 */
function keys(model: NetworkModel, idOf: (node: { name: string; id?: string }) => string | undefined, paths: Map<string, string>, liveName: (node: { name: string }) => string = (n) => n.name) {
  const direct = (node: { name: string; id?: string }) => {
    const id = idOf(node);
    return id !== undefined ? paths.get(id) : undefined;
  };
  const vpc = (v: VpcNode | undefined) => (v === undefined ? undefined : (direct(v) ?? (v.known ? undefined : `the VPC ${v.id ?? v.name}`)));
  const byName = (what: string, node: { name: string; vpc?: VpcNode }) => (node.vpc?.known === true && vpc(node.vpc) !== undefined ? `the ${what} ${liveName(node)} of ${vpc(node.vpc)}` : undefined);
  const endpoint = (e: { vpc?: VpcNode; serviceName: string; type: string }) => `${vpc(e.vpc) ?? "?"} ${e.serviceName} ${e.type}`;
  // A group no output names: a VPC's default group by its VPC, an endpoints' group by the first endpoint it guards, a
  // resolver's group by its resolver (its VPC and direction).
  const group = (g: SecurityGroupNode) => {
    const guarded = model.endpoints.find((e) => e.securityGroups.includes(g));
    const resolver = model.resolverEndpoints.find((e) => e.securityGroups.includes(g));
    return (
      direct(g) ??
      (g.isDefault === true && vpc(g.vpc) !== undefined
        ? `the default group of ${vpc(g.vpc)}`
        : guarded !== undefined
          ? `the group of ${endpoint(guarded)}`
          : resolver !== undefined
            ? `the group of the ${resolver.direction} resolver of ${vpc(resolver.vpc) ?? "?"}`
            : byName("group", g))
    );
  };
  // A subnet no output names (a transit gateway attachment's) by its VPC and block: one subnet per block in a VPC.
  const subnet = (s: SubnetNode) => direct(s) ?? (s.cidr !== undefined && vpc(s.vpc) !== undefined ? `the subnet ${s.cidr} of ${vpc(s.vpc)}` : undefined);
  // A route table of an adopted VPC that no output names is known by its id.
  const table = (t: { name: string; id?: string; vpc?: VpcNode }) => direct(t) ?? (t.vpc !== undefined && !t.vpc.known ? `the route table ${t.id ?? t.name}` : byName("route table", t));
  return { direct, vpc, group, table, endpoint, subnet };
}

function describeRuleSignature(direction: "ingress" | "egress", rule: RuleNode, group: (g: SecurityGroupNode) => string | undefined): string[] {
  const protocol = protocolName(rule.protocol);
  const ports = protocol === "all traffic" ? "" : ` ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}`;
  const what = `${direction} ${protocol}${ports}`;
  const word = direction === "ingress" ? "from" : "to";
  return [
    ...rule.cidrs.map((c) => `${what} ${word} ${c}`),
    ...rule.ipv6Cidrs.map((c) => `${what} ${word} ${c}`),
    ...rule.groups.map((g) => `${what} ${word} the group ${group(g) ?? g.id ?? g.name}`),
    ...rule.prefixListServices.map((p) => `${what} ${word} the prefix list ${p}`),
  ];
}

function protocolName(protocol: string): string {
  const p = protocol.toLowerCase();
  if (p === "-1" || p === "all") return "all traffic";
  return PROTOCOL_NAMES[p]?.toUpperCase() ?? `protocol ${p}`;
}

function aclSignature(direction: "ingress" | "egress", rule: NaclRuleNode): string {
  const protocol = protocolName(rule.protocol);
  const ports = protocol === "TCP" || protocol === "UDP" ? ` ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}` : "";
  return `${direction} rule ${rule.ruleNo} ${rule.allow ? "allow" : "deny"} ${protocol}${ports} ${direction === "ingress" ? "from" : "to"} ${rule.cidr}`;
}

/** A route as compared: its destination and target, each target by its pairing key (`peering` gives an id's output path). */
function routeSignature(route: RouteNode, peering: (id: string | undefined) => string | undefined): string | undefined {
  if (route.destination === undefined && route.destinationIpv6 === undefined) return undefined;
  if (route.otherTarget === "gatewayId local") return undefined;
  // A gateway is known by the output that names its id (the stack's own gateway's id differs from the synth's), else by its id.
  const gateway = route.connection?.gatewayId;
  const target =
    route.peering !== undefined
      ? `the peering ${peering(route.peering.id) ?? route.peering.name}`
      : gateway !== undefined
        ? `the ${route.connection?.kind === "transit-gateway" ? "transit gateway" : "virtual private gateway"} ${peering(gateway) ?? gateway}`
        : (route.otherTarget ?? "no target");
  return `${route.destination ?? route.destinationIpv6} via ${target}`;
}

/** The difference of two lists of signatures: what only `live` has, and what only `declared` has. */
function diff(live: readonly string[], declared: readonly string[]): { added: string[]; removed: string[] } {
  const counts = new Map<string, number>();
  for (const s of declared) counts.set(s, (counts.get(s) ?? 0) + 1);
  const added: string[] = [];
  for (const s of live) {
    const n = counts.get(s) ?? 0;
    if (n > 0) counts.set(s, n - 1);
    else added.push(s);
  }
  const removed = [...counts].flatMap(([s, n]) => Array<string>(n).fill(s));
  return { added, removed };
}

/** The keys of one model's nodes (keys()), as each comparison reads them. */
type Keys = ReturnType<typeof keys>;

/** What the declared side's comparisons share: both models, their pairing keys and output paths, the adopted VPCs. */
interface Pairing {
  readonly live: NetworkModel;
  readonly declared: DeclaredSide;
  /** The live model's keys, through the live outputs. */
  readonly L: Keys;
  /** The declared model's keys, through the synth's outputs. */
  readonly D: Keys;
  readonly livePaths: Map<string, string>;
  readonly declaredPaths: Map<string, string>;
  /** The ids of the adopted VPCs. */
  readonly adopted: ReadonlySet<string>;
}

function declaredDrift(live: NetworkModel, declared: DeclaredSide, livePaths: Map<string, string>, scope: LiveScope): DriftItem[] {
  const declaredPaths = outputIdPaths(declared.outputs);
  const pairing: Pairing = {
    live,
    declared,
    L: keys(live, (n) => n.id, livePaths),
    // A declared node's id is the synth's; a node the stack only names (an adopted route table) is named by its id.
    D: keys(declared.model, (n) => declared.idsByName.get(n.name) ?? (ID_PATTERN.test(n.name) ? n.name : undefined), declaredPaths, (n) => declared.liveNames?.get(n.name) ?? n.name),
    livePaths,
    declaredPaths,
    adopted: new Set(scope.sources.filter((s) => s.adopted).map((s) => s.vpcId)),
  };
  return [
    ...groupDrift(pairing),
    ...routeTableDrift(pairing),
    ...aclDrift(pairing),
    ...endpointDrift(pairing),
    ...goneFromAccount(live, declared.model, pairing.L, pairing.D, new Set(livePaths.values())),
  ];
}

/** Whether a VPC is one the stack creates (what else is in it is drift). */
function inCreatedVpc(p: Pairing, vpc: VpcNode | undefined): boolean {
  return vpc !== undefined && vpc.created && !p.adopted.has(vpc.id ?? "");
}

/** A drift item about a live node, with its id where it has one besides its name. */
const item =
  (kind: DriftItem["kind"]) =>
  (node: { name: string; id?: string }, detail: string): DriftItem => ({ kind, component: node.name, ...(node.id !== undefined && node.id !== node.name ? { id: node.id } : {}), detail });
const changed = item("changed");
const added = item("added");

/** Security groups: rule by rule. */
function groupDrift(p: Pairing): DriftItem[] {
  const { live, declared, L, D } = p;
  const drift: DriftItem[] = [];
  const declaredGroups = new Map(declared.model.groups.flatMap((g) => (D.group(g) !== undefined ? [[D.group(g) as string, g] as const] : [])));
  for (const group of live.groups.filter((g) => g.known)) {
    const key = L.group(group);
    const twin = key !== undefined ? declaredGroups.get(key) : undefined;
    if (twin === undefined) {
      if (inCreatedVpc(p, group.vpc) && group.isDefault !== true) drift.push(added(group, `a security group in ${group.vpc?.name} that the stack does not declare`));
      continue;
    }
    for (const direction of ["ingress", "egress"] as const) {
      const { added: more, removed } = diff(
        group[direction].flatMap((r) => describeRuleSignature(direction, r, L.group)),
        twin[direction].flatMap((r) => describeRuleSignature(direction, r, D.group)),
      );
      for (const s of more) drift.push(changed(group, `has a rule the stack does not declare: ${s}`));
      for (const s of removed) drift.push(changed(group, `lost a rule the stack declares: ${s}`));
    }
  }
  return drift;
}

/** Route tables: route by route (the local and prefix-list routes are AWS's own). */
function routeTableDrift(p: Pairing): DriftItem[] {
  const { live, declared, L, D, livePaths, declaredPaths, adopted } = p;
  const drift: DriftItem[] = [];
  const declaredTables = new Map(declared.model.tables.flatMap((t) => (D.table(t) !== undefined ? [[D.table(t) as string, t] as const] : [])));
  const peeringKey = (paths: Map<string, string>) => (id: string | undefined) => (id !== undefined ? paths.get(id) : undefined);
  for (const table of live.tables) {
    const key = L.table(table);
    const twin = key !== undefined ? declaredTables.get(key) : undefined;
    if (twin === undefined) {
      // A table no output names (the main table, or one made by hand) matters once it routes anywhere.
      const routes = table.routes.flatMap((r) => routeSignature(r, peeringKey(livePaths)) ?? []);
      if (inCreatedVpc(p, table.vpc) && routes.length > 0) drift.push(added(table, `a route table in ${table.vpc?.name} that the stack does not declare, routing ${routes.join("; ")}`));
      continue;
    }
    const liveRoutes = table.routes.flatMap((r) => routeSignature(r, peeringKey(livePaths)) ?? []);
    const declaredRoutes = twin.routes.flatMap((r) => routeSignature({ ...r, peering: r.peering !== undefined ? { ...r.peering, id: declared.idsByName.get(r.peering.name) } : undefined }, peeringKey(declaredPaths)) ?? []);
    const { added: more, removed } = diff(liveRoutes, declaredRoutes);
    // An adopted route table holds its owners' routes too: only the stack's own are compared.
    if (!adopted.has(table.vpc?.id ?? "")) for (const s of more) drift.push(changed(table, `has a route the stack does not declare: ${s}`));
    for (const s of removed) drift.push(changed(table, `lost a route the stack declares: ${s}`));
  }
  return drift;
}

/** Network ACLs: each subnet's, rule by rule (the `*` rule is AWS's own). */
function aclDrift(p: Pairing): DriftItem[] {
  const { live, declared, L, D } = p;
  const drift: DriftItem[] = [];
  const declaredSubnets = new Map(declared.model.subnets.flatMap((s) => (D.subnet(s) !== undefined ? [[D.subnet(s) as string, s] as const] : [])));
  const seenAcls = new Set<string>();
  for (const subnet of live.subnets) {
    const key = L.subnet(subnet);
    const twin = key !== undefined ? declaredSubnets.get(key) : undefined;
    if (twin === undefined) {
      if (inCreatedVpc(p, subnet.vpc)) drift.push(added(subnet, `a subnet in ${subnet.vpc?.name} that the stack does not declare (${subnet.cidr})`));
      continue;
    }
    const acl = aclOf(live, subnet);
    const declaredAcl = aclOf(declared.model, twin);
    if (acl === undefined || seenAcls.has(acl.id ?? acl.name)) continue;
    seenAcls.add(acl.id ?? acl.name);
    const signatures = (a: typeof acl | undefined) => (a === undefined ? [] : [...a.ingress.map((r) => aclSignature("ingress", r)), ...a.egress.map((r) => aclSignature("egress", r))]);
    const { added: more, removed } = diff(signatures(acl), signatures(declaredAcl));
    for (const s of more) drift.push(changed(acl, `has a rule the stack does not declare: ${s}`));
    for (const s of removed) drift.push(changed(acl, `lost a rule the stack declares: ${s}`));
  }
  return drift;
}

/** Endpoints: by VPC and service. */
function endpointDrift(p: Pairing): DriftItem[] {
  const { live, declared, L, D } = p;
  const drift: DriftItem[] = [];
  const endpointKey = (model: Keys, e: { vpc?: VpcNode; serviceName: string; type: string }) => model.endpoint(e);
  const declaredEndpoints = new Map(declared.model.endpoints.map((e) => [endpointKey(D, e), e] as const));
  const subnetKeys = (model: Keys, subnets: readonly SubnetNode[]) => subnets.map((s) => model.direct(s) ?? s.id ?? s.name).sort();
  const groupKeys = (model: Keys, groups: readonly SecurityGroupNode[]) => groups.map((g) => model.group(g) ?? g.id ?? g.name).sort();
  const matched = new Set<string>();
  for (const endpoint of live.endpoints) {
    const key = endpointKey(L, endpoint);
    const twin = declaredEndpoints.get(key);
    if (twin === undefined) {
      if (inCreatedVpc(p, endpoint.vpc)) drift.push(added(endpoint, `a ${endpoint.type.toLowerCase()} endpoint for ${endpoint.serviceName} in ${endpoint.vpc?.name} that the stack does not declare`));
      continue;
    }
    matched.add(key);
    const [liveSubnets, declaredSubnetKeys] = [subnetKeys(L, endpoint.subnets), subnetKeys(D, twin.subnets)];
    if (liveSubnets.join(" ") !== declaredSubnetKeys.join(" ")) drift.push(changed(endpoint, `is in the subnets ${liveSubnets.join(", ") || "(none)"}, the stack declares ${declaredSubnetKeys.join(", ") || "(none)"}`));
    const [liveGroups, declaredGroupKeys] = [groupKeys(L, endpoint.securityGroups), groupKeys(D, twin.securityGroups)];
    if (liveGroups.join(" ") !== declaredGroupKeys.join(" ")) drift.push(changed(endpoint, `has the security groups ${liveGroups.join(", ") || "(none)"}, the stack declares ${declaredGroupKeys.join(", ") || "(none)"}`));
    if (endpoint.type === "Interface" && endpoint.privateDnsEnabled !== twin.privateDnsEnabled) drift.push(changed(endpoint, `has private DNS ${endpoint.privateDnsEnabled ? "on" : "off"}, the stack declares it ${twin.privateDnsEnabled ? "on" : "off"}`));
  }
  for (const [key, e] of declaredEndpoints) {
    if (!matched.has(key)) drift.push({ kind: "gone", component: e.name, detail: `the stack's ${e.type.toLowerCase()} endpoint for ${e.serviceName} is not in the account` });
  }
  return drift;
}

/**
 * What the stack declares and the account lacks: each security group, route table, subnet and replication template of
 * the declared network with no live twin. One that the live outputs name is reported by the outputs' own check (its id
 * is gone), so only those the outputs do not name (outputs of an older deployment, or a VPC's default group) are here.
 */
function goneFromAccount(live: NetworkModel, declared: NetworkModel, L: Keys, D: Keys, liveOutputPaths: ReadonlySet<string>): DriftItem[] {
  const kinds: [string, (m: NetworkModel, k: Keys) => (string | undefined)[], readonly Named[]][] = [
    ["security group", (m, k) => m.groups.filter((g) => g.known).map(k.group), declared.groups.filter((g) => g.known)],
    ["route table", (m, k) => m.tables.map(k.table), declared.tables],
    ["subnet", (m, k) => m.subnets.map(k.subnet), declared.subnets],
    ["replication configuration template", (m, k) => m.templates.map(k.direct), declared.templates],
  ];
  return kinds.flatMap(([what, keysOf, nodes]) => {
    const liveKeys = new Set(keysOf(live, L));
    const declaredKeys = keysOf(declared, D);
    return nodes.flatMap((node, i): DriftItem[] => {
      const key = declaredKeys[i];
      if (key === undefined || liveKeys.has(key) || liveOutputPaths.has(key)) return [];
      return [{ kind: "gone", component: node.name, detail: `the stack declares the ${what} ${node.name} (${key}), which the account does not have` }];
    });
  });
}
