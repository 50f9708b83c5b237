// The gongzhi CLI: serve | migrate | seed | users | tokens | audit | cases | backup | restore | import | report.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { loadConfig, ConfigError, type Config } from './config.js';
import { openMigratedDatabase, startServer } from './runtime.js';
import { systemClock } from './kernel/clock.js';
import { ROLES, type Role } from './kernel/access/roles.js';
import { verifyAuditChain } from './kernel/audit/audit.js';
import { createApiToken, createUser } from './modules/org/service.js';
import { isDemoSeeded, seedDemo, seedDemoIfEmpty } from './modules/demo/seed.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from './modules/demo/district.js';
import { backupDatabase, restoreDatabase } from './db/backup.js';
import { progressBar } from './lib/progress.js';
import { runImportCommand } from './modules/exchange/import/cli.js';
import { DEFAULT_CHUNK_ROWS } from './modules/exchange/import/apply-import.js';
import { runReportCommand } from './modules/metrics/cli.js';
import { sweepCases } from './modules/cases/sweep.js';
import { AppError, type FieldIssue } from './kernel/errors.js';

/** Exit codes: 0 ok, 1 failure, 2 bad usage or configuration, 3 refused (e.g. restore into a non-empty database). */
export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3 } as const;

class CliRefusal extends Error {}

/** The services name the API's fields; at the CLI the operator typed options. */
const OPTION_OF_FIELD: Record<string, string> = {
  password: '--password',
  'grants[0].jurisdictionCode': '--scope',
  'grants[0].departmentCode': '--department',
};

