import type { Jurisdiction } from './types';

export interface JurisdictionNode extends Jurisdiction {
  /** Absent on leaves, so tree widgets draw no expander there. */
  children?: JurisdictionNode[];
}

/**
 * Builds the tree from the flat list the API returns. A jurisdiction whose
 * parent is outside the caller's scope becomes a root; siblings sort by code.
 */
export function buildJurisdictionTree(items: readonly Jurisdiction[]): JurisdictionNode[] {
  const nodes = new Map<string, JurisdictionNode>(items.map((item) => [item.code, { ...item }]));
  const roots: JurisdictionNode[] = [];
  for (const node of [...nodes.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    const parent = node.parentCode ? nodes.get(node.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** Codes from the root down to `code`, inclusive; empty when `code` is unknown. */
export function pathTo(code: string, byCode: ReadonlyMap<string, Jurisdiction>): string[] {
  const path: string[] = [];
  for (let current = byCode.get(code); current; current = current.parentCode ? byCode.get(current.parentCode) : undefined) {
    path.unshift(current.code);
  }
  return path;
}
