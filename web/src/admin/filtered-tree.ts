/** A tree of the items `keep` selects, each kept item bringing its ancestors, siblings sorted by code. */
export type TreeNode<T> = T & { children?: TreeNode<T>[] };

export function filteredTree<T extends { code: string }>(
  items: readonly T[],
  idOf: (item: T) => string,
  parentOf: (item: T) => string | null | undefined,
  keep: (item: T) => boolean,
): TreeNode<T>[] {
  const byId = new Map(items.map((i) => [idOf(i), i]));
  const shown = new Set<string>();
  for (const item of items) {
    if (!keep(item)) continue;
    for (let cur: T | undefined = item; cur && !shown.has(idOf(cur));) {
      shown.add(idOf(cur));
      const parent = parentOf(cur);
      cur = parent ? byId.get(parent) : undefined;
    }
  }
  const nodes = new Map<string, TreeNode<T>>();
  for (const item of items) if (shown.has(idOf(item))) nodes.set(idOf(item), { ...item });
  const roots: TreeNode<T>[] = [];
  for (const n of [...nodes.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    const parentId = parentOf(n);
    const parent = parentId ? nodes.get(parentId) : undefined;
    if (parent) (parent.children ??= []).push(n);
    else roots.push(n);
  }
  return roots;
}
