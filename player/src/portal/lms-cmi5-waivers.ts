/**
 * <lms-cmi5-waivers>: HR finds a person, sees their cmi5 courses AU by AU (moveOn and
 * whether it is met), and waives an AU with one of the cmi5 reasons. The LMS then
 * states `waived` and any `satisfied` it brings (cmi5 9.3.7).
 */
import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type Api } from './api.js';
import { color, controlStyles } from './theme.js';

interface Person {
  id: string;
  name: string;
  email: string;
}

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

export class LmsCmi5Waivers extends LitElement {
  static override properties = {
    api: { attribute: false },
    people: { state: true },
    person: { state: true },
    registrations: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  static override styles = [
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
      form.search {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 1rem;
      }
      form.search label {
        display: grid;
        gap: 0.25rem;
        font-weight: 600;
        flex: 1 1 16rem;
      }
      ul.people {
        list-style: none;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
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
  declare private people: Person[];
  declare private person: Person | null;
  declare private registrations: RegistrationView[] | null;
  declare private error: string | null;
  declare private notice: string | null;
  declare private busy: boolean;

  constructor() {
    super();
    this.people = [];
    this.person = null;
    this.registrations = null;
    this.error = null;
    this.notice = null;
    this.busy = false;
  }

  override render() {
    return html`
      <h2>Waive cmi5 course units</h2>
      <p class="muted">When someone has shown the skill another way, waive the unit: it then counts as met for the course.</p>
      <form class="search" role="search" @submit=${this.#search}>
        <label>Person (name or email) <input name="q" type="search" required maxlength="100" autocomplete="off" /></label>
        <button class="primary" type="submit" ?disabled=${this.busy}>Find</button>
      </form>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${this.people.length
        ? html`<ul class="people" aria-label="People found">
            ${this.people.map((p) => html`<li><button type="button" class="secondary" aria-pressed=${String(this.person?.id === p.id)} @click=${() => this.#choose(p)}>${p.name} · ${p.email}</button></li>`)}
          </ul>`
        : nothing}
      ${this.person && this.registrations ? this.#renderRegistrations(this.person, this.registrations) : nothing}
    `;
  }

  #renderRegistrations(person: Person, regs: RegistrationView[]) {
    if (!regs.length) return html`<p class="muted">${person.name} has not started a cmi5 course.</p>`;
    return regs.map(
      (r) => html`
        <h3 id=${`reg-${r.registration}`}>${r.title} <span class="muted">· ${r.courseSatisfiedAt ? `course met ${new Date(r.courseSatisfiedAt).toLocaleDateString()}` : 'course not met yet'}</span></h3>
        <table aria-labelledby=${`reg-${r.registration}`}>
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
        </table>
      `,
    );
  }

  async #search(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const q = new FormData(event.target as HTMLFormElement).get('q')?.toString().trim() ?? '';
    await this.#run(async () => {
      this.people = (await this.api.request<{ items: Person[] }>('GET', `/api/users?q=${encodeURIComponent(q)}&limit=20`)).items;
      this.person = null;
      this.registrations = null;
      if (!this.people.length) this.notice = `No one matches “${q}”.`;
    });
  }

  async #choose(p: Person): Promise<void> {
    await this.#run(async () => {
      this.person = p;
      this.registrations = (await this.api.request<{ items: RegistrationView[] }>('GET', `/api/cmi5/registrations?userId=${encodeURIComponent(p.id)}`)).items;
    });
  }

  async #waive(event: SubmitEvent, r: RegistrationView, a: AuView): Promise<void> {
    event.preventDefault();
    const reason = new FormData(event.target as HTMLFormElement).get('reason')?.toString() ?? 'Administrative';
    await this.#run(async () => {
      await this.api.request('POST', `/api/cmi5/registrations/${encodeURIComponent(r.registration)}/waive`, { auId: a.auId, reason });
      this.notice = `Waived “${a.title}” for ${this.person!.name} (${reason}).`;
      this.registrations = (await this.api.request<{ items: RegistrationView[] }>('GET', `/api/cmi5/registrations?userId=${encodeURIComponent(this.person!.id)}`)).items;
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

customElements.define('lms-cmi5-waivers', LmsCmi5Waivers);

declare global {
  interface HTMLElementTagNameMap {
    'lms-cmi5-waivers': LmsCmi5Waivers;
  }
}
