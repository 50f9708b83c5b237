/**
 * Record linkage at city scale, in memory: department exports of the synthetic
 * population (household registration, health, floating population — three files
 * with overlapping people and realistic noise) are linked by blocking,
 * comparison, EM and the threshold decisions, and the persons found are scored
 * against the generator's ground truth.
 *
 *   npx tsx bench/linkage.ts --rows 1000000 [--seed S] [--out DIR] [--append]
 *
 * --out also writes the export files and the ground truth to DIR; --append adds
 * the results as a section to bench/RESULTS.md. Peak memory is the process's
 * maximum resident set size, generation included.
 */

import { availableParallelism, cpus, totalmem } from 'node:os';
import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEMO_REFERENCE_DATE, demoCommunities, demoJurisdictions } from '../src/modules/demo/district.js';
import {
  departmentExportRows,
  readExportRow,
  writeDepartmentExports,
  type DepartmentExportOptions,
  type DepartmentKind,
} from '../src/modules/demo/department-exports.js';
import { candidatePairs } from '../src/modules/exchange/linkage-engine/blocking.js';
import { UnionFind } from '../src/modules/exchange/linkage-engine/clustering.js';
import { RecordTable } from '../src/modules/exchange/linkage-engine/comparison.js';
import { linkRecords, type LinkageResult } from '../src/modules/exchange/linkage-engine/engine.js';
import { NameKeyCache } from '../src/modules/exchange/linkage-engine/name-keys.js';
import type { LinkageRecord } from '../src/modules/exchange/linkage-engine/types.js';
import { pairwiseAgreement } from './pairwise.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: 'bench-linkage' },
    out: { type: 'string' },
    append: { type: 'boolean', default: false },
  },
});
const rows = Number(args.rows);
if (!Number.isSafeInteger(rows) || rows < 1000) throw new RangeError('--rows must be a whole number ≥ 1000');

const DEPARTMENTS: DepartmentKind[] = ['household_registration', 'health', 'floating_population'];
/** Rows these three departments hold per resident, measured on the generator; a few more people than needed, then cut at --rows. */
const ROWS_PER_PERSON = 1.8;

const streetNames = new Map(demoJurisdictions().filter((j) => j.level === 'street').map((j) => [j.code, j.name]));
const exportOptions: DepartmentExportOptions = {
  seed: args.seed,
  people: Math.ceil(rows / ROWS_PER_PERSON),
  communities: demoCommunities().map((c) => ({ ...c, addressPrefix: `浙江省杭州市西湖区${streetNames.get(c.streetCode)}` })),
  asOf: new Date(DEMO_REFERENCE_DATE),
  departments: DEPARTMENTS,
  maxRows: rows,
};

const RESULTS_TITLE = '# Benchmark results\n\nEach section is appended by the benchmark script it names; rerun the command in a section to reproduce it.\n';

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function main() {
  if (args.out) {
    const started = performance.now();
    const written = await writeDepartmentExports(args.out, exportOptions);
    console.log(`wrote ${written.files.map((f) => `${f.path} (${f.rows} rows)`).join(', ')} and ${written.groundTruth} in ${seconds(performance.now() - started)} s`);
  }

  let started = performance.now();
  const records: LinkageRecord[] = [];
  const truth: number[] = [];
  const perDepartment = new Map<DepartmentKind, number>();
  for (const row of departmentExportRows(exportOptions)) {
    records.push(readExportRow(row.department, row.cells, `${row.department}:${row.rowNumber}`));
    truth.push(Number(row.personId.slice(1)));
    perDepartment.set(row.department, row.rowNumber);
  }
  const generateMs = performance.now() - started;
  console.log(`generated ${records.length} rows (${[...perDepartment].map(([d, n]) => `${d} ${n}`).join(', ')}) in ${seconds(generateMs)} s`);

  // Blocking alone on growing prefixes: pairs per record should stay roughly flat.
  const scaling: Array<{ records: number; pairs: number; ms: number }> = [];
  const names = new NameKeyCache();
  for (const share of [1 / 8, 1 / 4, 1 / 2]) {
    const subset = records.slice(0, Math.floor(records.length * share));
    const table = new RecordTable(subset, names);
    started = performance.now();
    const pairs = candidatePairs(table).count;
    scaling.push({ records: subset.length, pairs, ms: performance.now() - started });
    console.log(`blocking ${subset.length} records: ${pairs} candidate pairs`);
  }

  started = performance.now();
  const result = linkRecords(records, { seed: args.seed, onProgress: (stage) => console.log(`  ${stage}…`) });
  const linkMs = performance.now() - started;
  scaling.push({ records: records.length, pairs: result.stats.candidatePairs, ms: result.stats.timings.blocking ?? 0 });
  console.log(`linked in ${seconds(linkMs)} s`);

  const quality = evaluate(result, truth, records);
  const section = report({ generateMs, linkMs, result, quality, scaling, perDepartment, records: records.length });
  console.log(section);
  if (args.append) {
    const results = new URL('./RESULTS.md', import.meta.url);
    // Other benchmarks add their own sections: never rewrite the file, only start it.
    if (!existsSync(results)) await appendFile(results, RESULTS_TITLE);
    await appendFile(results, section);
    console.log('appended to bench/RESULTS.md');
  }
}

