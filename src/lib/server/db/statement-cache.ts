/**
 * Compiled statements kept by their SQL text, on both engines.
 *
 * SQLite: Kysely prepares every query it runs, and better-sqlite3 compiles on each prepare, on the
 * event loop. Live collaboration runs the same few statements hundreds of times a second (the update
 * log, access re-checks), and compiling them each time held up every relay behind them. SQLite
 * re-compiles a kept statement by itself when the schema changes (migrations), so a kept statement is
 * never stale.
 *
 * PostgreSQL: a statement sent without a name is parsed and planned again on every run. For a claim
 * (Next) that was four fifths of the statement's time (1.7 ms of 2.1 on an idle machine; prepared,
 * 0.35), on the database's CPU that every other request shares. Each pooled connection now keeps its
 * most recently used statements that carry parameters prepared under a name of its own, as asyncpg
 * does by default; statements without parameters (`begin`, `commit`, DDL, several statements in one
 * text) go as before. PostgreSQL re-plans a kept statement by itself after a schema change, except
 * when the change alters the columns it returns (`select *` across a migration run by another
 * instance): it answers `0A000`, and the statement is prepared afresh and run again, unless the error
 * aborted a transaction of the caller's (then it stands, and the next use prepares it afresh).
 */
import type SQLite from 'better-sqlite3';
import type {
  PostgresCursor,
  PostgresPool,
  PostgresPoolClient,
  PostgresQueryResult,
  SqliteDatabase
} from 'kysely';
import { LRUCache } from 'lru-cache';
import type pg from 'pg';

const KEEP = 500;

export function withStatementCache(database: SQLite.Database, onClose?: () => void): SqliteDatabase {
  const kept = new LRUCache<string, SQLite.Statement>({ max: KEEP });
  return {
    close() {
      onClose?.();
      kept.clear();
      database.close();
    },
    prepare(sql) {
      const hit = kept.get(sql);
      // A statement still being iterated (a streamed query) cannot run again until it finishes
      // (Kysely holds its one connection while streaming, but nothing here should rely on that):
      // such a caller gets a fresh statement, and the kept one stays for later callers.
      if (hit && !hit.busy) return hit;
      const statement = database.prepare(sql);
      if (!hit) kept.set(sql, statement);
      return statement;
    }
  };
}

/** Statements kept per PostgreSQL connection (asyncpg's default). */
const KEEP_PER_CONNECTION = 100;

/** The pool Kysely sees: each pooled connection keeps its statements (one keeper per connection). */
export function withPreparedStatements(pool: pg.Pool): PostgresPool {
  const keepers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    options: pool.options,
    end: () => pool.end(),
    async connect() {
      const client = await pool.connect();
      let keeper = keepers.get(client);
      if (!keeper) keepers.set(client, (keeper = keepStatements(client)));
      return keeper;
    }
  };
}

/** pg's record of the statements its connection has prepared (not in its typings). */
type ParsedStatements = { connection: { parsedStatements: Record<string, string> } };

const OPENS_TRANSACTION = /^\s*(begin|start\s+transaction)\b/i;
const ENDS_TRANSACTION = /^\s*(commit|end|rollback(?!\s+to\b))\b/i;

function keepStatements(client: pg.PoolClient): PostgresPoolClient {
  let named = 0;
  /** Inside a transaction of the caller's (Kysely sends `begin` … `commit` through here). */
  let inTransaction = false;
  /** Dropped from the cache, still prepared: deallocated when the connection goes back to the pool. */
  const dropped: string[] = [];
  const kept = new LRUCache<string, string>({
    max: KEEP_PER_CONNECTION,
    dispose: (name) => dropped.push(name)
  });
  async function run<R>(text: string, values: unknown[], again: boolean): Promise<PostgresQueryResult<R>> {
    let name = kept.get(text);
    if (name === undefined) kept.set(text, (name = `athar_${++named}`));
    try {
      return (await client.query({ name, text, values })) as unknown as PostgresQueryResult<R>;
    } catch (err) {
      if ((err as { code?: string }).code !== '0A000') throw err;
      // The columns behind a kept statement changed (a migration, perhaps by another instance):
      // prepared afresh, at once when no transaction of the caller's was aborted by the error.
      kept.delete(text);
      if (!again || inTransaction) throw err;
      return run(text, values, false);
    }
  }
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query<R>(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  function query<R>(
    statement: string | PostgresCursor<R>,
    parameters?: readonly unknown[]
  ): PostgresCursor<R> | Promise<PostgresQueryResult<R>> {
    if (typeof statement !== 'string') return client.query(statement as never);
    const values = [...(parameters ?? [])];
    if (values.length > 0) return run(statement, values, true);
    if (OPENS_TRANSACTION.test(statement)) inTransaction = true;
    else if (ENDS_TRANSACTION.test(statement)) inTransaction = false;
    return client.query(statement, values) as unknown as Promise<PostgresQueryResult<R>>;
  }
  return {
    get processID() {
      return (client as pg.PoolClient & { processID?: number }).processID;
    },
    query,
    release(destroy?: boolean) {
      // Deallocated here, outside any transaction of the caller: a failed DEALLOCATE (a statement
      // whose parse had failed was never prepared) inside one would abort it. The next user's
      // statements queue behind these on the same connection.
      if (!destroy)
        for (const name of dropped.splice(0))
          client.query(`deallocate ${name}`).then(
            () => delete (client as unknown as ParsedStatements).connection.parsedStatements[name],
            () => {}
          );
      client.release(destroy);
    }
  };
}
