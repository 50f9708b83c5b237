// An import killed with SIGKILL half-way through applying leaves the registry
// as of its last committed chunk — every row before the ledger mark fully
// linked, nothing of any row after it — and running the command again resumes
// it to exactly what an uninterrupted import gives.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { checkCharacter } from '../../src/lib/id-number.js';
import { backendAvailable } from '../support/database.js';
import { CLI, cliEnvironment, createCliDatabase, runCli, type CliDatabase } from '../support/cli.js';
import { SAMPLES_DIR } from '../support/imports.js';

const ROWS = 6_000;
const SOURCE = 'XH-MZ/assistance';
const PROFILE = path.join(SAMPLES_DIR, 'profiles', 'civil-affairs.yaml');
const COMMUNITIES = ['330106002051', '330106002052', '330106002053'];

/** A civil-affairs roll of ROWS people, none of them in the registry yet, in the department's own format (GB18030). */
function writeRoll(file: string): void {
  const lines = ['序号,姓名,身份证号,性别,出生年月日,联系方式,居住地址,服务对象类别,所属社区代码'];
  const surnames = [...'王李张刘陈杨黄赵吴周'];
  const given = ['秀英', '建国', '桂兰', '志强', '玉珍', '福生', '美玲', '国华'];
  for (let i = 0; i < ROWS; i++) {
    const birth = new Date(Date.UTC(1930, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const first17 = `330106${birth.replace(/-/g, '')}${i % 2 === 0 ? '121' : '122'}`;
    const id = first17 + checkCharacter(first17);
    const address = `敬老新村${1 + (i % 40)}-${1 + (i % 3)}-${101 + (i % 600)}`;
    lines.push([i + 1, surnames[i % 10] + given[i % 8], id, i % 2 === 0 ? 1 : 2, birth, `1390571${String(i).padStart(4, '0')}`, address, i % 5 === 0 ? '低保' : '高龄津贴', COMMUNITIES[i % 3]].join(','));
  }
  writeFileSync(file, iconv.encode(lines.join('\r\n') + '\r\n', 'gb18030'));
}

/** Everything the import put in the registry, without the ids it generated. */
async function fingerprint(database: Database) {
  const people = await sql<Record<string, unknown>>`
    SELECT p.id_number, p.name, p.sex, p.birth_date, p.phone, p.tags, p.residence_status, d.compound, d.building, d.unit, d.room, d.community_code,
      (SELECT count(*) FROM registry_statements s WHERE s.entity_id = p.id) AS statements,
      (SELECT count(*) FROM person_dwellings pd WHERE pd.person_id = p.id) AS links
    FROM people p LEFT JOIN dwellings d ON d.id = p.dwelling_id
    WHERE p.origin_source_id = ${SOURCE} ORDER BY p.id_number`.execute(database.db);
  const counts = await sql<Record<string, number>>`
    SELECT (SELECT count(*) FROM dwellings WHERE origin_source_id = ${SOURCE}) AS dwellings,
           (SELECT count(*) FROM registry_statements WHERE source_id = ${SOURCE}) AS statements,
           (SELECT count(*) FROM source_records WHERE source_id = ${SOURCE}) AS records`.execute(database.db);
  return { people: people.rows, counts: counts.rows[0] };
}

describe.skipIf(!backendAvailable())('an import killed half-way (kill -9)', () => {
  let dir: string;
  let file: string;
  let killed: CliDatabase;
  let uninterrupted: CliDatabase;
  // Chunks of 2,000 rows: the file takes three, so the kill lands with one committed and the next in flight.
  const args = () => ['import', '--profile', PROFILE, '--observed-at', '2026-06-30', '--chunk-rows', '2000', file];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gongzhi-crash-'));
    file = path.join(dir, 'civil-affairs-roll.csv');
    writeRoll(file);
    killed = await createCliDatabase();
    uninterrupted = await createCliDatabase();
  });
  afterAll(async () => {
    await killed?.destroy();
    await uninterrupted?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the registry whole at the last committed chunk, then resumes to the same result as a clean run', async () => {
    // Kill the importer as soon as it reports its first committed chunk: the next one is in flight.
    const child = spawn(process.execPath, [CLI, ...args()], { env: cliEnvironment(killed.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (/rows applied: [1-9]/.test(output)) child.kill('SIGKILL');
    });
    expect(await exited).toBe('SIGKILL');
    const importId = /import ([0-9a-f-]{36})/.exec(output)![1];

    await killed.inspect(async (database) => {
      const ledger = await database.db.selectFrom('imports').selectAll().where('id', '=', importId).executeTakeFirstOrThrow();
      expect(ledger.status).toBe('applying');
      expect(ledger.applied_through).toBeGreaterThan(1);
      expect(ledger.applied_through).toBeLessThan(ROWS + 1);
      // Every row up to the mark is in, completely: linked, placed, with its statements; nothing after it.
      const state = await sql<Record<string, number>>`
        SELECT (SELECT count(*) FROM source_records WHERE import_id = ${importId}) AS linked,
               (SELECT max(import_row) FROM registry_statements WHERE import_id = ${importId}) AS last_row,
               (SELECT count(*) FROM people p WHERE p.origin_source_id = ${SOURCE}
                  AND (p.dwelling_id IS NULL OR NOT EXISTS (SELECT 1 FROM person_dwellings pd WHERE pd.person_id = p.id AND pd.relation = 'living'))) AS unplaced,
               (SELECT count(*) FROM people WHERE origin_source_id = ${SOURCE}) AS people`.execute(database.db);
      const { linked, last_row, unplaced, people } = state.rows[0];
      expect(linked).toBe(ledger.applied_through - 1);
      expect(people).toBe(linked);
      expect(last_row).toBe(ledger.applied_through);
      expect(unplaced).toBe(0);
    });

    const resumed = await runCli(args(), killed.env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`resuming import ${importId}`);
    expect(resumed.stdout).toContain(`applied ${ROWS} rows`);

    const clean = await runCli(args(), uninterrupted.env);
    expect(clean.code, clean.stderr).toBe(0);
    const [afterCrash, afterCleanRun] = [await killed.inspect(fingerprint), await uninterrupted.inspect(fingerprint)];
    expect(afterCrash.counts).toEqual(afterCleanRun.counts);
    expect(afterCrash.people).toHaveLength(ROWS);
    expect(afterCrash.people).toEqual(afterCleanRun.people);
  }, 240_000);
});
