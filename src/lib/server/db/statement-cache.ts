/**
 * Compiled SQLite statements kept by their SQL text.
 *
 * Kysely prepares every query it runs, and better-sqlite3 compiles on each prepare, on the event
 * loop. Live collaboration runs the same few statements hundreds of times a second (the update log,
 * access re-checks), and compiling them each time held up every relay behind them. SQLite re-compiles
 * a kept statement by itself when the schema changes (migrations), so a kept statement is never stale.
 */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';

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
