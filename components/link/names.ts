/** The link's logical names: a source's own resources carry its key; the shorthand's single source keeps the first names. */
export function ownName(name: string, sourceKey: string, suffix: string): string {
  return sourceKey === "" ? `${name}-${suffix}` : `${name}-${sourceKey}-${suffix}`;
}

/** A Name tag of the link's: `<name>-<suffix>`. */
export function nameTag(name: string, suffix: string): { Name: string } {
  return { Name: `${name}-${suffix}` };
}
