/** In-app notifications and the email outbox, as plain documents. */
export interface NotificationDoc {
  _id: string;
  personId: string;
  kind: string;
  title: string;
  body: string;
  /** A portal hash route, e.g. `#/my-team`. */
  link?: string;
  /** The reminder that caused it, when it came from one. */
  reminderKey?: string;
  createdAt: Date;
  readAt?: Date;
}

export interface OutboxDoc {
  _id: string;
  to: string;
  subject: string;
  text: string;
  reminderKey?: string;
  attachments?: EmailAttachment[];
  createdAt: Date;
}

/** A file sent with an email (e.g. a calendar invitation, `text/calendar; method=REQUEST`). */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface Email {
  to: string;
  subject: string;
  text: string;
  reminderKey?: string;
  attachments?: EmailAttachment[];
}
