import os from 'node:os';
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
  /** Server processes (`WORKERS`, default: one per core); 1 serves in this process alone (server/cluster.ts). */
  workers: number;
  /** How often the server signs the audit chain's head (audit/checkpoints.ts). */
  auditCheckpointMs: number;
  /** Reverse proxies (addresses or subnets) whose X-Forwarded-For is believed (http/client-address.ts). */
  trustProxy: string[];
  /** An RFC 3161 time-stamp authority for dossier signatures (dossier/timestamp.ts); unset: none. */
  tsaUrl: string | undefined;
  /** Source-Organization of the dossiers this instance signs (`ORGANIZATION`). */
  organization: string;
  /** How long an invitation link works (INVITE_TTL_HOURS, default 7 days). */
  inviteTtlMs: number;
  /** How long an administrator's password-reset link works (RESET_TTL_HOURS, default 24 hours). */
  resetTtlMs: number;
  /** `smtp://…` / `smtps://…`: invitation and reset links are also sent by e-mail (accounts/mail.ts). */
  smtpUrl: string | undefined;
  /** The sender of those e-mails (MAIL_FROM). */
  mailFrom: string;
  /** Signs tile passes for nginx in front (TILE_PASS_SECRET, evidence/tile-pass.ts); unset: none minted. */
  tilePassSecret: string | undefined;
  /** Free space an upload must leave on DATA_DIR's disk (UPLOAD_FREE_SPACE_MIN_MB, evidence/upload-space.ts). */
  uploadFreeSpaceMin: number;
  /** ATHAR_DEMO=1 (set by `npm run demo`): every page says the data is demo data, not evidence. */
  demo: boolean;
};

const HOUR = 3_600_000;

/** A whole number of hours from 1 to one year, as milliseconds. */
function hours(name: string, value: string | undefined, fallback: number): number {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1 || n > 24 * 366)
    throw new Error(`${name} must be a whole number of hours from 1 to 8784, got ${value}`);
  return n * HOUR;
}

function megabytes(name: string, value: string | undefined, fallback: number): number {
  const n = Number(value || fallback);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 30)
    throw new Error(`${name} must be a whole number of megabytes from 0 to 1073741824, got ${value}`);
  return n * 1024 * 1024;
}

function readWorkers(value: string | undefined): number {
  const n = Number(value || os.availableParallelism());
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new Error(`WORKERS must be a whole number from 1 to 256, got ${value}`);
  return n;
}

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
  const tilePassSecret = env.TILE_PASS_SECRET || undefined;
  // It goes into nginx's configuration verbatim, and it must not be guessable.
  if (tilePassSecret && !/^[A-Za-z0-9+/=_-]{32,}$/.test(tilePassSecret))
    throw new Error(
      'TILE_PASS_SECRET must be at least 32 characters of A–Z, a–z, 0–9, +, /, =, _ or - (e.g. `openssl rand -base64 32`)'
    );
  return {
    port,
    host: env.HOST || '0.0.0.0',
    origin,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    workers: readWorkers(env.WORKERS),
    auditCheckpointMs,
    trustProxy: parseTrustedProxies(env.TRUST_PROXY),
    tsaUrl,
    organization: env.ORGANIZATION?.trim() || 'Athar',
    inviteTtlMs: hours('INVITE_TTL_HOURS', env.INVITE_TTL_HOURS, 7 * 24),
    resetTtlMs: hours('RESET_TTL_HOURS', env.RESET_TTL_HOURS, 24),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Athar <athar@localhost>',
    tilePassSecret,
    uploadFreeSpaceMin: megabytes('UPLOAD_FREE_SPACE_MIN_MB', env.UPLOAD_FREE_SPACE_MIN_MB, 2048),
    demo: env.ATHAR_DEMO === '1'
  };
}