function messageOf(error: unknown): string {
  if (error instanceof AppError && error.code === 'request.invalid') {
    const { issues } = error.details as { issues: FieldIssue[] };
    return issues.map((issue) => `${OPTION_OF_FIELD[issue.path] ?? issue.path}: ${issue.message}`).join('; ');
  }
  return (error as Error).message;
}

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
};
const oneOrMore = (value: string) => {
  const n = positiveInt(value);
  if (n === 0) throw new InvalidArgumentError('must be at least 1');
  return n;
};
const instant = (value: string): Date => {
  const at = new Date(value);
  if (!/T.*([zZ]|[+-]\d{2}:?\d{2})$/.test(value) || Number.isNaN(at.getTime())) throw new InvalidArgumentError('must be an ISO 8601 date and time with a time zone, e.g. 2026-12-01T10:00:00+08:00');
  return at;
};
/** A day (2026-06-30, taken in China time) or an ISO 8601 instant with a time zone. */
const dayOrInstant = (value: string): Date => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+08:00`) : instant(value));
const role = (value: string): Role => {
  if (!(ROLES as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return value as Role;
};

async function withDatabase<T>(work: (database: Awaited<ReturnType<typeof openMigratedDatabase>>, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openMigratedDatabase(config);
  try {
    return await work(database, config);
  } finally {
    await database.close();
  }
}

function printDemoLogins() {
  console.log('Demo logins (password %s):', DEMO_PASSWORD);
  for (const login of DEMO_LOGINS) console.log(`  ${login.username.padEnd(11)} ${login.role.padEnd(17)} ${login.displayName}`);
}

export function buildCli(): Command {
  // exitOverride: usage errors reach runCli, which gives them exit code 2 (subcommands inherit it).
  const program = new Command('gongzhi').description('Gongzhi 共治 — urban grassroots governance platform').showHelpAfterError().exitOverride();

  program
    .command('serve')
    .description('run the HTTP server (API, Open311, web UI); migrates, and seeds the demo district on first start')
    .action(async () => {
      const started = Date.now();
      const config = loadConfig();
      const database = await openMigratedDatabase(config, (name) => console.log(`migrated ${name}`));
      const deps = { db: database.db, database, clock: systemClock, config };
      if (config.seedDemo === 'auto' && !(await isDemoSeeded(deps))) {
        console.log(`First start: creating the demo district with ${config.demoPeople} synthetic residents…`);
        const seeded = await seedDemoIfEmpty(deps, { people: config.demoPeople, seed: 1, onProgress: progressBar('residents') });
        if (!seeded) console.log('Another server process seeded the demo district first.');
      }
      const server = await startServer({ config, database });
      const shutdown = async (signal: string) => {
        server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
        await server.close();
        process.exit(EXIT.ok);
      };
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      process.once('SIGINT', () => void shutdown('SIGINT'));
      console.log(`\nGongzhi 共治 is running on ${database.backend === 'pglite' ? `embedded PGlite (${config.dataDir})` : 'PostgreSQL'}`);
      console.log(`  Web UI:   ${server.url}/`);
      console.log(`  API docs: ${server.url}/api/docs`);
      console.log(`  Ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      printDemoLogins();
    });

  program
    .command('migrate')
    .description('apply pending database migrations (forward only)')
    .action(async () => {
      const config = loadConfig();
      const database = await openMigratedDatabase(config, (name) => console.log(`applied ${name}`));
      await database.close();
      console.log('database is up to date');
    });

  program
    .command('seed')
    .description('create demo data')
    .command('demo')
    .description('the demo district: jurisdictions, departments, one login per role, synthetic residents')
    .option('--people <n>', 'synthetic residents', positiveInt, 20000)
    .option('--seed <s>', 'random seed (same seed, same people)', positiveInt, 1)
    .action(async (opts: { people: number; seed: number }) => {
      await withDatabase(async (database, config) => {
        const deps = { db: database.db, database, clock: systemClock, config };
        if (await isDemoSeeded(deps)) throw new CliRefusal('The demo district is already there; restore an empty database first or use a fresh data directory');
        const result = await seedDemo(deps, { people: opts.people, seed: opts.seed, onProgress: progressBar('residents') });
        console.log(`Seeded ${result.jurisdictions} jurisdictions, ${result.people} people in ${result.households} households.`);
        printDemoLogins();
      });
    });

  const users = program.command('users').description('manage users');
  users
    .command('create')
    .description('create a user with one role on a jurisdiction subtree')
    .requiredOption('--username <u>', 'login name')
    .requiredOption('--password <p>', 'password (at least 8 characters)')
    .requiredOption('--role <r>', `one of ${ROLES.join(', ')}`, role)
    .requiredOption('--scope <code>', 'jurisdiction code the role applies to (its whole subtree)')
    .option('--department <code>', 'department code (required for department_staff)')
    .option('--display-name <name>', 'name shown in the UI')
    .action(async (opts: { username: string; password: string; role: Role; scope: string; department?: string; displayName?: string }) => {
      await withDatabase(async (database) => {
        const user = await createUser({ db: database.db, clock: systemClock }, null, {
          username: opts.username,
          displayName: opts.displayName ?? opts.username,
          password: opts.password,
          grants: [{ role: opts.role, jurisdictionCode: opts.scope, departmentCode: opts.department }],
        });
        console.log(`created user ${opts.username} (${user.id})`);
      });
    });

  const tokens = program.command('tokens').description('manage API tokens for other systems');
  tokens
    .command('create')
    .description('create an API token; the secret is printed once')
    .requiredOption('--name <name>', 'which system uses it')
    .requiredOption('--role <r>', `one of ${ROLES.join(', ')}`, role)
    .requiredOption('--scope <code>', 'jurisdiction code')
    .option('--department <code>', 'department code')
    .option('--expires <iso>', 'expiry, ISO 8601')
    .action(async (opts: { name: string; role: Role; scope: string; department?: string; expires?: string }) => {
      const expiresAt = opts.expires ? new Date(opts.expires) : null;
      if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new InvalidArgumentError('--expires must be an ISO 8601 date');
      await withDatabase(async (database) => {
        const token = await createApiToken({ db: database.db, clock: systemClock }, null, {
          name: opts.name,
          expiresAt,
          grants: [{ role: opts.role, jurisdictionCode: opts.scope, departmentCode: opts.department }],
        });
        console.log(`token ${token.id}\nsecret (shown once): ${token.secret}`);
      });
    });

  program
    .command('audit')
    .description('audit log tools')
    .command('verify')
    .description('check the hash chain; names the first broken entry')
    .action(async () => {
      await withDatabase(async (database) => {
        const result = await verifyAuditChain(database.db, progressBar('entries'));
        if (result.ok) {
          console.log(`audit chain intact: ${result.checked} entries`);
        } else {
          const broken = result.firstBroken!;
          console.error(`audit chain BROKEN at entry ${broken.id} (${broken.at.toISOString()}): ${broken.reason}; ${result.checked} entries before it are intact`);
          process.exitCode = EXIT.failure;
        }
      });
    });

  program
    .command('cases')
    .description('case handling')
    .command('sweep')
    .description('warn about limits running out, escalate overdue stages, invite ratings; safe to run from several processes at once')
    .option('--now <iso>', 'the instant to sweep for, ISO 8601 with a time zone (default: now)', instant)
    .action(async (opts: { now?: Date }) => {
      await withDatabase(async (database) => {
        const now = opts.now ?? systemClock.now();
        const report = await sweepCases({ db: database.db }, { now });
        console.log(
          `swept as of ${now.toISOString()}: ${report.warnings} warnings, ${report.escalations} escalations, ` +
            `${report.supervisions} supervisions, ${report.invitations} rating invitations`,
        );
      });
    });

  program
    .command('backup <file>')
    .description('write a logical backup of the whole database (works for PGlite and PostgreSQL)')
    .action(async (file: string) => {
      await withDatabase(async (database) => {
        const result = await backupDatabase(database, file, progressBar('tables'));
        console.log(`backup written to ${file}: ${result.rows} rows in ${result.tables} tables`);
      });
    });

  program
    .command('restore <file>')
    .description('restore a backup; refuses a non-empty database unless --force')
    .option('--force', 'replace whatever the database holds')
    .action(async (file: string, opts: { force?: boolean }) => {
      await withDatabase(async (database) => {
        const result = await restoreDatabase(database, file, { force: Boolean(opts.force), onProgress: progressBar('tables') });
        if (result.refused) throw new CliRefusal(result.refused);
        console.log(`restored ${result.rows} rows in ${result.tables} tables from ${file}`);
      });
    });

  program
    .command('import <file>')
    .description('validate and apply a department file (CSV in UTF-8 or GB18030, or XLSX) with a mapping profile; run it again to resume after a crash')
    .requiredOption('--profile <file>', 'the mapping profile, YAML or JSON (see docs/mapping-profiles.md)')
    .option('--jurisdiction <code>', 'the jurisdiction the file is for (default: the whole tree)')
    .option('--observed-at <date>', 'when the data was true, e.g. the export date: 2026-06-30 (default: now)', dayOrInstant)
    .option('--report <file>', 'write the error report to this .xlsx or .csv file')
    .option('--chunk-rows <n>', `rows applied per transaction (default ${DEFAULT_CHUNK_ROWS}); a crash loses at most one chunk`, oneOrMore)
    .action(async (file: string, opts: { profile: string; jurisdiction?: string; observedAt?: Date; report?: string; chunkRows?: number }) => {
      await withDatabase((database) => runImportCommand({ db: database.db, clock: systemClock }, { file, ...opts }));
    });

  program
    .command('report')
    .description("generate a department's report for a jurisdiction and write it in the department's layout (XLSX, or CSV)")
    .requiredOption('--template <code>', 'the report template, e.g. MZ-ELDERLY')
    .requiredOption('--jurisdiction <code>', 'the jurisdiction the report is for, e.g. 330106002')
    .option('--date <day>', 'the reference date, YYYY-MM-DD (default: today)')
    .option('--period-start <day>', 'start of the period for period figures (default: from the report frequency)')
    .requiredOption('--out <file>', 'where to write: a .xlsx or .csv file')
    .action(async (opts: { template: string; jurisdiction: string; date?: string; periodStart?: string; out: string }) => {
      await withDatabase((database) => runReportCommand({ db: database.db, clock: systemClock }, opts));
    });

  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = EXIT.usage;
    } else if (error instanceof InvalidArgumentError) {
      console.error(`error: ${error.message}`);
      process.exitCode = EXIT.usage;
    } else if (error instanceof CommanderError) {
      // Commander has printed the help, or the usage error and then the help.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (error instanceof CliRefusal) {
      console.error(`refused: ${error.message}`);
      process.exitCode = EXIT.refused;
    } else {
      console.error(`error: ${messageOf(error)}`);
      process.exitCode = EXIT.failure;
    }
  }
}
