/**
 * <lms-courses>: the courses a signed-in person can take, with their own status on each
 * and a button to start or resume it in the player (`#/player/<packageId>`).
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from './api.js';
import { kindLabel } from './kind-labels.js';
import { color, controlStyles } from './theme.js';
import { viewHref } from './hash-route.js';

export interface CourseView {
  packageId: string;
  title: string;
  kind: string;
  status: 'not_started' | 'in_progress' | 'completed' | 'passed' | 'failed';
  scoreScaled?: number;
  attemptNumber?: number;
}

const STATUS_LABELS: Record<CourseView['status'], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  passed: 'Passed',
  failed: 'Not passed yet',
};

function actionLabel(c: CourseView): string {
  if (c.status === 'in_progress') return 'Resume';
  if (c.status === 'not_started') return 'Start';
  return 'Take again';
}

export class LmsCourses extends LitElement {
  static override properties = {
    api: { attribute: false },
    courses: { state: true },
    error: { state: true },
    loading: { state: true },
  };

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 1.125rem;
        margin-bottom: 1rem;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.75rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.75rem;
        padding: 1rem;
        background: ${color.surface};
        border: 1px solid ${color.border};
        border-radius: 0.5rem;
      }
      h3 {
        margin: 0 0 0.25rem;
        font-size: 1rem;
      }
      .meta {
        color: ${color.muted};
        margin: 0;
      }
      .status {
        font-weight: 600;
        color: ${color.text};
      }
      a.launch {
        display: inline-block;
        font-weight: 600;
        min-height: 2.75rem;
        padding: 0.6rem 1.25rem;
        border-radius: 0.375rem;
        background: ${color.accent};
        color: #fff;
        text-decoration: none;
      }
      a.launch:hover {
        background: ${color.accentHover};
      }
      a.launch:focus-visible {
        outline: 3px solid ${color.accent};
        outline-offset: 2px;
      }
      .empty {
        color: ${color.muted};
      }
    `,
  ];

  declare api: Api;
  declare private courses: CourseView[];
  declare private error: string | null;
  declare private loading: boolean;

  constructor() {
    super();
    this.courses = [];
    this.error = null;
    this.loading = true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this.courses = (await this.api.request<{ items: CourseView[] }>('GET', '/api/courses')).items;
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'Could not load the courses.';
    } finally {
      this.loading = false;
    }
  }

  override render() {
    return html`
      <h2 id="courses-title">Courses</h2>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      ${this.loading
        ? html`<p role="status">Loading courses…</p>`
        : this.courses.length
          ? html`<ul aria-labelledby="courses-title">
              ${this.courses.map(
                (c) => html`<li data-package-id=${c.packageId}>
                  <div>
                    <h3 id=${`course-${c.packageId}`}>${c.title}</h3>
                    <p class="meta">
                      ${kindLabel(c.kind)} ·
                      <span class="status">${STATUS_LABELS[c.status]}</span>${c.scoreScaled !== undefined ? html` · score ${Math.round(c.scoreScaled * 100)}%` : nothing}
                    </p>
                  </div>
                  <a class="launch" href=${viewHref('player', c.packageId)} aria-describedby=${`course-${c.packageId}`}>${actionLabel(c)}</a>
                </li>`,
              )}
            </ul>`
          : html`<p class="empty">No courses for you yet: courses appear here once they are assigned to you or you enrol in one. <a href=${viewHref('catalogue')}>Browse the catalogue</a>.</p>`}
    `;
  }
}

customElements.define('lms-courses', LmsCourses);

declare global {
  interface HTMLElementTagNameMap {
    'lms-courses': LmsCourses;
  }
}
