/**
 * <lms-data-table>: a table whose columns sort by keyboard or pointer (aria-sort tells
 * screen readers the order) and that exports what it shows as CSV.
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { color, controlStyles } from '../theme.js';
import { saveCsv, toCsv } from './csv.js';
import { StackedTableLabels, stackedTableStyles } from '../stacked-table.js';

export interface Column {
  key: string;
  label: string;
  numeric?: boolean;
  /** Display text; the CSV export keeps the raw value. */
  format?: (value: unknown, row: Record<string, unknown>) => string | TemplateResult;
}

export class LmsDataTable extends LitElement {
  static override properties = {
    columns: { attribute: false },
    rows: { attribute: false },
    caption: {},
    filename: {},
    empty: {},
    sortKey: { state: true },
    sortDir: { state: true },
  };

  static override styles = [
    stackedTableStyles,
    controlStyles,
    css`
      /* Positioned, so visually hidden text (absolute) stays inside and scrolls with the table. */
      :host { display: block; position: relative; }
      .wrap { overflow-x: auto; position: relative; }
      table { border-collapse: collapse; width: 100%; font-size: 0.9375rem; }
      caption { text-align: left; font-weight: 600; padding: 0.25rem 0 0.5rem; }
      th, td { text-align: left; padding: 0.375rem 0.5rem; border-bottom: 1px solid ${color.border}; vertical-align: top; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      th button {
        all: unset; cursor: pointer; font-weight: 700; display: inline-flex; gap: 0.25rem; align-items: center;
      }
      th button:focus-visible { outline: 3px solid ${color.accent}; outline-offset: 2px; }
      .tools { display: flex; justify-content: flex-end; margin-top: 0.5rem; }
      button.secondary { min-height: 2.25rem; padding: 0.25rem 0.75rem; font-size: 0.875rem; }
      .empty { color: ${color.muted}; }
      .caption { font-weight: 600; margin: 0.25rem 0 0.5rem; }
      .linklike { all: unset; color: ${color.accent}; text-decoration: underline; cursor: pointer; }
      .linklike:focus-visible { outline: 3px solid ${color.accent}; outline-offset: 2px; }
      a { color: ${color.accent}; }
      .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    `,
  ];

  declare columns: Column[];
  declare rows: Array<Record<string, unknown>>;
  declare caption: string;
  declare filename: string;
  declare empty: string;
  declare private sortKey: string | null;
  declare private sortDir: 'ascending' | 'descending';

  constructor() {
    super();
    // At phone width the tables are lists: each cell named after its column.
    this.addController(new StackedTableLabels(this));
    this.columns = [];
    this.rows = [];
    this.caption = '';
    this.filename = 'table.csv';
    this.empty = 'Nothing to show.';
    this.sortKey = null;
    this.sortDir = 'ascending';
  }

  get sortedRows(): Array<Record<string, unknown>> {
    if (!this.sortKey) return this.rows;
    const k = this.sortKey;
    const dir = this.sortDir === 'ascending' ? 1 : -1;
    return [...this.rows].sort((a, b) => {
      const x = a[k];
      const y = b[k];
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir;
    });
  }

  #sort(key: string): void {
    if (this.sortKey === key) this.sortDir = this.sortDir === 'ascending' ? 'descending' : 'ascending';
    else [this.sortKey, this.sortDir] = [key, 'ascending'];
  }

  #export(): void {
    saveCsv(this.filename, toCsv(this.columns.map((c) => c.label), this.sortedRows.map((r) => this.columns.map((c) => r[c.key]))));
  }

  override render() {
    if (!this.rows.length) return html`${this.caption ? html`<p class="caption">${this.caption}</p>` : nothing}<p class="empty">${this.empty}</p>`;
    return html`<div class="wrap">
        <table class="stack">
          ${this.caption ? html`<caption>${this.caption}</caption>` : nothing}
          <thead>
            <tr>
              ${this.columns.map(
                (c) => html`<th scope="col" class=${c.numeric ? 'num' : ''} aria-sort=${this.sortKey === c.key ? this.sortDir : 'none'}>
                  <button type="button" @click=${() => this.#sort(c.key)}>${c.label}<span aria-hidden="true">${this.sortKey === c.key ? (this.sortDir === 'ascending' ? '▲' : '▼') : '↕'}</span></button>
                </th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${this.sortedRows.map(
              (r) => html`<tr>${this.columns.map((c) => html`<td class=${c.numeric ? 'num' : ''}>${c.format ? c.format(r[c.key], r) : (r[c.key] ?? '—')}</td>`)}</tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="tools"><button type="button" class="secondary" @click=${this.#export}>Export CSV<span class="visually-hidden"> of ${this.caption || 'this table'}</span></button></div>`;
  }
}

customElements.define('lms-data-table', LmsDataTable);
