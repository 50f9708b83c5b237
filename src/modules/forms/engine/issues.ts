/**
 * Problems in a form definition, located the way its author sees it: the
 * sheet, the spreadsheet row (the header is row 1) and the column header, and
 * for expressions the character within the cell.
 */

export type Sheet = 'survey' | 'choices' | 'settings';

export interface SpecIssue {
  /** null for problems with the workbook as a whole, such as a missing sheet. */
  sheet: Sheet | null;
  row?: number;
  column?: string;
  /** Character within the cell, counting from 1 (expressions). */
  position?: number;
  message: string;
}

export function formatIssue(issue: SpecIssue): string {
  const where = [
    issue.sheet,
    issue.row === undefined ? null : `row ${issue.row}`,
    issue.column === undefined ? null : `column ${issue.column}`,
    issue.position === undefined ? null : `character ${issue.position}`,
  ].filter(Boolean);
  return where.length ? `${where.join(', ')}: ${issue.message}` : issue.message;
}

/** Thrown when a form definition cannot be used; carries every problem found, not just the first. */
export class FormSpecError extends Error {
  constructor(readonly issues: SpecIssue[]) {
    super(
      `the form definition has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n` +
        issues.map((issue) => `- ${formatIssue(issue)}`).join('\n'),
    );
    this.name = 'FormSpecError';
  }
}
