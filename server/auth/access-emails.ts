/**
 * The invitation and password-reset emails: admin-editable templates with placeholders,
 * and the company name they mention, kept in the `settings` collection. Templates are
 * validated when saved (known placeholders only; the body must carry {{link}}), so a
 * person never receives a message without its link.
 */
import { z } from 'zod';
import type { StoreDb } from '../store/types.js';

export const PRODUCT_NAME = 'Learning Hub';
export const PLACEHOLDERS = ['name', 'link', 'product', 'company', 'expires'] as const;
export const EMAIL_KINDS = ['invitation', 'reset'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export interface EmailTemplate {
  subject: string;
  body: string;
}

export interface AccessEmailSettings {
  company: string;
  templates: Record<EmailKind, EmailTemplate>;
}

export const DEFAULT_SETTINGS: AccessEmailSettings = {
  company: '',
  templates: {
    invitation: {
      subject: 'You are invited to {{product}}',
      body: [
        'Hello {{name}},',
        '',
        '{{company}} has invited you to {{product}}, where you will find your training and compliance courses.',
        '',
        'Choose your password here to get started:',
        '{{link}}',
        '',
        'The link works once and until {{expires}}. If it has expired, ask HR to send a new invitation.',
      ].join('\n'),
    },
    reset: {
      subject: 'Reset your {{product}} password',
      body: [
        'Hello {{name}},',
        '',
        'Someone (hopefully you) asked to reset your {{product}} password. Choose a new one here:',
        '{{link}}',
        '',
        'The link works once and until {{expires}}. If you did not ask for this, ignore this email: your password stays as it is.',
      ].join('\n'),
    },
  },
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function checkPlaceholders(text: string, ctx: z.RefinementCtx, mustHaveLink: boolean): void {
  const used = [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  const unknown = used.filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown placeholder {{${unknown[0]}}}; use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}` });
  if (mustHaveLink && !used.includes('link')) ctx.addIssue({ code: 'custom', message: 'must contain {{link}}, the person’s set-password link' });
}

const templateSchema = z
  .object({
    subject: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(200)
      .refine((s) => !/[\r\n]/.test(s), 'must be one line')
      .superRefine((s, ctx) => checkPlaceholders(s, ctx, false)),
    body: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(10_000)
      .superRefine((s, ctx) => checkPlaceholders(s, ctx, true)),
  })
  .strict();

export const accessEmailSettingsSchema = z
  .object({
    company: z.string().trim().max(200),
    templates: z.object({ invitation: templateSchema, reset: templateSchema }).strict(),
  })
  .strict();

export interface RenderValues {
  name: string;
  link: string;
  company: string;
  expires: Date;
}

/** Fill in a template. An unset company reads "Your organisation". */
export function renderEmail(template: EmailTemplate, values: RenderValues): EmailTemplate {
  const fill: Record<string, string> = {
    name: values.name,
    link: values.link,
    product: PRODUCT_NAME,
    company: values.company || 'Your organisation',
    expires: values.expires.toUTCString(),
  };
  const apply = (s: string) => s.replace(PLACEHOLDER, (whole, key: string) => fill[key] ?? whole);
  return { subject: apply(template.subject), body: apply(template.body) };
}

interface SettingsDoc {
  _id: string;
  value: AccessEmailSettings;
}

const KEY = 'accessEmails';

export function accessEmailSettings(db: StoreDb) {
  const settings = db.collection<SettingsDoc>('settings');
  return {
    async get(): Promise<AccessEmailSettings> {
      return (await settings.findOne({ _id: KEY }))?.value ?? DEFAULT_SETTINGS;
    },
    async save(value: AccessEmailSettings): Promise<AccessEmailSettings> {
      await settings.replaceOne({ _id: KEY }, { _id: KEY, value }, { upsert: true });
      return value;
    },
  };
}

export type AccessEmailSettingsStore = ReturnType<typeof accessEmailSettings>;
