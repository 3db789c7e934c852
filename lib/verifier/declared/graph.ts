/**
 * The declared resources as a graph: indexed by URN, by type, and by type and id, so following a reference costs no
 * scan. A reference is followed by id where ids are known, and by Pulumi's property dependencies where they are not
 * (a preview of new resources); an id that matches no declared resource is external.
 */
import { DeclaredResource, TYPE } from "./types";

/** A reference from one resource to another: a declared resource, or an id the stack does not declare. */
export type Target = { readonly resource: DeclaredResource } | { readonly external: string };

/** The declared resources, and the references between them. */
export class DeclaredGraph {
  private readonly byUrn = new Map<string, DeclaredResource>();
  private readonly byType = new Map<string, DeclaredResource[]>();
  private readonly byTypeAndId = new Map<string, DeclaredResource>();

  constructor(readonly resources: readonly DeclaredResource[]) {
    for (const r of resources) {
      this.byUrn.set(r.urn, r);
      this.byType.set(r.type, [...(this.byType.get(r.type) ?? []), r]);
      if (typeof r.props.id === "string" && !this.byTypeAndId.has(`${r.type} ${r.props.id}`)) this.byTypeAndId.set(`${r.type} ${r.props.id}`, r);
    }
  }

  /** Every resource of a type, in declaration order. */
  ofType(type: string): DeclaredResource[] {
    return this.byType.get(type) ?? [];
  }

  /** The first resource of a type with this id. */
  byId(type: string, id: string): DeclaredResource | undefined {
    return this.byTypeAndId.get(`${type} ${id}`);
  }

  /**
   * The resources a property refers to. Property dependencies of the wanted type win (they are all there is in a
   * preview); then values matched to declared ids; a value that matches no declared resource is external.
   */
  ref(r: DeclaredResource, prop: string, type: string): Target[] {
    const deps = (r.propertyDependencies?.[prop] ?? []).flatMap((urn) => {
      const dep = this.byUrn.get(urn);
      return dep !== undefined && dep.type === type ? [{ resource: dep }] : [];
    });
    if (deps.length > 0) return deps;
    const value = r.props[prop];
    const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    return values.filter((v): v is string => typeof v === "string" && v !== "").map((id) => {
      const resource = this.byTypeAndId.get(`${type} ${id}`);
      return resource !== undefined ? { resource } : { external: id };
    });
  }

  /**
   * The peering a property names. A route made after the acceptance takes its id from the accepter (the same pcx
   * id), so in a preview its dependency is the accepter: follow it to the peering.
   */
  peeringRef(r: DeclaredResource, prop: string): Target | undefined {
    const direct = this.ref(r, prop, TYPE.peering)[0];
    if (direct !== undefined) return direct;
    const accepter = this.ref(r, prop, TYPE.accepter).find((t) => "resource" in t && t.resource !== r);
    return accepter !== undefined && "resource" in accepter ? this.ref(accepter.resource, "vpcPeeringConnectionId", TYPE.peering)[0] : undefined;
  }
}

/** What a reference is called: the resource's logical name, or the external id. */
export function describeTarget(target: Target): string {
  return "resource" in target ? target.resource.name : target.external;
}
