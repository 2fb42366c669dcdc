/**
 * <lms-unit-waivers>: one person's cmi5 courses (or, with \`packageId\`, that course only)
 * unit by unit (moveOn and whether it is met), with a waive action per unmet unit using
 * one of the cmi5 reasons. The LMS then states \`waived\` and any \`satisfied\` it brings
 * (cmi5 9.3.7). Shown on the person page and on a cmi5 package's page.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from '../api.js';
import { color, controlStyles } from '../theme.js';
import { StackedTableLabels, stackedTableStyles } from '../stacked-table.js';

interface AuView {
  auId: string;
  title: string;
  moveOn: string;
  satisfied: boolean;
  completed: boolean;
  passed: boolean;
  waived: string | null;
}

interface RegistrationView {
  registration: string;
  title: string;
  aus: AuView[];
  courseSatisfiedAt: string | null;
  createdAt: string;
}

const REASONS = ['Tested Out', 'Equivalent AU', 'Equivalent Outside Activity', 'Administrative'] as const;

function auStatus(a: AuView): string {
  if (a.waived) return `Waived (${a.waived})`;
  if (a.satisfied) return 'Met';
  const done = [a.completed ? 'completed' : '', a.passed ? 'passed' : ''].filter(Boolean).join(' and ');
  return done ? `Not met yet (${done})` : 'Not met yet';
}

export class LmsUnitWaivers extends LitElement {
  static override properties = {
    api: { attribute: false },
    person: { attribute: false },
    packageId: {},
    registrations: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  static override styles = [
    stackedTableStyles,
    controlStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 1.125rem;
      }
      h3 {
        font-size: 1rem;
        margin: 1.5rem 0 0.5rem;
      }
      .table-wrap {
        overflow-x: auto;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 0.5rem;
        border-bottom: 1px solid ${color.border};
        vertical-align: middle;
      }
      td form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      select {
        font: inherit;
        min-height: 2.75rem;
        padding: 0.25rem 0.5rem;
        border: 1px solid ${color.controlBorder};
        border-radius: 0.375rem;
        background: ${color.surface};
        color: ${color.text};
      }
      select:focus-visible {
        outline: 3px solid ${color.accent};
        outline-offset: 2px;
      }
      .muted {
        color: ${color.muted};
      }
    `,
  ];

  declare api: Api;
  declare person: { id: string; name: string };
  /** Only this package's registrations (the package page). */
  declare packageId: string;
  declare private registrations: RegistrationView[] | null;
  declare private error: string | null;
  declare private notice: string | null;
  declare private busy: boolean;

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.packageId = '';
    this.registrations = null;
    this.error = null;
    this.notice = null;
    this.busy = false;
  }

  #loadedFor = '';

  override willUpdate(changed: Map<string, unknown>): void {
    // The page re-renders with a new object for the same person: load once per person.
    if (changed.has('person') && this.person && this.person.id !== this.#loadedFor) {
      this.#loadedFor = this.person.id;
      void this.#run(() => this.#load());
    }
  }

  async #load(): Promise<void> {
    const q = new URLSearchParams({ userId: this.person.id, ...(this.packageId ? { packageId: this.packageId } : {}) });
    this.registrations = (await this.api.request<{ items: RegistrationView[] }>('GET', `/api/cmi5/registrations?${q}`)).items;
  }

  override render() {
    const regs = this.registrations;
    return html`
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${regs === null
        ? nothing
        : regs.length
          ? regs.map((r) => this.#registration(r))
          : html`<p class="muted">${this.person.name} has not started ${this.packageId ? 'this course' : 'a cmi5 course'}.</p>`}
    `;
  }

  #registration(r: RegistrationView) {
    return html`
      <h3 id=${`reg-${r.registration}`}>${r.title} <span class="muted">· ${r.courseSatisfiedAt ? `course met ${new Date(r.courseSatisfiedAt).toLocaleDateString()}` : 'course not met yet'}</span></h3>
      <div class="table-wrap"><table class="stack" aria-labelledby=${`reg-${r.registration}`}>
        <thead><tr><th scope="col">Unit</th><th scope="col">Moves on when</th><th scope="col">Status</th><th scope="col">Waive</th></tr></thead>
        <tbody>
          ${r.aus.map(
            (a, i) => html`<tr>
              <td>${a.title}</td>
              <td>${a.moveOn}</td>
              <td>${auStatus(a)}</td>
              <td>
                ${a.satisfied || a.waived
                  ? html`<span class="muted">—</span>`
                  : html`<form @submit=${(e: SubmitEvent) => this.#waive(e, r, a)}>
                      <label class="muted" for=${`reason-${r.registration}-${i}`}>Reason</label>
                      <select id=${`reason-${r.registration}-${i}`} name="reason">
                        ${REASONS.map((x) => html`<option value=${x} ?selected=${x === 'Administrative'}>${x}</option>`)}
                      </select>
                      <button class="secondary" type="submit" ?disabled=${this.busy} aria-label=${`Waive ${a.title}`}>Waive</button>
                    </form>`}
              </td>
            </tr>`,
          )}
        </tbody>
      </table></div>
    `;
  }

  async #waive(event: SubmitEvent, r: RegistrationView, a: AuView): Promise<void> {
    event.preventDefault();
    const reason = new FormData(event.target as HTMLFormElement).get('reason')?.toString() ?? 'Administrative';
    await this.#run(async () => {
      await this.api.request('POST', `/api/cmi5/registrations/${encodeURIComponent(r.registration)}/waive`, { auId: a.auId, reason });
      await this.#load();
      this.notice = `Waived “${a.title}” for ${this.person.name} (${reason}).`;
    });
  }

  async #run(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      await fn();
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('lms-unit-waivers', LmsUnitWaivers);

declare global {
  interface HTMLElementTagNameMap {
    'lms-unit-waivers': LmsUnitWaivers;
  }
}
