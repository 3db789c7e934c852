/**
 * The required flows, judged on the model in the manner of AWS Reachability Analyzer: from every source subnet to
 * the DRS, S3 and EC2 interface endpoints on TCP 443 and to the replication servers on TCP 1500; from the staging
 * subnets and the replication servers to the endpoints and, through the gateway endpoint, to S3. Each is reachable,
 * with its path there and back (security groups both ways, route tables, the peering, network ACLs both ways), or
 * not, with the first component that blocks it.
 */
import { blockContains, ipv4BlockProblem, parseIpv4Block } from "../cidr";
import { CLIENT_EPHEMERAL_PORTS } from "../networkAcl";
import { endpointServiceName } from "../regions";
import { naclDecisions } from "./acl";
import { aclOf, blame, EndpointNode, Finding, NaclNode, NetworkModel, PeeringNode, RouteTableNode, RuleNode, SecurityGroupNode, SubnetNode, TemplateNode, VpcNode } from "./model";
import type { Verdict } from "./verdict";

/** Where a flow starts: a subnet, or for an undeclared VPC one of its route tables standing for its block. */
interface Origin {
  readonly name: string;
  /** The resource that stands for the origin in a diagram: its subnet, or its VPC. */
  readonly node: string;
  readonly cidr?: string;
  readonly vpc?: VpcNode;
  readonly table?: RouteTableNode;
  /** The subnet, named when the origin has no route table. */
  readonly subnet?: SubnetNode;
  /** The security groups the origin's servers wear; their egress is checked when there are any. */
  readonly groups: readonly SecurityGroupNode[];
}

type Hops = { readonly hops: string[] } | { readonly blocked: Finding };

/** The peerings into each staging VPC: every source is peered with the one staging VPC. */
export function peeringsByStaging(model: NetworkModel): Map<VpcNode, PeeringNode[]> {
  const groups = new Map<VpcNode, PeeringNode[]>();
  for (const peering of model.peerings) {
    if (peering.requester === undefined || peering.accepter === undefined || peering.peerRegion === undefined) continue;
    groups.set(peering.accepter, [...(groups.get(peering.accepter) ?? []), peering]);
  }
  return groups;
}

/**
 * The agent rollout's endpoints in a source VPC (lib/agentRollout.ts, rolloutEndpointServices), with the labels the
 * verdicts use: Systems Manager's, which SSM Agent calls, and STS and the source region's EC2, which the DRS installer
 * calls (cross-account roles; Marketplace product codes).
 */
const ROLLOUT_LABELS: Readonly<Record<string, string>> = {
  ssm: "SSM",
  ssmmessages: "SSM messages",
  ec2messages: "EC2 messages",
  logs: "CloudWatch Logs",
  sts: "STS",
  ec2: "source-region EC2",
};
/** The rollout's endpoints the DRS installer calls, rather than SSM Agent. */
const INSTALLER_LABELS: readonly string[] = [ROLLOUT_LABELS.sts, ROLLOUT_LABELS.ec2];

/**
 * The rollout's endpoints a source VPC must reach: with the agent rollout on (or any of its endpoints in a VPC the
 * stack creates, which is how the policy pack, with no config, sees it on), `ssm`, `ssmmessages` and `logs`, and
 * `ec2messages`, `ec2` and `sts` where the stack made them. An adopted VPC's are the owner's affair unless declared.
 */
function agentRolloutServices(model: NetworkModel, source: VpcNode, region: string | undefined, on: boolean): string[] {
  if (region === undefined) return [];
  const present = Object.keys(ROLLOUT_LABELS).filter((service) => model.endpoints.some((e) => e.vpc === source && e.type === "Interface" && e.serviceName === endpointServiceName(region, service)));
  if (!(present.length > 0 || (on && source.created))) return [];
  const where = (service: string) => (present.includes(service) ? [service] : []);
  return ["ssm", "ssmmessages", ...where("ec2messages"), "logs", ...where("ec2"), ...where("sts")];
}

