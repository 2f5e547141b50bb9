import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { checkInvitation, invite } from '../../src/lib/server/accounts/invitations.ts';
import { issueResetLink } from '../../src/lib/server/accounts/passwords.ts';
import { issueApiToken } from '../../src/lib/server/auth/api-tokens.ts';
import type { Config } from '../../src/lib/server/config.ts';
import { findCollectionByName } from '../../src/lib/server/collections/collections.ts';
import { addMemberAudited, createCollectionAudited } from '../../src/lib/server/collections/manage.ts';
import { createUserAudited, type Actor } from '../../src/lib/server/users/manage.ts';
import { findUserByEmail } from '../../src/lib/server/users/users.ts';
import {
  checkEmail,
  checkLabel,
  checkName,
  checkNewPassword,
  checkRole,
  type KeyCheck
} from '../../src/lib/server/validate.ts';
import { translate } from '../../src/lib/i18n/index.ts';

/** The CLI acts as the operator at the shell: no user id, address "cli". */
const CLI: Actor = { id: null, ip: 'cli' };

function valid<T>(check: KeyCheck<T>, what: string): T {
  if (!check.ok) throw new UsageError(`${what}: ${translate('en', check.error)}`);
  return check.value;
}

/** The origin links point at: ORIGIN when set (as it should be in production), else this machine. */
function linkOrigin(config: Config): string {
  return config.origin ?? `http://localhost:${config.port || 3000}`;
}

function oneArgument(positionals: string[], name: string): string {
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError(`expected exactly one ${name}`);
  return positionals[0];
}

export function commands(readPassword: (prompt: string) => Promise<string>): Record<string, Command> {
  return {
    'user add': {
      usage: 'user add <email> --name <name> --role <admin|coordinator|reviewer|observer> [--expert]',
      async run({ db }, args) {
        const { values, positionals } = parseArgs({
          args,
          allowPositionals: true,
          options: {
            name: { type: 'string' },
            role: { type: 'string' },
            expert: { type: 'boolean', default: false }
          }
        });
        const email = valid(checkEmail(oneArgument(positionals, 'e-mail')), 'e-mail');
        const name = valid(checkName(values.name), '--name');
        const role = valid(checkRole(values.role), '--role');
        const password = valid(checkNewPassword(await readPassword('Password: ')), 'password');
        const user = await createUserAudited(db, CLI, { email, name, role, expert: values.expert, password });
        if (!user) throw new UsageError(`a user with e-mail ${email} already exists`);
        console.log(`created ${role} ${email} (${user.id})`);
        return 0;
      }
    },
    'user invite': {
      usage: 'user invite <email> --role <admin|coordinator|reviewer|observer> [--expert]',
      async run({ db, config }, args) {
        const { values, positionals } = parseArgs({
          args,
          allowPositionals: true,
          options: { role: { type: 'string' }, expert: { type: 'boolean', default: false } }
        });
        const checked = checkInvitation({
          email: oneArgument(positionals, 'e-mail'),
          role: values.role,
          expert: values.expert
        });
        if (!checked.ok) {
          const [field, key] =
            Object.entries(checked.errors).find(([, e]) => e) ?? (['input', 'error.text_invalid'] as const);
          throw new UsageError(`${field}: ${translate('en', key ?? 'error.text_invalid')}`);
        }
        // The shell's operator acts with the administrator's reach.
        const result = await invite(db, config, { ...CLI, role: 'admin' }, linkOrigin(config), checked.value);
        if (!result.ok) throw new UsageError(`a user with e-mail ${checked.value.email} already exists`);
        console.log(
          `invitation for ${result.link.email} as ${result.link.role}, until ${new Date(result.link.expiresAt).toISOString()} (mail: ${result.mail}):`
        );
        console.log(result.url);
        return 0;
      }
    },
    'user reset': {
      usage: 'user reset <email>',
      async run({ db, config }, args) {
        const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
        const email = oneArgument(positionals, 'e-mail');
        const user = await findUserByEmail(db, email);
        if (!user) throw new UsageError(`no user with e-mail ${email}`);
        const issued = await issueResetLink(db, config, CLI, linkOrigin(config), user.id);
        if (!issued) throw new UsageError(`no user with e-mail ${email}`);
        console.log(
          `password reset link for ${user.email}, until ${new Date(issued.link.expiresAt).toISOString()} (mail: ${issued.mail}):`
        );
        console.log(issued.url);
        return 0;
      }
    },
    'token create': {
      usage: 'token create <email> [--label <text>]',
      async run({ db }, args) {
        const { values, positionals } = parseArgs({
          args,
          allowPositionals: true,
          options: { label: { type: 'string' } }
        });
        const email = oneArgument(positionals, 'e-mail');
        // The same label rule as the account page and the API.
        const label = valid(checkLabel(values.label ?? 'cli'), '--label');
        const user = await findUserByEmail(db, email);
        if (!user || user.disabled_at !== null) throw new UsageError(`no active user with e-mail ${email}`);
        const { token } = await issueApiToken(db, CLI, user.id, label);
        console.log(`token "${label}" for ${user.email}:`);
        console.log(token);
        return 0;
      }
    },
    'collection create': {
      usage: 'collection create <name>',
      async run({ db }, args) {
        const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
        const name = valid(checkName(oneArgument(positionals, 'collection name')), 'name');
        const created = await createCollectionAudited(db, CLI, name);
        if (!created) throw new UsageError(`a collection named "${name}" already exists`);
        console.log(`created collection "${name}" (${created.id})`);
        return 0;
      }
    },
    'member add': {
      usage: 'member add <collection-name> <email>',
      async run({ db }, args) {
        const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
        const [collectionName, email] = positionals;
        if (positionals.length !== 2 || !collectionName || !email)
          throw new UsageError('expected a collection name and an e-mail');
        const collection = await findCollectionByName(db, collectionName);
        if (!collection) throw new UsageError(`no collection named "${collectionName}"`);
        const user = await findUserByEmail(db, email);
        if (!user) throw new UsageError(`no user with e-mail ${email}`);
        const added = await addMemberAudited(db, CLI, collection.id, user.id);
        console.log(
          added
            ? `added ${user.email} to "${collection.name}"`
            : `${user.email} is already in "${collection.name}"`
        );
        return 0;
      }
    }
  };
}