interface Quality {
  precision: number;
  recall: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  reviewPairs: number;
  reviewTrue: number;
  /** Recall if a steward accepted exactly the true pairs in the review queue. */
  recallAfterReview: number;
}

/** Pairwise precision and recall of the persons found: every two records in one person count as one predicted pair. */
function evaluate(result: LinkageResult, truth: readonly number[], records: readonly LinkageRecord[]): Quality {
  const n = truth.length;
  const found = pairwiseAgreement(result.personOf, truth);
  const index = new Map(records.map((r, i) => [r.sourceRowId, i]));
  const review = result.reviewQueue();
  const reviewed = new UnionFind(n);
  let reviewTrue = 0;
  for (const item of review) {
    const i = index.get(item.a) as number;
    const j = index.get(item.b) as number;
    if (truth[i] !== truth[j]) continue;
    reviewTrue++;
    reviewed.union(result.personOf[i], result.personOf[j]);
  }
  const accepted = Int32Array.from(result.personOf, (label) => reviewed.find(label));
  return { ...found, reviewPairs: review.length, reviewTrue, recallAfterReview: pairwiseAgreement(accepted, truth).recall };
}

function report(r: {
  generateMs: number;
  linkMs: number;
  result: LinkageResult;
  quality: Quality;
  scaling: Array<{ records: number; pairs: number; ms: number }>;
  perDepartment: Map<DepartmentKind, number>;
  records: number;
}): string {
  const { stats } = r.result;
  const q = r.quality;
  const byKind = new Map<string, number>();
  for (const c of r.result.corrections) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
  const f4 = (x: number) => x.toFixed(4);
  const f5 = (x: number) => x.toFixed(5);
  return `
## Record linkage, ${r.records.toLocaleString('en')} department rows (in memory)

- Date: ${new Date().toISOString().slice(0, 10)}; Node ${process.version}
- Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB memory
- Rerun: \`npx tsx bench/linkage.ts --rows ${r.records} --seed ${args.seed}\` (add \`--append\` to add a section here)
- Input: ${[...r.perDepartment].map(([d, n]) => `${d} ${n.toLocaleString('en')}`).join(', ')} rows, generated and normalised in ${seconds(r.generateMs)} s

| figure | value |
|---|---|
| linkage time (blocking, comparison, EM, u, decisions, corrections) | ${seconds(r.linkMs)} s |
| stage times (ms) | ${Object.entries(stats.timings).map(([k, v]) => `${k} ${v}`).join(', ')} |
| peak memory (max RSS, whole process) | ${peakRssMb()} MB |
| candidate pairs | ${stats.candidatePairs.toLocaleString('en')} (${(stats.candidatePairs / r.records).toFixed(2)} per record) |
| exact-ID links / probabilistic links | ${stats.exactIdLinks.toLocaleString('en')} / ${stats.probabilisticLinks.toLocaleString('en')} |
| persons found | ${stats.persons.toLocaleString('en')} |
| EM | ${stats.em ? `${stats.em.iterations} iterations, converged ${stats.em.converged}, match share ${f4(stats.em.matchShare)}` : 'stored model'} |
| precision (pairwise, automatic links) | ${f5(q.precision)} (${q.correctPairs.toLocaleString('en')} of ${q.predictedPairs.toLocaleString('en')} linked pairs are true) |
| recall (pairwise, automatic links) | ${f5(q.recall)} (${q.correctPairs.toLocaleString('en')} of ${q.truePairs.toLocaleString('en')} true pairs linked) |
| review queue | ${q.reviewPairs.toLocaleString('en')} pairs, ${q.reviewTrue.toLocaleString('en')} of them true matches; recall once reviewed ${f5(q.recallAfterReview)} |
| correction items | ${[...byKind].map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')} |

Candidate pairs against n (blocking only):

| records | candidate pairs | pairs per record | blocking ms |
|---|---|---|---|
${r.scaling.map((s) => `| ${s.records.toLocaleString('en')} | ${s.pairs.toLocaleString('en')} | ${(s.pairs / s.records).toFixed(2)} | ${Math.round(s.ms)} |`).join('\n')}

Pairs per blocking rule: ${stats.blocking.map((b) => `${b.rule} ${b.pairs.toLocaleString('en')}${b.oversizeBlocks ? ` (${b.oversizeBlocks} oversize blocks skipped)` : ''}`).join('; ')}.
`;
}

await main();
