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
  createdAt: Date;
}

export interface Email {
  to: string;
  subject: string;
  text: string;
  reminderKey?: string;
}
