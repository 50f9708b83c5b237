import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('defaults to embedded PGlite in ./data on port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ databaseUrl: undefined, dataDir: './data', port: 3000, seedDemo: 'auto' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes every variable it documents', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', GONGZHI_DATA_DIR: '/srv/gz', PORT: '8080', GONGZHI_SESSION_HOURS: '8' });
    expect(config).toMatchObject({ databaseUrl: 'postgres://u@h:5432/db', dataDir: '/srv/gz', port: 8080, sessionHours: 8 });
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/DATABASE_URL: must be a postgres/);
    }
  });
});
