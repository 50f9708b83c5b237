/**
 * Reading and writing the spreadsheets departments exchange: CSV in UTF-8
 * (with or without BOM), GB18030 (what Excel on a Chinese Windows writes) or
 * UTF-16 (Excel's "Unicode text"), and XLSX. Rows stream, so a million-row file
 * is never in memory at once.
 *
 * Row numbers are the ones a person sees when opening the file in Excel or WPS
 * (the header is usually row 1), so an error report can point at a cell.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';

export type Cell = string | number | Date | null;
export type TableFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le';

export type TableInput = { path: string } | { bytes: Uint8Array };

export interface OpenTableOptions {
  /** Detected from the first bytes when absent (XLSX is a ZIP file). */
  format?: TableFormat;
  /** CSV only; `auto` (the default) reads the BOM, else tells UTF-8 from GB18030 by whether the bytes are valid UTF-8. */
  encoding?: TextEncoding | 'auto';
  /** CSV only; default a comma. */
  delimiter?: string;
  /** XLSX only; default the first sheet. */
  sheet?: string;
  /** The row holding the column names, 1-based; rows above it (titles, notes) are skipped. Default 1. */
  headerRow?: number;
}

export interface TableRow {
  rowNumber: number;
  cells: Cell[];
}

export interface Table {
  format: TableFormat;
  encoding: TextEncoding | null;
  sheet: string | null;
  /** Column names as written in the header row, trimmed. */
  header: string[];
  /** Rows below the header; blank rows are skipped but keep their place in the numbering. */
  rows: AsyncIterable<TableRow>;
}

/** A file that cannot be read as a table: wrong sheet, no header row, undecodable bytes. */
export class TableError extends Error {}

const SNIFF_BYTES = 64 * 1024;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export async function openTable(input: TableInput, options: OpenTableOptions = {}): Promise<Table> {
  const head = await firstBytes(input, SNIFF_BYTES);
  const format = options.format ?? (ZIP_MAGIC.every((b, i) => head[i] === b) ? 'xlsx' : 'csv');
  const headerRow = options.headerRow ?? 1;
  if (format === 'xlsx') {
    const { sheet, rows } = await xlsxRows(input, options.sheet);
    return { format, encoding: null, sheet, ...(await splitHeader(rows, headerRow)) };
  }
  const encoding = options.encoding && options.encoding !== 'auto' ? options.encoding : detectEncoding(head);
  const rows = csvRows(input, encoding, options.delimiter ?? ',');
  return { format, encoding, sheet: null, ...(await splitHeader(rows, headerRow)) };
}

/**
 * The encoding of a CSV file from its first bytes: a BOM says it outright;
 * otherwise text that is valid UTF-8 is UTF-8, because Chinese text in
 * GB18030 is practically never valid UTF-8 (its lead bytes are followed by
 * bytes UTF-8 does not allow there).
 */
export function detectEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  try {
    // stream: true lets a character cut off at the end of the sample through.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

async function firstBytes(input: TableInput, n: number): Promise<Uint8Array> {
  if ('bytes' in input) return input.bytes.subarray(0, n);
  const file = await open(input.path, 'r');
  try {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await file.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

const byteStream = (input: TableInput): Readable =>
  'bytes' in input ? Readable.from([Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength)]) : createReadStream(input.path);

async function* csvRows(input: TableInput, encoding: TextEncoding, delimiter: string): AsyncGenerator<TableRow> {
  // iconv-lite drops the BOM while decoding.
  const text = byteStream(input).pipe(iconv.decodeStream(encoding));
  const parser = text.pipe(
    parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true }),
  );
  let rowNumber = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    rowNumber++;
    yield { rowNumber, cells: record.map((v) => (v === '' ? null : v)) };
  }
}

async function xlsxRows(input: TableInput, wanted: string | undefined): Promise<{ sheet: string; rows: AsyncGenerator<TableRow> }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(byteStream(input), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date cell from a number cell.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const sheets = reader[Symbol.asyncIterator]();
  const seen: string[] = [];
  for (;;) {
    const next = await sheets.next();
    if (next.done) {
      throw new TableError(
        wanted ? `The workbook has no sheet named ${wanted}; it has: ${seen.join(', ') || 'none'}` : 'The workbook has no sheets',
      );
    }
    const name = (next.value as unknown as { name: string }).name;
    seen.push(name);
    const worksheet = next.value;
    if (wanted && name !== wanted) {
      // A skipped sheet must still be read to its end: ExcelJS may hold it in a
      // temporary file that it deletes as soon as we move on, and an unread
      // stream over a deleted file fails later as an uncaught error.
      for await (const _row of worksheet) void _row;
      continue;
    }
    async function* rows(): AsyncGenerator<TableRow> {
      for await (const row of worksheet) {
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        yield { rowNumber: row.number, cells: Array.from(values, toCell) };
      }
    }
    return { sheet: name, rows: rows() };
  }
}

/** An XLSX cell value as plain data: rich text joined, formulas by their result, hyperlinks by their text. */
function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return toCell(v.result);
    if ('text' in v) return toCell(v.text);
    if (v.error) return v.error;
  }
  return String(value);
}