export function requiredFlows(model: NetworkModel, options: { readonly agentRollout?: boolean } = {}): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const [staging, peerings] of peeringsByStaging(model)) {
    const drRegion = peerings[0].peerRegion as string;
    const find = (region: string, service: string, type: string, vpc: VpcNode) => {
      const serviceName = endpointServiceName(region, service);
      const matching = model.endpoints.filter((e) => e.serviceName === serviceName && e.type === type);
      return matching.find((e) => e.vpc === vpc) ?? matching[0];
    };
    const drs = find(drRegion, "drs", "Interface", staging);
    const ec2 = find(drRegion, "ec2", "Interface", staging);
    const s3 = find(drRegion, "s3", "Interface", staging);
    const s3Gateway = find(drRegion, "s3", "Gateway", staging);
    const replication = model.templates.map((template) => {
      const stagingArea = template.stagingSubnet;
      const servers: Origin = {
        name: `replication servers in ${stagingArea?.name ?? "the staging area"}`,
        node: stagingArea?.name ?? template.name,
        cidr: stagingArea?.cidr,
        vpc: stagingArea?.vpc,
        table: stagingArea !== undefined ? model.subnetTable.get(stagingArea) : undefined,
        subnet: stagingArea,
        groups: template.securityGroups,
      };
      return { template, servers };
    });

    for (const peering of peerings) {
      const source = peering.requester as VpcNode;
      const rolloutServices = agentRolloutServices(model, source, peering.region, options.agentRollout === true);
      // The source VPC's own gateway endpoint (OS package repositories) is optional: checked only when there is one.
      const repositories = peering.region !== undefined ? model.endpoints.find((e) => e.vpc === source && e.type === "Gateway" && e.serviceName === endpointServiceName(peering.region ?? "", "s3")) : undefined;
      // The servers to protect wear the source VPC's own groups (the program's source-server group), when there are any.
      // (A group that guards endpoints in the source VPC, the Systems Manager endpoints' for one, is not the servers'.)
      const sourceGroups = model.groups.filter((g) => g.vpc === source && g.known && g.isDefault !== true && !model.endpoints.some((e) => e.securityGroups.includes(g)));
      for (const origin of originsOf(model, source, sourceGroups)) {
        verdicts.push(...[drs, s3, ec2].map((e, i) => interfaceFlow(model, origin, e, ["DRS", "S3", "EC2"][i], staging)));
        if (repositories !== undefined) verdicts.push(gatewayFlow(model, origin, repositories, "the OS package repositories"));
        // With DRS replication: TCP 1500 from every source origin to the staging area.
        for (const { template, servers } of replication) verdicts.push(replicationFlow(model, origin, servers, template));
        // With the agent rollout: Systems Manager's endpoints in the source VPC itself, by their regional names.
        for (const service of rolloutServices) {
          const endpoint = find(peering.region ?? "", service, "Interface", source);
          verdicts.push(interfaceFlow(model, origin, endpoint, ROLLOUT_LABELS[service], source, "the source VPC"));
        }
      }
    }
    for (const origin of originsOf(model, staging, [])) {
      verdicts.push(...[drs, ec2].map((e, i) => interfaceFlow(model, origin, e, ["DRS", "EC2"][i], staging)), gatewayFlow(model, origin, s3Gateway, "S3"));
    }
    // The replication servers' own path to the endpoints.
    for (const { servers } of replication) {
      verdicts.push(...[drs, ec2].map((e, i) => interfaceFlow(model, servers, e, ["DRS", "EC2"][i], staging)), gatewayFlow(model, servers, s3Gateway, "S3"));
    }
  }
  if (model.peerings.length === 0) {
    verdicts.push({
      id: "flow:peering",
      kind: "required-flow",
      description: "a VPC peering joins the source VPC to the staging VPC",
      passed: false,
      blockedBy: { component: "VPC peering", reason: "is not declared, so no source subnet can reach the staging VPC" },
    });
  }
  return verdicts;
}

function originsOf(model: NetworkModel, vpc: VpcNode, groups: readonly SecurityGroupNode[]): Origin[] {
  const subnets = model.subnets.filter((s) => s.vpc === vpc);
  if (subnets.length > 0) {
    return subnets.map((s) => ({ name: s.name, node: s.name, cidr: s.cidr, vpc, table: model.subnetTable.get(s), subnet: s, groups }));
  }
  return model.tables.filter((t) => t.vpc === vpc).map((t) => ({ name: `${vpc.name} via ${t.name}`, node: vpc.name, cidr: vpc.cidr, vpc, table: t, groups }));
}

