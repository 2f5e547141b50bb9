import type { Locale } from '$lib/i18n';
import type { Runtime } from '$lib/server/runtime';
import type { Session } from '$lib/server/auth/session';
import type { UserRow } from '$lib/server/db/schema';

declare global {
  namespace App {
    interface Error {
      message: string;
      code?: string;
    }
    interface Locals {
      runtime: Runtime;
      user: UserRow | null;
      session: Session | null;
      /** How this request authenticated. */
      auth: 'cookie' | 'token' | null;
      /** A session that passed the password but still owes a second factor (verify or enrol). */
      pendingSecondFactor: 'verify' | 'enroll' | null;
      locale: Locale;
    }
  }
}

export {};
