import { recentAudit, verifyAuditLog } from '$lib/server/audit/log';
import { auditNames } from '$lib/server/audit/names';
import { requireAdmin } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  requireAdmin(locals, url);
  const db = locals.runtime.db;
  const rows = await recentAudit(db, 200);
  const names = await auditNames(db, rows);
  const named = (id: string | null) => (id === null ? null : { id, name: names[id] ?? null });
  return {
    verdict: await verifyAuditLog(db),
    rows: rows.map((r) => ({
      seq: Number(r.seq),
      at: Number(r.at),
      actor: named(r.actor_id),
      action: r.action,
      target: named(r.target),
      details: r.details
    }))
  };
};