function flowId(origin: Origin, target: string): string {
  return `flow:${origin.name}->${target}`;
}

/** The origin as a finding's component: its subnet where it has one. */
function originNode(origin: Origin) {
  return origin.subnet !== undefined && origin.subnet.name === origin.name ? origin.subnet : { name: origin.name };
}

function interfaceFlow(model: NetworkModel, origin: Origin, endpoint: EndpointNode | undefined, label: string, home: VpcNode, where = "the staging VPC"): Verdict {
  const id = flowId(origin, endpoint?.name ?? `${label.toLowerCase()}-interface-endpoint`);
  const description = `${origin.name} (${origin.cidr ?? "block unknown"}) reaches the ${label} interface endpoint on TCP 443, and the replies come back`;
  const between = { from: origin.node, to: endpoint?.name ?? `${label} interface endpoint` };
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", flow: "TCP 443", between, description, passed: false, blockedBy });
  if (endpoint === undefined) {
    return fail({ component: `${label} interface endpoint`, reason: "is not declared" });
  }
  if (origin.cidr === undefined) {
    return fail(blame(originNode(origin), "has no known IPv4 block"));
  }
  if (endpoint.state !== undefined) {
    return fail(blame(endpoint, `is ${endpoint.state}, not available`));
  }
  if (endpoint.vpc !== home) {
    return fail(blame(endpoint, `is in ${endpoint.vpc?.name ?? "an unknown VPC"}, not in ${where} ${home.name}`));
  }
  if (endpoint.subnets.length === 0) {
    return fail(blame(endpoint, "has no subnets, so it has no network interface to reach"));
  }
  const stray = endpoint.subnets.find((s) => s.vpc === undefined || s.vpc !== endpoint.vpc);
  if (stray !== undefined) {
    return fail(blame(endpoint, `its subnet ${stray.name} is not in the endpoint's VPC ${endpoint.vpc?.name ?? "(unknown)"}`));
  }
  // Inside the staging VPC the replication servers call EC2 by its regional name, which only the endpoint's private
  // DNS points at the endpoint (components/link.ts, privateDns); from a source VPC the endpoint's own name is used.
  // So do SSM Agent's calls to Systems Manager and CloudWatch Logs in a source VPC, and the installer's to STS and EC2.
  const byRegionalName = label === "EC2" || Object.values(ROLLOUT_LABELS).includes(label);
  if (byRegionalName && origin.vpc === endpoint.vpc && !endpoint.privateDnsEnabled) {
    const [, , region, service] = endpoint.serviceName.split(".");
    const caller = label === "EC2" ? "the replication servers" : INSTALLER_LABELS.includes(label) ? "the DRS installer" : "SSM Agent";
    return fail(blame(endpoint, `has private DNS off, so ${service}.${region}.amazonaws.com does not resolve to it in ${home.name}: ${caller} would call the public endpoint, which has no route`));
  }
  const foreignGroup = endpoint.securityGroups.find((g) => g.vpc !== undefined && g.vpc !== endpoint.vpc);
  if (foreignGroup !== undefined) {
    return fail(blame(endpoint, `its security group ${foreignGroup.name} is in ${foreignGroup.vpc?.name}, not in the endpoint's VPC`));
  }
  const admitted = admits(endpoint.securityGroups, origin, 443, endpoint);
  if ("blocked" in admitted) return fail(admitted.blocked);

  let path: string[] | undefined;
  for (const subnet of endpoint.subnets) {
    const out = egressAllows(origin, 443, { cidr: subnet.cidr, groups: endpoint.securityGroups }, `the ${label} endpoint`);
    if ("blocked" in out) return fail(out.blocked);
    const there = route(origin.vpc, origin.table, origin.subnet ?? { name: origin.name }, subnet.cidr ?? "", endpoint.vpc);
    if ("blocked" in there) return fail(there.blocked);
    const back = route(subnet.vpc, model.subnetTable.get(subnet), subnet, origin.cidr, origin.vpc);
    if ("blocked" in back) return fail(back.blocked);
    const acls = naclsAllow(model, origin, { subnet, cidr: subnet.cidr ?? "" }, 443);
    if ("blocked" in acls) return fail(acls.blocked);
    path ??= [origin.name, ...out.hops, ...there.hops, ...acls.hops, `${subnet.name} (${subnet.cidr})`, ...admitted.hops, endpoint.name, ...back.hops.map((h) => `back: ${h}`)];
  }
  const others = endpoint.subnets.length - 1;
  return {
    id,
    kind: "required-flow",
    flow: "TCP 443",
    between,
    description,
    passed: true,
    path: others > 0 ? [...(path ?? []), `(and the same to its ${others} other subnet${others === 1 ? "" : "s"})`] : path,
  };
}

