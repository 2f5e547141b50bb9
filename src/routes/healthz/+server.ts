import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  try {
    await sql`select 1`.execute(locals.runtime.db);
    return json({ status: 'ok' });
  } catch (err) {
    console.error('[healthz] database unreachable:', (err as Error).message);
    return json(
      { status: 'unavailable', error: { code: 'unavailable', message: 'Database unreachable' } },
      { status: 503 }
    );
  }
};
