import pg from 'pg';
import { appendFileSync } from 'node:fs';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await c.connect();
for (;;) {
  const r = await c.query(`select to_char(clock_timestamp(),'HH24:MI:SS.MS') t, coalesce(wait_event_type,'-')||':'||coalesce(wait_event,'cpu') w, backend_type b, count(*) n from pg_stat_activity where (datname like 'gongzhi_bench%' and state='active') or backend_type in ('checkpointer','walwriter','background writer') group by 1,2,3`);
  appendFileSync('/tmp/smp/waits.log', r.rows.map((x) => `${x.t} ${x.b} ${x.w} ${x.n}`).join('\n') + '\n');
  await new Promise((res) => setTimeout(res, 10));
}