/** TCP 1500 from a source origin to the replication servers in the staging area, and back. */
function replicationFlow(model: NetworkModel, origin: Origin, servers: Origin, template: TemplateNode): Verdict {
  const id = flowId(origin, template.name);
  const description = `${origin.name} (${origin.cidr ?? "block unknown"}) reaches the replication servers in the staging area on TCP 1500, and the replies come back`;
  const between = { from: origin.node, to: servers.node };
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", flow: "TCP 1500", between, description, passed: false, blockedBy });
  if (servers.subnet === undefined || servers.cidr === undefined) {
    return fail(blame(template, "names no staging area subnet declared in this stack"));
  }
  if (origin.cidr === undefined) return fail(blame(originNode(origin), "has no known IPv4 block"));
  if (servers.groups.length === 0) {
    return fail(blame(template, "names no replication server security group declared in this stack"));
  }
  if (template.dataPlaneRouting !== "PRIVATE_IP") {
    return fail(blame(template, `replicates over ${template.dataPlaneRouting ?? "an unset route"}, not PRIVATE_IP, so the data would not use the peering`));
  }
  const out = egressAllows(origin, 1500, { cidr: servers.cidr, groups: servers.groups }, "the replication servers");
  if ("blocked" in out) return fail(out.blocked);
  const there = route(origin.vpc, origin.table, origin.subnet ?? { name: origin.name }, servers.cidr, servers.vpc);
  if ("blocked" in there) return fail(there.blocked);
  const admitted = admits(servers.groups, origin, 1500, template);
  if ("blocked" in admitted) return fail(admitted.blocked);
  const back = route(servers.vpc, servers.table, servers.subnet, origin.cidr, origin.vpc);
  if ("blocked" in back) return fail(back.blocked);
  const acls = naclsAllow(model, origin, { subnet: servers.subnet, cidr: servers.cidr }, 1500);
  if ("blocked" in acls) return fail(acls.blocked);
  return {
    id,
    kind: "required-flow",
    flow: "TCP 1500",
    between,
    description,
    passed: true,
    path: [origin.name, ...out.hops, ...there.hops, ...acls.hops, `${servers.subnet.name} (${servers.cidr})`, ...admitted.hops, "replication servers", ...back.hops.map((h) => `back: ${h}`)],
  };
}

function gatewayFlow(model: NetworkModel, origin: Origin, gateway: EndpointNode | undefined, what: string): Verdict {
  const id = flowId(origin, gateway?.name ?? "s3-gateway-endpoint");
  const description = `${origin.name} (${origin.cidr ?? "block unknown"}) reaches ${what} through the S3 gateway endpoint`;
  const between = { from: origin.node, to: gateway?.name ?? "S3 gateway endpoint" };
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", flow: "S3 prefix list", between, description, passed: false, blockedBy });
  if (gateway === undefined) return fail({ component: "S3 gateway endpoint", reason: "is not declared" });
  if (gateway.state !== undefined) return fail(blame(gateway, `is ${gateway.state}, not available`));
  if (gateway.vpc !== origin.vpc) {
    return fail(blame(gateway, `is in ${gateway.vpc?.name ?? "an unknown VPC"}, not in ${origin.vpc?.name ?? "the subnet's VPC"}`));
  }
  if (origin.table === undefined) {
    return fail(blame(originNode(origin), "has no route table association (the main route table has no S3 prefix-list route)"));
  }
  if (!gateway.routeTables.includes(origin.table)) {
    return fail(blame(origin.table, `has no S3 prefix-list route: ${gateway.name} is not attached to it`));
  }
  const out = egressAllows(origin, 443, { prefixListOf: gateway }, "the S3 prefix list");
  if ("blocked" in out) return fail(out.blocked);
  const acls = naclsAllow(model, origin, "S3", 443);
  if ("blocked" in acls) return fail(acls.blocked);
  return { id, kind: "required-flow", flow: "S3 prefix list", between, description, passed: true, path: [origin.name, ...out.hops, ...acls.hops, `${origin.table.name} (S3 prefix list)`, gateway.name] };
}

