import { recentAudit, verifyAuditLog } from '$lib/server/audit/log';
import { requireAdmin } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  requireAdmin(locals, url);
  const db = locals.runtime.db;
  const rows = await recentAudit(db, 200);
  return {
    verdict: await verifyAuditLog(db),
    rows: rows.map((r) => ({
      seq: Number(r.seq),
      at: Number(r.at),
      actor: r.actor_id,
      action: r.action,
      target: r.target,
      details: r.details
    }))
  };
};
