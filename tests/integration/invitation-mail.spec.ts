/**
 * With `SMTP_URL` set, invitation and reset links are also sent by e-mail (to a test SMTP server
 * here); the link in the mail is the one shown to the inviter, and it works. SQLite only: sending
 * mail does not touch the database engine (invitations.spec.ts covers both dialects).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { query } from '../helpers/db.ts';
import { api, createClient } from '../helpers/http.ts';
import { startSmtp, type SmtpServer } from '../helpers/smtp.ts';
import { addPerson, type Person } from '../helpers/world.ts';

describe('invitation and reset links by e-mail', () => {
  let athar: Instance;
  let smtp: SmtpServer;
  let admin: Person;

  beforeAll(async () => {
    smtp = await startSmtp();
    athar = await startInstance('sqlite', { SMTP_URL: smtp.url, MAIL_FROM: 'Athar <athar@test.invalid>' });
    admin = await addPerson(athar, 'alice@example.org', 'admin');
  });
  afterAll(async () => {
    await athar?.destroy();
    await smtp?.close();
  });

  /** Quoted-printable soft line breaks and `=3D` undone, so the link reads as it was written. */
  const plain = (data: string) => data.replace(/=\r\n/g, '').replace(/=3D/g, '=');

  it('mails the invitation link it shows, and the link works', async () => {
    const created = await api<{ link: string; mail: string }>(
      athar,
      admin.token,
      'POST',
      '/api/invitations',
      {
        email: 'mailed@example.org',
        role: 'observer'
      }
    );
    expect(created.status).toBe(201);
    expect(created.body.mail).toBe('sent');
    const mail = smtp.mails.find((m) => m.to.some((to) => to.includes('mailed@example.org')));
    expect(mail?.from).toContain('athar@test.invalid');
    expect(plain(mail!.data)).toContain(created.body.link);
    expect(plain(mail!.data)).toContain('You have been invited to Athar as Observer.');
    const token = created.body.link.split('/').at(-1)!;
    const res = await createClient(athar.url).request(`/invite/${token}`, {
      form: { name: 'Mailed Observer', password: 'a long enough password' }
    });
    expect(res.status).toBe(303);
  });

  it('mails a reset link to the user', async () => {
    const issued = await api<{ link: string; mail: string }>(
      athar,
      admin.token,
      'POST',
      `/api/users/${admin.id}/reset-link`
    );
    expect(issued.body.mail).toBe('sent');
    const mail = smtp.mails.find((m) => m.to.some((to) => to.includes('alice@example.org')));
    expect(plain(mail!.data)).toContain(issued.body.link);
    expect(plain(mail!.data)).toContain('It works once, until');
  });

  it("mails an invitation in the inviter's language, a reset link in the recipient's", async () => {
    const german = await addPerson(athar, 'german@example.org', 'admin');
    const reader = await addPerson(athar, 'reader@example.org', 'reviewer');
    await query(athar, "update users set locale = 'de' where id in (?, ?)", [german.id, reader.id]);
    const invited = await api<{ link: string }>(athar, german.token, 'POST', '/api/invitations', {
      email: 'eingeladen@example.org',
      role: 'reviewer'
    });
    expect(invited.status).toBe(201);
    const invitation = smtp.mails.find((m) => m.to.some((to) => to.includes('eingeladen@example.org')));
    expect(plain(invitation!.data)).toContain('Ihr Athar-Konto');
    expect(plain(invitation!.data)).toContain('zu Athar eingeladen');
    expect(plain(invitation!.data)).toContain(invited.body.link);

    // An English-speaking administrator resets the German reader's password: the mail is German.
    const issued = await api<{ link: string }>(
      athar,
      admin.token,
      'POST',
      `/api/users/${reader.id}/reset-link`
    );
    expect(issued.status).toBe(201);
    const reset = smtp.mails.find((m) => m.to.some((to) => to.includes('reader@example.org')));
    expect(plain(reset!.data)).toContain('Er funktioniert einmal');
    expect(plain(reset!.data)).toContain(issued.body.link);
  });
});