/**
 * Whether the network ACLs on the way let a TCP connection to `port` through, and its replies back on the clients'
 * ephemeral ports: out of the origin's subnet and into the destination's, then back. S3 through a gateway endpoint
 * has no block a network ACL could name: its rules must name 0.0.0.0/0. Traffic within one subnet is not filtered.
 */
function naclsAllow(model: NetworkModel, origin: Origin, destination: { subnet: SubnetNode; cidr: string } | "S3", port: number): Hops {
  const to = destination === "S3" ? undefined : destination.subnet;
  if (origin.subnet !== undefined && origin.subnet === to) return { hops: [] };
  const toCidr = destination === "S3" ? "S3" : destination.cidr;
  const fromAcl = aclOf(model, origin.subnet);
  const toAcl = aclOf(model, to);
  const replies = `the replies (TCP ${CLIENT_EPHEMERAL_PORTS.from}-${CLIENT_EPHEMERAL_PORTS.to})`;
  const checks: [NaclNode | undefined, "ingress" | "egress", { from: number; to: number }, string, string][] = [
    [fromAcl, "egress", { from: port, to: port }, toCidr, `out TCP ${port} to ${toCidr}`],
    [toAcl, "ingress", { from: port, to: port }, origin.cidr ?? "", `in TCP ${port} from ${origin.cidr}`],
    [toAcl, "egress", CLIENT_EPHEMERAL_PORTS, origin.cidr ?? "", `out ${replies} to ${origin.cidr}`],
    [fromAcl, "ingress", CLIENT_EPHEMERAL_PORTS, toCidr, `in ${replies} from ${toCidr}`],
  ];
  const hops: string[] = [];
  for (const [acl, direction, ports, cidr, what] of checks) {
    if (acl === undefined) continue;
    const decisions = naclDecisions(acl[direction], "tcp", ports, cidr, "required");
    const refused = decisions.find((d) => d.rule === undefined || !d.rule.allow);
    if (refused !== undefined) {
      const which = refused.from === ports.from && refused.to === ports.to ? "" : ` on ${refused.from === refused.to ? refused.from : `${refused.from}-${refused.to}`}`;
      return { blocked: blame(acl, `does not let ${what}${which}${refused.rule !== undefined ? ` (rule ${refused.rule.ruleNo} denies)` : ""}`) };
    }
    hops.push(`${acl.name}: rule ${[...new Set(decisions.map((d) => d.rule?.ruleNo))].join(", ")} ${direction === "ingress" ? "in" : "out"}`);
  }
  return { hops };
}

/** The route from a VPC (through `table`) to `destination` in `toVpc`: local, or through an accepted peering. */
function route(fromVpc: VpcNode | undefined, table: RouteTableNode | undefined, from: SubnetNode | { name: string }, destination: string, toVpc: VpcNode | undefined): Hops {
  if (fromVpc !== undefined && fromVpc === toVpc) return { hops: ["local route"] };
  if (table === undefined) {
    return { blocked: blame(from, "has no route table association (the main route table has only the local route)") };
  }
  const dest = parseIpv4Block(destination);
  const matching = table.routes
    .filter((r) => r.destination !== undefined && ipv4BlockProblem(r.destination) === undefined && blockContains(parseIpv4Block(r.destination), dest))
    .sort((a, b) => parseIpv4Block(b.destination ?? "").prefixLength - parseIpv4Block(a.destination ?? "").prefixLength);
  const best = matching[0];
  if (best === undefined) {
    return { blocked: blame(table, `has no route to ${destination}`) };
  }
  const peering = best.peering;
  // A route whose target is gone: the peering when it is still listed (deleted, rejected), else the route itself.
  if (best.blackhole === true && (peering === undefined || peering.accepted)) {
    return { blocked: blame(best, `is a blackhole: its target (${peering?.name ?? best.otherTarget ?? "a peering no longer listed"}) is gone`) };
  }
  if (peering === undefined) {
    return { blocked: blame(best, `sends ${best.destination} to ${best.otherTarget ?? "something other than a peering"}, not to a peering with ${toVpc?.name ?? "the destination VPC"}`) };
  }
  const joins = new Set([peering.requester, peering.accepter]);
  if (!joins.has(fromVpc) || !joins.has(toVpc)) {
    return { blocked: blame(peering, `does not join ${fromVpc?.name ?? "the origin's VPC"} and ${toVpc?.name ?? "the destination's VPC"}`) };
  }
  if (!peering.accepted) {
    return { blocked: blame(peering, peering.status !== undefined ? `is ${peering.status}, not active` : "is requested but never accepted") };
  }
  return { hops: [`${table.name} (${best.destination})`, peering.name] };
}

