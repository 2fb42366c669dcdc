/**
 * The words of the emails the LMS sends (reminders, escalations, new assignments), editable by HR: a default per kind, an HR
 * version stored in `email_templates` when there is one. Placeholders in braces
 * (`{title}`) are filled in as plain text (the emails are text/plain, so nothing in a
 * course title can turn into markup); a template naming a placeholder its kind does not
 * have is refused when saved, not discovered when a reminder goes out.
 */
import type { StoreDb } from '../store/types.js';
import { ValidationError } from '../http/errors.js';

export const TEMPLATE_KINDS = ['assignment', 'due', 'overdue', 'expiry', 'expired', 'escalation'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export interface EmailTemplate {
  subject: string;
  text: string;
}

interface TemplateInfo extends EmailTemplate {
  /** What it is for, in words for HR. */
  purpose: string;
  placeholders: readonly string[];
}

const COMMON = ['title', 'date', 'link', 'name'] as const;

export const DEFAULT_TEMPLATES: Readonly<Record<TemplateKind, TemplateInfo>> = {
  assignment: {
    purpose: 'When a rule, an HR enrolment or a catalogue self-enrolment assigns something to a person (once per assignment, renewals included)',
    placeholders: [...COMMON, 'reason'],
    subject: 'Assigned to you: "{title}"',
    text: 'Hello {name},\n\n"{title}" has been assigned to you ({reason}). Due: {date}.\n\nOpen it here: {link}',
  },
  due: {
    purpose: 'Reminder before a due date (90, 60 and 30 days by default)',
    placeholders: [...COMMON, 'days'],
    subject: '"{title}" is due in {days} days or less',
    text: '"{title}" is due on {date}.\n\n{link}',
  },
  overdue: {
    purpose: 'When something is past its due date',
    placeholders: COMMON,
    subject: 'Overdue: "{title}"',
    text: '"{title}" was due on {date}. Please complete it as soon as you can.\n\n{link}',
  },
  expiry: {
    purpose: 'Reminder before a certification expires',
    placeholders: [...COMMON, 'days'],
    subject: '"{title}" expires in {days} days or less',
    text: 'Your certification for "{title}" expires on {date}. Recertify before then.\n\n{link}',
  },
  expired: {
    purpose: 'When a certification has expired',
    placeholders: COMMON,
    subject: 'Expired: "{title}"',
    text: 'Your certification for "{title}" expired on {date}. Please recertify.\n\n{link}',
  },
  escalation: {
    purpose: 'To the manager, once something has stayed overdue or expired',
    placeholders: [...COMMON, 'person', 'what', 'state'],
    subject: 'Escalation: {person} — "{title}" {state}',
    text: '"{title}" for {person} {what} on {date} and is still not complete.\n\nSee your team: {link}',
  },
};

interface TemplateDoc extends EmailTemplate {
  _id: TemplateKind;
  updatedAt: Date;
  updatedBy: string;
}

const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;

export function renderTemplate(t: EmailTemplate, values: Readonly<Record<string, string>>): EmailTemplate {
  const fill = (s: string) => s.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
  // A subject is one line, whatever a title holds.
  return { subject: fill(t.subject).replace(/[\r\n]+/g, ' '), text: fill(t.text) };
}

export interface TemplateView extends EmailTemplate {
  kind: TemplateKind;
  purpose: string;
  placeholders: readonly string[];
  customised: boolean;
  updatedAt?: string;
}

export function openEmailTemplates(db: StoreDb) {
  const col = db.collection<TemplateDoc>('email_templates');
  return {
    /** Every kind's template in force (HR's or the default): read once per reminder run. */
    async current(): Promise<Record<TemplateKind, EmailTemplate>> {
      const saved = new Map((await col.find({}).toArray()).map((d) => [d._id, d]));
      const pick = (k: TemplateKind): EmailTemplate => {
        const t = saved.get(k) ?? DEFAULT_TEMPLATES[k];
        return { subject: t.subject, text: t.text };
      };
      return Object.fromEntries(TEMPLATE_KINDS.map((k) => [k, pick(k)])) as Record<TemplateKind, EmailTemplate>;
    },
    async list(): Promise<TemplateView[]> {
      const saved = new Map((await col.find({}).toArray()).map((d) => [d._id, d]));
      return TEMPLATE_KINDS.map((kind) => {
        const d = DEFAULT_TEMPLATES[kind];
        const s = saved.get(kind);
        return { kind, purpose: d.purpose, placeholders: d.placeholders, subject: s?.subject ?? d.subject, text: s?.text ?? d.text, customised: !!s, ...(s ? { updatedAt: s.updatedAt.toISOString() } : {}) };
      });
    },
    async save(kind: TemplateKind, t: EmailTemplate, by: string, now: Date): Promise<void> {
      const allowed = DEFAULT_TEMPLATES[kind].placeholders;
      for (const field of ['subject', 'text'] as const) {
        for (const [, name] of t[field].matchAll(PLACEHOLDER)) {
          if (!allowed.includes(name!)) throw new ValidationError(`${field}: {${name}} is not filled in for this email (it knows ${allowed.map((p) => `{${p}}`).join(', ')})`, field);
        }
      }
      if (!t.text.includes('{link}')) throw new ValidationError('text: keep {link}, so people can open the page the email is about', 'text');
      await col.replaceOne({ _id: kind }, { _id: kind, subject: t.subject, text: t.text, updatedAt: now, updatedBy: by }, { upsert: true });
    },
    async reset(kind: TemplateKind): Promise<void> {
      await col.deleteOne({ _id: kind });
    },
  };
}

export type EmailTemplates = ReturnType<typeof openEmailTemplates>;
