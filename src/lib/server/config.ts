import path from 'node:path';
import { parseTrustedProxies } from './http/client-address.ts';

export type Config = {
  port: number;
  host: string;
  /** Public origin (scheme://host[:port]); undefined → derived from each request's Host header. */
  origin: string | undefined;
  dataDir: string;
  /** `postgres://…` selects PostgreSQL; otherwise SQLite at `<dataDir>/athar.db`. */
  databaseUrl: string | undefined;
  /** `redis://…`: several instances serve the same rooms through Redis pub/sub. Unset: one instance. */
  redisUrl: string | undefined;
  /** How often the server signs the audit chain's head (audit/checkpoints.ts). */
  auditCheckpointMs: number;
  /** Reverse proxies (addresses or subnets) whose X-Forwarded-For is believed (http/client-address.ts). */
  trustProxy: string[];
  /** An RFC 3161 time-stamp authority for dossier signatures (dossier/timestamp.ts); unset: none. */
  tsaUrl: string | undefined;
  /** Source-Organization of the dossiers this instance signs (`ORGANIZATION`). */
  organization: string;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0–65535, got ${env.PORT}`);
  const auditCheckpointMs = Number(env.AUDIT_CHECKPOINT_MS ?? 600_000);
  if (!Number.isInteger(auditCheckpointMs) || auditCheckpointMs < 1000)
    throw new Error(
      `AUDIT_CHECKPOINT_MS must be a whole number of milliseconds ≥ 1000, got ${env.AUDIT_CHECKPOINT_MS}`
    );
  const origin = env.ORIGIN?.replace(/\/+$/, '') || undefined;
  if (origin && !/^https?:\/\/[^/]+$/.test(origin))
    throw new Error(`ORIGIN must be scheme://host[:port], got ${origin}`);
  const tsaUrl = env.TSA_URL || undefined;
  if (tsaUrl && !/^https?:\/\/\S+$/.test(tsaUrl))
    throw new Error(`TSA_URL must be an http(s) URL, got ${tsaUrl}`);
  return {
    port,
    host: env.HOST || '0.0.0.0',
    origin,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    auditCheckpointMs,
    trustProxy: parseTrustedProxies(env.TRUST_PROXY),
    tsaUrl,
    organization: env.ORGANIZATION?.trim() || 'Athar'
  };
}