/** Whether `groups` admit TCP `port` from every address of the origin, by block or by the origin's own groups. */
function admits(groups: readonly SecurityGroupNode[], origin: Origin, port: number, owner: { name: string; id?: string }): Hops {
  const cidr = origin.cidr ?? "";
  if (groups.length === 0) {
    return { blocked: blame(owner, "has no security group, so it gets its VPC's default group, which admits nothing") };
  }
  const source = parseIpv4Block(cidr);
  for (const group of groups) {
    for (const rule of group.ingress) {
      if (!coversPort(rule, port)) continue;
      const match = rule.cidrs.find((c) => ipv4BlockProblem(c) === undefined && blockContains(parseIpv4Block(c), source));
      if (match !== undefined) return { hops: [`${group.name}: TCP ${port} from ${match}`] };
      const byGroup = origin.groups.find((g) => rule.groups.includes(g));
      if (byGroup !== undefined) return { hops: [`${group.name}: TCP ${port} from ${byGroup.name}`] };
    }
  }
  const unknown = groups.find((g) => !g.known);
  if (unknown !== undefined) {
    return { blocked: blame(unknown, `is not declared in this stack, so whether it admits TCP ${port} from ${cidr} cannot be checked`) };
  }
  const ids = groups.flatMap((g) => (g.id !== undefined ? [g.id] : []));
  return { blocked: { component: groups.map((g) => g.name).join(", "), ...(ids.length > 0 ? { id: ids.join(", ") } : {}), reason: `admits no TCP ${port} from ${cidr}` } };
}

/**
 * Whether the origin's own security groups let TCP `port` out to the target: its block, one of its groups, or a
 * gateway endpoint's prefix list. An origin that wears no group is not checked.
 */
function egressAllows(
  origin: Origin,
  port: number,
  target: { readonly cidr?: string; readonly groups?: readonly SecurityGroupNode[]; readonly prefixListOf?: EndpointNode },
  what: string,
): Hops {
  if (origin.groups.length === 0) return { hops: [] };
  for (const group of origin.groups) {
    for (const rule of group.egress) {
      if (!coversPort(rule, port)) continue;
      if (target.cidr !== undefined) {
        const dest = parseIpv4Block(target.cidr);
        const match = rule.cidrs.find((c) => ipv4BlockProblem(c) === undefined && blockContains(parseIpv4Block(c), dest));
        if (match !== undefined) return { hops: [`${group.name}: out TCP ${port} to ${match}`] };
      }
      const toGroup = (target.groups ?? []).find((g) => rule.groups.includes(g));
      if (toGroup !== undefined) return { hops: [`${group.name}: out TCP ${port} to ${toGroup.name}`] };
      const gateway = target.prefixListOf;
      if (gateway !== undefined && rule.prefixListServices.includes(gateway.serviceName)) {
        return { hops: [`${group.name}: out TCP ${port} to the prefix list of ${gateway.name}`] };
      }
    }
  }
  const ids = origin.groups.flatMap((g) => (g.id !== undefined ? [g.id] : []));
  return {
    blocked: {
      component: origin.groups.map((g) => g.name).join(", "),
      ...(ids.length > 0 ? { id: ids.join(", ") } : {}),
      reason: `lets no TCP ${port} out to ${what}${target.cidr !== undefined ? ` (${target.cidr})` : ""}`,
    },
  };
}

function coversPort(rule: RuleNode, port: number): boolean {
  const all = rule.protocol === "-1" || rule.protocol === "all";
  return all || ((rule.protocol === "tcp" || rule.protocol === "6") && rule.fromPort <= port && port <= rule.toPort);
}
