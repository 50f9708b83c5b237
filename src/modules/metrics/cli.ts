// `gongzhi report`: generate a department's report for a jurisdiction and write it in the department's layout.
import { writeFile } from 'node:fs/promises';
import type { AppDeps } from '../../app-deps.js';
import { generateReport } from './generate-report.js';
import { reportCsv, reportXlsx } from './report-export.js';
import { chinaDay } from './reference-dates.js';

export interface ReportCommand {
  template: string;
  jurisdiction: string;
  /** The reference date; today in China time when not given. */
  date?: string;
  periodStart?: string;
  /** Where to write: .xlsx, or .csv for a flat table. */
  out: string;
}

export async function runReportCommand(deps: Pick<AppDeps, 'db' | 'clock'>, command: ReportCommand): Promise<void> {
  const report = await generateReport(deps, null, {
    template: command.template,
    jurisdictionCode: command.jurisdiction,
    referenceDate: command.date ?? chinaDay(deps.clock.now()),
    periodStart: command.periodStart,
  });
  await writeFile(command.out, command.out.toLowerCase().endsWith('.csv') ? reportCsv(report) : await reportXlsx(report));
  console.log(`${report.template.name} · ${report.jurisdiction.name} · ${report.referenceDate}: ${report.rows.length} rows in ${report.durationMs} ms (${report.queryCount} queries)`);
  console.log(`definition versions: ${report.metricVersions.map((v) => `${v.code} v${v.version}`).join(', ')}`);
  if (report.tasks.length) console.log(`manual fields asked of ${report.tasks.length} units (${report.tasks.filter((t) => t.status === 'open').length} still open)`);
  console.log(`written to ${command.out} (report ${report.id})`);
}
