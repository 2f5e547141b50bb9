import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import type Pg from 'pg';
import type { Database } from './schema.ts';
import { ImmediateSqliteDialect } from './sqlite-dialect.ts';
import { withPreparedStatements, withStatementCache } from './statement-cache.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export type DbHandle = { db: Db; dialect: Dialect };

/**
 * The PostgreSQL driver, loaded by the first connection to PostgreSQL only: an instance on SQLite
 * (and every `athar` command there) would carry it for nothing, about 5 MiB (issue #20).
 */
function loadPg(): typeof Pg {
  const pg = createRequire(import.meta.url)('pg') as typeof Pg;
  // int8 (bigint) columns hold epoch milliseconds, well inside Number's safe range.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  return pg;
}

export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export type ConnectOptions = {
  databaseUrl: string | undefined;
  dataDir: string;
  /**
   * SQLite only: checkpoint on a worker thread (a long-running server). A one-shot command leaves
   * checkpoints to SQLite: a process that ends while that thread is still loading its native addon
   * can be killed by a signal on exit.
   */
  backgroundCheckpoints?: boolean;
};

export function connect(options: ConnectOptions): DbHandle {
  if (options.databaseUrl && isPostgresUrl(options.databaseUrl)) {
    const pool = new (loadPg().Pool)({ connectionString: options.databaseUrl, max: 10 });
    // An idle client losing its connection (database restart) must not crash the process.
    pool.on('error', (err) => console.error('[db] idle client error:', err.message));
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) }),
      dialect: 'postgres'
    };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const file = options.databaseUrl
    ? options.databaseUrl.replace(/^sqlite:/, '')
    : path.join(options.dataDir, 'athar.db');
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  // Checkpoints (the write-ahead log copied into the database file, then synced to disk) stalled
  // the event loop for milliseconds whenever a commit crossed the log's threshold, holding up every
  // live relay behind it: they are left to a worker thread.
  const checkpointer = options.backgroundCheckpoints !== false ? startCheckpointer(database) : null;
  const sqlite = withStatementCache(database, () => {
    if (!checkpointer) return;
    checkpointer.postMessage('close');
    // The worker's connection may outlive this one, so SQLite would not checkpoint at close: the
    // database file is made complete here.
    database.pragma('wal_checkpoint(TRUNCATE)');
  });
  return {
    db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) }),
    dialect: 'sqlite'
  };
}

function startCheckpointer(database: SQLite.Database): Worker | null {
  if (database.memory) return null;
  database.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), {
    workerData: { file: database.name }
  });
  worker.unref(); // never what keeps a process (a CLI command) alive
  worker.on('error', (err) => console.error('[db] checkpoint worker:', err.message));
  return worker;
}
