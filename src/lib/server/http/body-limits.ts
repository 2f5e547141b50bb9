/**
 * The one table of request-body limits, each enforced where it is stated: the route reads its body
 * with its own limit (api.ts `jsonBody`, 413 `too_large` naming the number), and the server's
 * outer limit (adapter-node's BODY_SIZE_LIMIT, set by server/index.ts) is the largest of them, so
 * that no documented limit is undercut by the adapter's default (512 KiB). Uploads stream outside
 * SvelteKit and have their own limit (evidence/upload-http.ts).
 */
export const BODY_LIMITS = {
  /** Small JSON requests: sign-in, statuses, reasons, preferences, tokens. */
  json: 64 * 1024,
  /** `POST /api/items/:id/annotations`: a W3C import of up to 1,000 annotations. */
  annotationImport: 2 * 1024 * 1024,
  /** `POST /api/queues`: a queue with up to 200,000 item ids. */
  queue: 8 * 1024 * 1024
} as const;

/** The adapter's limit for every SvelteKit request: the largest per-route limit. */
export const BODY_SIZE_LIMIT = Math.max(...Object.values(BODY_LIMITS));
