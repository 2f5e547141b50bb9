/**
 * Sending a one-time link by e-mail, when `SMTP_URL` is configured. The link is always shown to the
 * person who made it as well (to copy), so a mail failure is reported, never fatal.
 */
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export type MailOutcome = 'sent' | 'failed' | 'not_configured';

/** A link's end of life as the mails write it: the same in every language, in UTC (the reader's
 * time zone is not known). */
export function linkExpiry(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export async function sendLinkMail(
  config: Pick<Config, 'smtpUrl' | 'mailFrom'>,
  message: { to: string; subject: string; text: string }
): Promise<MailOutcome> {
  if (!config.smtpUrl) return 'not_configured';
  try {
    const transport = nodemailer.createTransport(config.smtpUrl);
    await transport.sendMail({ from: config.mailFrom, ...message });
    transport.close();
    return 'sent';
  } catch (err) {
    console.error(`[mail] sending to ${message.to} failed:`, err instanceof Error ? err.message : err);
    return 'failed';
  }
}
