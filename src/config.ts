import { z } from 'zod';

/**
 * Configuration comes from the environment only, is validated once at start
 * and frozen. A bad value stops the process with a message naming the variable.
 */
const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  GONGZHI_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GONGZHI_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  GONGZHI_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  GONGZHI_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
  // At least 2: the first-start seed holds one connection for its lock while it works on another.
  GONGZHI_DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  GONGZHI_SECURE_COOKIES: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  GONGZHI_SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  GONGZHI_SWEEP_MINUTES: z.coerce.number().min(0).max(24 * 60).default(5),
  GONGZHI_DEMO_PEOPLE: z.coerce.number().int().min(0).default(20000),
});

export type Config = Readonly<{
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  sessionHours: number;
  loginMaxFailures: number;
  lockoutMinutes: number;
  dbPoolSize: number;
  secureCookies: boolean;
  seedDemo: 'auto' | 'never';
  /** How often the server sweeps cases (warnings, escalation, rating invitations); 0: never, cron runs `cases sweep`. */
  sweepMinutes: number;
  demoPeople: number;
}>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    dataDir: e.GONGZHI_DATA_DIR,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    sessionHours: e.GONGZHI_SESSION_HOURS,
    loginMaxFailures: e.GONGZHI_LOGIN_MAX_FAILURES,
    lockoutMinutes: e.GONGZHI_LOCKOUT_MINUTES,
    dbPoolSize: e.GONGZHI_DB_POOL_SIZE,
    secureCookies: e.GONGZHI_SECURE_COOKIES,
    seedDemo: e.GONGZHI_SEED_DEMO,
    sweepMinutes: e.GONGZHI_SWEEP_MINUTES,
    demoPeople: e.GONGZHI_DEMO_PEOPLE,
  });
}
