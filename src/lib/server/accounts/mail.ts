/**
 * Sending a one-time link by e-mail, when `SMTP_URL` is configured. The link is always shown to the
 * person who made it as well (to copy), so a mail failure is reported, never fatal.
 */
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export type MailOutcome = 'sent' | 'failed' | 'not_configured';

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
