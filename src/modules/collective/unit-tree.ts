// The organisation and its unit tree as profile rows, in the order the API lists them. Pure.

export interface UnitNode {
  id: string;
  name: string;
  parentId: string | null;
}

/**
 * Row 0 is the whole organisation; then the units depth first, siblings by name. `parent[i]` is
 * the row above row i (-1 for the organisation); a unit whose parent is unknown, or that sits in a
 * loop of parents, hangs from the organisation, so that every unit is listed exactly once.
 */
export interface ProfileTree {
  unitIds: (string | null)[];
  names: string[];
  parent: number[];
  children: number[][];
  depth: number[];
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Orders unit names as people read them (case and accents aside), then by code point. */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function buildProfileTree(
  organisationName: string,
  units: readonly UnitNode[],
): ProfileTree {
  const byId = new Map(units.map((u) => [u.id, u]));
  // A parent link that is missing, or that leads round in a loop, is cut: the unit becomes a top unit.
  const topLevel = (unit: UnitNode): boolean => {
    if (unit.parentId === null || !byId.has(unit.parentId)) return true;
    const seen = new Set<string>([unit.id]);
    for (
      let at = byId.get(unit.parentId);
      at;
      at = at.parentId ? byId.get(at.parentId) : undefined
    ) {
      if (seen.has(at.id)) return true;
      seen.add(at.id);
    }
    return false;
  };
  const kids = new Map<string | null, UnitNode[]>();
  for (const unit of units) {
    const key = topLevel(unit) ? null : unit.parentId;
    kids.set(key, [...(kids.get(key) ?? []), unit]);
  }
  for (const list of kids.values()) list.sort((a, b) => compareNames(a.name, b.name));

  const tree: ProfileTree = { unitIds: [], names: [], parent: [], children: [], depth: [] };
  const add = (unitId: string | null, name: string, parent: number, depth: number): number => {
    const row = tree.unitIds.length;
    tree.unitIds.push(unitId);
    tree.names.push(name);
    tree.parent.push(parent);
    tree.children.push([]);
    tree.depth.push(depth);
    if (parent >= 0) tree.children[parent]!.push(row);
    return row;
  };
  const visit = (unit: UnitNode, parent: number, depth: number) => {
    const row = add(unit.id, unit.name, parent, depth);
    for (const child of kids.get(unit.id) ?? []) visit(child, row, depth + 1);
  };
  add(null, organisationName, -1, 0);
  for (const unit of kids.get(null) ?? []) visit(unit, 0, 1);
  return tree;
}

/** Every row whose subtree holds the given row: the row itself, its parents, the organisation. */
export function rowAndAncestors(tree: ProfileTree, row: number): number[] {
  const rows: number[] = [];
  for (let at = row; at >= 0; at = tree.parent[at]!) rows.push(at);
  return rows;
}

/** The rows of a row's subtree (itself included), in list order. */
export function subtreeRows(tree: ProfileTree, row: number): number[] {
  const rows = [row];
  for (let i = 0; i < rows.length; i++) rows.push(...tree.children[rows[i]!]!);
  return rows.sort((a, b) => a - b);
}
