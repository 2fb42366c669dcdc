/**
 * <lms-todo-list>: everything the signed-in person is asked to do (courses, paths,
 * policies, external activities, renewals), most urgent first, each with its due date,
 * why it is assigned and what to do next. A list, not a table, so it reads the same at
 * 390 px. `limit` shows the first few with a link to the rest (the Home page).
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { viewHref } from '../hash-route.js';
import { formatDate, learningStyles } from '../learning-styles.js';
import { controlStyles } from '../theme.js';
import type { TodoItem, TodoList } from '#contract/todo.js';

export const KIND_LABELS: Record<TodoItem['kind'], string> = { course: 'Course', path: 'Learning path', policy: 'Policy', activity: 'Activity' };

const STATUS_LABELS: Record<TodoItem['status'], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  overdue: 'Overdue',
  expiring: 'Renewal due',
  expired: 'Expired',
};

/** Badge colours: late or lapsed reads as danger, the rest as the learning badges do. */
const BADGE_CLASS: Record<TodoItem['status'], string> = { not_started: 'not_started', in_progress: 'in_progress', overdue: 'overdue', expiring: 'in_progress', expired: 'overdue' };

export class LmsTodoList extends LitElement {
  static override properties = {
    api: { attribute: false },
    limit: { type: Number },
    data: { state: true },
  };

  static override styles = [
    controlStyles,
    learningStyles,
    css`
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        padding: 0.75rem 0;
        border-bottom: 1px solid #e4e7ec;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: space-between;
      }
      li:last-child {
        border-bottom: 0;
      }
      .what {
        flex: 1 1 16rem;
        min-width: 0;
      }
      .title {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .meta {
        margin: 0.125rem 0 0;
      }
      a.action {
        white-space: nowrap;
      }
    `,
  ];

  declare api: Api;
  declare limit: number | undefined;
  /** null while loading; an ApiError when the list could not be read. */
  declare private data: TodoList | ApiError | null;

  constructor() {
    super();
    this.data = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  /** Reads the list again (after the learner signed a policy on the same page, say). */
  async reload(): Promise<void> {
    try {
      this.data = await this.api.request<TodoList>('GET', '/api/me/todo');
      this.dispatchEvent(new CustomEvent('todo-loaded', { detail: this.data }));
    } catch (error) {
      this.data = error instanceof ApiError ? error : new ApiError(0, 'unexpected', 'Could not load your to-do list.');
    }
  }

  override render() {
    const { data } = this;
    if (data === null) return html`<p class="muted" role="status">Loading your to-do list…</p>`;
    if (data instanceof ApiError) return html`<p class="error" role="alert">${data.message}</p>`;
    if (data.items.length === 0) return html`<p class="muted" data-testid="todo-empty">Nothing is waiting for you. <a href=${viewHref('catalogue')}>Browse the catalogue</a> for courses open to you.</p>`;
    const shown = this.limit ? data.items.slice(0, this.limit) : data.items;
    return html`
      <ol data-testid="todo-list" aria-label="To do">
        ${shown.map((item) => this.#renderItem(item))}
      </ol>
      ${shown.length < data.items.length ? html`<p><a href=${viewHref('my-learning')}>See all ${data.items.length} things to do</a></p>` : nothing}
    `;
  }

  #renderItem(item: TodoItem) {
    const dates = [item.dueAt ? `Due ${formatDate(item.dueAt)}` : '', item.expiresAt ? `Expires ${formatDate(item.expiresAt)}` : ''].filter(Boolean).join(' · ');
    return html`<li data-kind=${item.kind} data-id=${item.id}>
      <div class="what">
        <div>
          <span class="title">${item.title}</span>
          <span class="muted">· ${KIND_LABELS[item.kind]}</span>
          <span class="badge ${BADGE_CLASS[item.status]}">${STATUS_LABELS[item.status]}</span>
        </div>
        <p class="meta muted">${dates ? html`${dates}. ` : nothing}${item.why}</p>
      </div>
      ${item.action
        ? html`<a class="action" href=${viewHref(item.action.view, ...item.action.params)}>${item.action.label}<span class="sr-only"> ${item.title}</span></a>`
        : html`<span class="muted">Complete it in the tool your organisation uses</span>`}
    </li>`;
  }
}

customElements.define('lms-todo-list', LmsTodoList);

declare global {
  interface HTMLElementTagNameMap {
    'lms-todo-list': LmsTodoList;
  }
}
