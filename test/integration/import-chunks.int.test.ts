// Applying an import in chunks of row numbers: a chunk whose rows were all
// quarantined by validation moves the ledger on and does not end the import,
// and every valid row after it is applied exactly once. A dwelling only a row
// held back names is not written.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/kernel/clock.js';
import { checkCharacter } from '../../src/lib/id-number.js';
import { importFile } from '../../src/modules/exchange/import/import-file.js';
import { exactIdNumberLinker, type Linker } from '../../src/modules/exchange/import/linker.js';
import { backendAvailable, createTestDatabase, type TestDatabase } from '../support/database.js';
import { sampleProfile } from '../support/imports.js';

const clock = fixedClock('2026-11-30T10:00:00+08:00');

function idNumber(i: number): string {
  const first17 = `33010619600101${String(100 + i).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

describe.skipIf(!backendAvailable())('applying an import chunk by chunk', () => {
  let database: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'gongzhi-chunks-'));
  });
  afterAll(async () => {
    await database?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A civil-affairs roll in the department's own encoding: file row 2 onwards, one person per row, each in a dwelling of their own. */
  function writeRoll(name: string, rows: number, idNumberOf: (row: number) => string): string {
    const lines = ['序号,姓名,身份证号,性别,出生年月日,联系方式,居住地址,服务对象类别,所属社区代码'];
    for (let row = 2; row <= rows + 1; row++) {
      lines.push([row - 1, `王${'一二三四五六七八九十甲乙丙'[row - 2]}`, idNumberOf(row), 1, '1960-01-01', '', `敬老新村1-1-${100 + row}`, '低保', '330106002051'].join(','));
    }
    const file = path.join(dir, name);
    writeFileSync(file, iconv.encode(lines.join('\r\n') + '\r\n', 'gb18030'));
    return file;
  }

  it('goes on past chunks that hold only quarantined rows and applies each valid row once', async () => {
    // File rows 2–5 and 10–12 have a malformed ID number (quarantined); rows 6–9 and 13–14 are good.
    const bad = new Set([2, 3, 4, 5, 10, 11, 12]);
    const file = writeRoll('roll.csv', 13, (row) => (bad.has(row) ? '33010619' : idNumber(row)));

    const progress: number[] = [];
    const done = await importFile(
      { db: database.db, clock },
      { profileText: sampleProfile('civil-affairs'), file, linker: exactIdNumberLinker, chunkRows: 3, onProgress: (phase, applied) => { if (phase === 'applying') progress.push(applied); } },
    );

    expect(done).toMatchObject({ status: 'completed', valid_rows: 6, invalid_rows: 7, applied_rows: 6, applied_through: 14 });
    expect(progress.at(-1)).toBe(6);
    const people = await sql<{ id_number: string }>`SELECT id_number FROM people WHERE origin_source_id = ${done.source_id} ORDER BY id_number`.execute(database.db);
    expect(people.rows.map((p) => p.id_number)).toEqual([6, 7, 8, 9, 13, 14].map(idNumber));
    const statements = await sql<{ import_row: number }>`SELECT import_row FROM registry_statements WHERE import_id = ${done.id} AND entity_type = 'person' ORDER BY import_row`.execute(database.db);
    expect(statements.rows.map((s) => s.import_row)).toEqual([6, 7, 8, 9, 13, 14]);
  });

  it('writes no dwelling that only a row held for a steward names', async () => {
    // File row 4 (王三) is held; the others go in, each creating the dwelling it names.
    const holdWangSan: Linker = {
      async link(db, candidates) {
        const decisions = await exactIdNumberLinker.link(db, candidates);
        return decisions.map((d, i) => (candidates[i].name === '王三' ? { kind: 'review', candidates: [], detail: 'test hold' } : d));
      },
    };
    const file = writeRoll('held.csv', 4, (row) => idNumber(50 + row));
    const done = await importFile({ db: database.db, clock }, { profileText: sampleProfile('civil-affairs'), file, linker: holdWangSan });
    expect(done).toMatchObject({ status: 'completed', applied_rows: 3, held_rows: 1 });
    expect(done.stats).toMatchObject({ dwellingsCreated: 3 });
    const rooms = await sql<{ room: string }>`SELECT room FROM dwellings WHERE origin_source_id = ${done.source_id} AND compound = '敬老新村' AND room = ANY(${['102', '103', '104', '105']}::text[]) ORDER BY room`.execute(database.db);
    expect(rooms.rows.map((d) => d.room)).toEqual(['102', '103', '105']);
  });
});
