/**
 * Persons are the connected components of links between records. Links are
 * kept as evidence (how and why two records were joined), never collapsed into
 * a bare person id: an unmerge removes links, and each removed link still says
 * why it had been made.
 */

import type { MatchExplanation } from './model.js';

export type LinkEvidence =
  | { method: 'exact_id' }
  | { method: 'probabilistic'; explanation: MatchExplanation }
  /** A data steward decided from the review queue. */
  | { method: 'steward'; note?: string };

export interface LinkDecision {
  a: string;
  b: string;
  evidence: LinkEvidence;
}

/** A link as stored. */
export interface PersonLink extends LinkDecision {
  id: string;
  createdAt: string;
  createdBy: string;
}

export interface PersonCluster {
  /** Sorted. */
  recordIds: string[];
  links: PersonLink[];
}

export interface UnmergeRequest {
  /** The records to separate from the rest of their person. */
  split: readonly string[];
  reason: string;
  by: string;
  at: string;
}

export interface RemovedLink {
  link: PersonLink;
  removedAt: string;
  removedBy: string;
  reason: string;
}

export interface UnmergePlan {
  removed: RemovedLink[];
  /**
   * Every split record against every remaining one: the steward has said these
   * are not one person, so no later run may join them again, by any path.
   */
  cannotLink: Array<[string, string]>;
  /** The persons after the unmerge. */
  clusters: PersonCluster[];
}

/** Disjoint sets over record indices, with path halving and union by size. */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Joins the sets of i and j; returns the surviving root. */
  union(i: number, j: number): number {
    let a = this.find(i);
    let b = this.find(j);
    if (a === b) return a;
    if (this.size[a] < this.size[b]) [a, b] = [b, a];
    this.parent[b] = a;
    this.size[a] += this.size[b];
    return a;
  }
}

/** Groups records into persons by their links. Records without links are persons of their own. */
export function clusterPersons(recordIds: readonly string[], links: readonly PersonLink[]): PersonCluster[] {
  const index = new Map(recordIds.map((id, i) => [id, i]));
  const sets = new UnionFind(recordIds.length);
  for (const link of links) sets.union(indexOf(index, link.a), indexOf(index, link.b));
  const byRoot = new Map<number, PersonCluster>();
  recordIds.forEach((id, i) => {
    const root = sets.find(i);
    let cluster = byRoot.get(root);
    if (!cluster) byRoot.set(root, (cluster = { recordIds: [], links: [] }));
    cluster.recordIds.push(id);
  });
  for (const link of links) byRoot.get(sets.find(indexOf(index, link.a)))!.links.push(link);
  const clusters = [...byRoot.values()];
  for (const c of clusters) c.recordIds.sort();
  return clusters.sort((x, y) => (x.recordIds[0] < y.recordIds[0] ? -1 : 1));
}

/** Separates `split` from the rest of the person: removes the links between the two sides and forbids joining them again. */
export function planUnmerge(cluster: PersonCluster, request: UnmergeRequest): UnmergePlan {
  const members = new Set(cluster.recordIds);
  const split = new Set(request.split);
  for (const id of split) if (!members.has(id)) throw new RangeError(`record ${id} is not part of this person`);
  if (split.size === 0 || split.size === members.size) {
    throw new RangeError('an unmerge must leave records on both sides');
  }
  if (!request.reason.trim()) throw new RangeError('an unmerge needs a reason');

  const removed: RemovedLink[] = [];
  const kept: PersonLink[] = [];
  for (const link of cluster.links) {
    if (split.has(link.a) !== split.has(link.b)) {
      removed.push({ link, removedAt: request.at, removedBy: request.by, reason: request.reason });
    } else {
      kept.push(link);
    }
  }
  const rest = cluster.recordIds.filter((id) => !split.has(id));
  const cannotLink: Array<[string, string]> = [];
  for (const s of [...split].sort()) {
    for (const r of rest) cannotLink.push(s < r ? [s, r] : [r, s]);
  }
  return { removed, cannotLink, clusters: clusterPersons(cluster.recordIds, kept) };
}

function indexOf(index: Map<string, number>, id: string): number {
  const i = index.get(id);
  if (i === undefined) throw new RangeError(`link refers to unknown record ${id}`);
  return i;
}
