// The `gongzhi import` command's conversation with the operator: progress, outcome, error report.
import { readFile, writeFile } from 'node:fs/promises';
import type { AppDeps } from '../../../app-deps.js';
import { progressBar, progressLines } from '../../../lib/progress.js';
import { buildErrorReport } from './error-report.js';
import { importFile } from './import-file.js';
import { registryLinker } from '../linking/registry-linker.js';

export interface ImportCommand {
  file: string;
  profile: string;
  jurisdiction?: string;
  observedAt?: Date;
  report?: string;
  /** Rows applied per transaction. */
  chunkRows?: number;
}

/** Validate and apply one file; prints progress and the outcome. */
export async function runImportCommand(deps: Pick<AppDeps, 'db' | 'clock'>, command: ImportCommand): Promise<void> {
  const progress = (label: string) => (process.stderr.isTTY ? progressBar(label) : progressLines(label));
  const bars = { validating: progress('rows validated'), applying: progress('rows applied') };
  const done = await importFile(deps, {
    profileText: await readFile(command.profile, 'utf8'),
    file: command.file,
    jurisdictionCode: command.jurisdiction,
    observedAt: command.observedAt,
    linker: registryLinker(),
    chunkRows: command.chunkRows,
    onStart: (id, resumed) => console.log(`${resumed ? 'resuming' : 'starting'} import ${id} of ${command.file}`),
    onProgress: (phase, n, total) => bars[phase](n, total),
  });
  const stats = done.stats as Record<string, number>;
  const n = (key: string) => stats[key] ?? 0;
  console.log(`validated ${done.total_rows} rows: ${done.valid_rows} good (${done.warning_rows} with warnings), ${done.invalid_rows} quarantined`);
  console.log(`applied ${done.applied_rows} rows; ${done.rejected_rows} quarantined while applying, ${done.held_rows} held for review`);
  console.log(`people: ${n('peopleCreated')} new, ${n('peopleMatched')} matched, ${n('peopleUpdated')} changed`);
  console.log(`facts: ${n('factsAdded')} added, ${n('factsChanged')} changed, ${n('factsUnchanged')} already known, ${n('factsStale')} older than what the source said before`);
  console.log(`dwellings ${n('dwellingsCreated')}, households ${n('householdsCreated')}, organisations ${n('organisationsCreated')} new`);
  const problems = done.invalid_rows + done.rejected_rows + done.held_rows + done.warning_rows;
  if (command.report) {
    const report = await buildErrorReport(deps.db, done, command.report.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx');
    await writeFile(command.report, report.bytes);
    console.log(`error report written to ${command.report}`);
  } else if (problems > 0) {
    console.log('rows have problems: run again with --report FILE.xlsx to see them (it changes nothing), or open the import in the web UI');
  }
}
