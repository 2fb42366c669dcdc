/**
 * <lms-notifications>: everyone's in-app notifications (reminders, escalations), with
 * "mark all read"; HR and admins also see the email outbox (what was, or would be, mailed).
 */
import { LitElement, html, nothing } from 'lit';
import { ApiError, type Api, type SessionUser } from '../api.js';
import { controlStyles } from '../theme.js';
import { formatDate, hrStyles } from './hr-styles.js';
import { StackedTableLabels, stackedTableStyles } from '../stacked-table.js';

interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link?: string;
  createdAt: string;
  read: boolean;
}

interface OutboxItem {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

export class LmsNotifications extends LitElement {
  static override properties = { api: { attribute: false }, user: { attribute: false }, items: { state: true }, unread: { state: true }, outbox: { state: true }, error: { state: true } };
  static override styles = [stackedTableStyles, controlStyles, hrStyles];

  declare api: Api;
  declare user: SessionUser;
  declare private items: Notification[];
  declare private unread: number;
  declare private outbox: { items: OutboxItem[]; total: number; delivery: string } | null;
  declare private error: string | null;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.items = [];
    this.unread = 0;
    this.outbox = null;
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      const mine = await this.api.request<{ items: Notification[]; unread: number }>('GET', '/api/notifications?limit=100');
      this.items = mine.items;
      this.unread = mine.unread;
      if (this.user?.roles.some((r) => r === 'hr' || r === 'admin')) this.outbox = await this.api.request('GET', '/api/outbox?limit=100');
      this.error = null;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    }
  }

  async #markAll() {
    await this.api.request('POST', '/api/notifications/read', {});
    await this.#load();
  }

  override render() {
    return html`
      <h2 id="notifications-title">Notifications</h2>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div class="row">
        <p role="status">${this.unread} unread.</p>
        ${this.unread ? html`<button class="secondary" type="button" @click=${this.#markAll}>Mark all as read</button>` : nothing}
      </div>
      ${this.items.length
        ? html`<div class="table-wrap"><table class="stack" aria-labelledby="notifications-title">
            <thead><tr><th scope="col">When</th><th scope="col">Notification</th><th scope="col"><span class="muted">Read</span></th></tr></thead>
            <tbody>
              ${this.items.map(
                (n) => html`<tr class=${n.kind.startsWith('escalation') || n.kind === 'overdue' ? 'urgent' : ''}>
                  <td>${formatDate(n.createdAt)}</td>
                  <td><strong>${n.link ? html`<a href=${n.link}>${n.title}</a>` : n.title}</strong><div class="muted">${n.body.split('\n')[0]}</div></td>
                  <td>${n.read ? 'Read' : html`<span class="badge in_progress">New</span>`}</td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
        : html`<p class="muted">No notifications.</p>`}
      ${this.outbox
        ? html`
            <h2 id="outbox-title">Email outbox</h2>
            <p class="muted">${this.outbox.delivery === 'outbox' ? 'No SMTP server is configured (SMTP_URL): emails are kept here instead of being sent.' : 'Emails are sent through the SMTP server.'} ${this.outbox.total} emails.</p>
            ${this.outbox.items.length
              ? html`<div class="table-wrap"><table class="stack" aria-labelledby="outbox-title">
                  <thead><tr><th scope="col">When</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
                  <tbody>${this.outbox.items.map((m) => html`<tr><td>${formatDate(m.createdAt)}</td><td>${m.to}</td><td>${m.subject}</td></tr>`)}</tbody>
                </table></div>`
              : nothing}
          `
        : nothing}
    `;
  }
}

customElements.define('lms-notifications', LmsNotifications);