async function splitHeader(rows: AsyncGenerator<TableRow>, headerRow: number): Promise<{ header: string[]; rows: AsyncIterable<TableRow> }> {
  for (;;) {
    const next = await rows.next();
    if (next.done) throw new TableError(`The file ends before its header row (row ${headerRow})`);
    if (next.value.rowNumber < headerRow) continue;
    if (next.value.rowNumber > headerRow) throw new TableError(`Row ${headerRow}, which should hold the column names, is empty`);
    const header = next.value.cells.map((c) => cellText(c)?.trim() ?? '');
    if (header.every((h) => h === '')) throw new TableError(`Row ${headerRow}, which should hold the column names, is empty`);
    return { header, rows: nonBlank(rows) };
  }
}

async function* nonBlank(rows: AsyncGenerator<TableRow>): AsyncGenerator<TableRow> {
  for await (const row of rows) {
    if (row.cells.some((c) => c !== null && cellText(c)!.trim() !== '')) yield row;
  }
}

/**
 * A cell as text. Whole numbers are written out in full (never 1.10105E+17),
 * and beyond the digits a float keeps as zeros, as Excel shows them — so an ID
 * number stored as a number reads 330106197804020000, and its lost digits are
 * recognisable as lost.
 */
export function cellText(cell: Cell): string | null {
  if (cell === null) return null;
  if (typeof cell === 'string') return cell;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return Number.isInteger(cell) ? cell.toLocaleString('en-US', { useGrouping: false }) : String(cell);
}

export interface CsvOptions {
  encoding?: 'utf-8' | 'gb18030';
  /** A UTF-8 BOM, so Excel opens the file as UTF-8 rather than the system code page. Default true for UTF-8. */
  bom?: boolean;
  /**
   * Prefix text cells that start like a formula (= + - @) with an apostrophe, so
   * values copied from an untrusted file cannot run as formulas when the report is opened.
   */
  neutraliseFormulas?: boolean;
}

export function toCsv(rows: Cell[][], options: CsvOptions = {}): Buffer {
  return Buffer.concat([csvPreamble(options), csvBytes(rows, options)]);
}

/**
 * A CSV file as a stream, batch by batch: the same bytes toCsv writes for all
 * the rows at once. A batch is read from `batches` only when the reader asks
 * for more, so the file is never in memory at once.
 */
export function csvStream(batches: AsyncIterable<Cell[][]>, options: CsvOptions = {}): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    // The BOM goes out with the first rows, so a file that fails before any row has sent nothing.
    let preamble: Buffer | null = csvPreamble(options);
    for await (const rows of batches) {
      yield preamble ? Buffer.concat([preamble, csvBytes(rows, options)]) : csvBytes(rows, options);
      preamble = null;
    }
    if (preamble?.length) yield preamble;
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 0 });
}

function csvPreamble(options: CsvOptions): Buffer {
  const bom = (options.encoding ?? 'utf-8') === 'utf-8' && (options.bom ?? true);
  return Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []);
}

function csvBytes(rows: Cell[][], options: CsvOptions): Buffer {
  const text = stringify(
    rows.map((row) =>
      row.map((cell) => {
        const text = cellText(cell) ?? '';
        return options.neutraliseFormulas && typeof cell === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
      }),
    ),
    { record_delimiter: '\r\n' },
  );
  return options.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
}

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  /** Width of each column in characters. */
  columnWidths?: number[];
  /** Bold the first row and freeze it. */
  headerRow?: boolean;
}

/** An XLSX workbook. Strings stay text cells, so ID numbers are never turned into floats. */
export async function toXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, spec.headerRow ? { views: [{ state: 'frozen', ySplit: 1 }] } : {});
    for (const row of spec.rows) sheet.addRow(row.map((c) => c ?? null));
    if (spec.headerRow && spec.rows.length > 0) sheet.getRow(1).font = { bold: true };
    spec.columnWidths?.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * One sheet of an XLSX workbook as a stream, batch by batch, with toXlsx's
 * cells and header row. Strings are written inline rather than to the shared
 * string table, which would grow with every distinct value; a batch is read
 * from `batches` only once the reader has taken what came before.
 */
export function xlsxStream(spec: Omit<SheetSpec, 'rows'>, batches: AsyncIterable<Cell[][]>): Readable {
  const out = new PassThrough();
  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(spec.name, spec.headerRow ? { views: [{ state: 'frozen', ySplit: 1 }] } : {});
    spec.columnWidths?.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
    let first = true;
    for await (const rows of batches) {
      for (const cells of rows) {
        const row = sheet.addRow(cells.map((c) => c ?? null));
        if (first && spec.headerRow) row.font = { bold: true };
        first = false;
        row.commit();
      }
      // ExcelJS hands rows to its compressor without waiting for it: a turn of
      // the event loop lets the compressed bytes reach `out`, whose backpressure
      // then holds the next batch back.
      await new Promise(setImmediate);
      await drained(out);
    }
    sheet.commit();
    // The workbook waits for the stream to finish, which never happens when the reader has gone.
    await Promise.all([workbook.commit(), finished(out, { readable: false })]);
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

/** Resolves once `out` takes more; rejects when it closes first, so a writer whose reader went away stops. */
function drained(out: Writable): Promise<void> {
  const closed = () => new Error('The reader closed the file before it was complete');
  if (out.destroyed) return Promise.reject(closed());
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off('drain', onDrain).off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(closed());
    out.on('drain', onDrain).on('close', onClose);
  });
}
