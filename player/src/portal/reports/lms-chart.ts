/**
 * <lms-chart>: a chart.js chart with its text alternative. The canvas is an image with
 * a one-line summary as its name; the figures themselves are in a data table under a
 * disclosure, sortable and exportable. Animations are off (reduced motion, stable tests).
 */
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, ScatterController, Tooltip,
  type ChartConfiguration, type ChartDataset,
} from 'chart.js';
import { LitElement, css, html } from 'lit';
import { color, controlStyles } from '../theme.js';
import { DASHES, POINT_STYLES, seriesColor } from './palette.js';
import type { Column } from './lms-data-table.js';
import './lms-data-table.js';

Chart.register(LineController, BarController, ScatterController, LineElement, BarElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);

export interface Series {
  label: string;
  /** One value per label (line, bar), or points (scatter). */
  data: Array<number | null> | Array<{ x: number; y: number }>;
  /** Draw this series as a line on a scatter chart (a trend line). */
  line?: boolean;
}

export class LmsChart extends LitElement {
  static override properties = {
    type: {},
    caption: {},
    summary: {},
    labels: { attribute: false },
    series: { attribute: false },
    xLabel: {},
    yLabel: {},
    yMax: { type: Number },
    table: { attribute: false },
  };

  static override styles = [
    controlStyles,
    css`
      :host { display: block; }
      figure { margin: 0; }
      figcaption { font-weight: 700; margin-bottom: 0.5rem; }
      .box { position: relative; height: 16rem; }
      details { margin-top: 0.5rem; }
      summary { cursor: pointer; color: ${color.accent}; font-weight: 600; }
      summary:focus-visible { outline: 3px solid ${color.accent}; outline-offset: 2px; }
    `,
  ];

  declare type: 'line' | 'bar' | 'scatter';
  declare caption: string;
  declare summary: string;
  declare labels: string[];
  declare series: Series[];
  declare xLabel: string;
  declare yLabel: string;
  declare yMax: number | undefined;
  declare table: { columns: Column[]; rows: Array<Record<string, unknown>> } | undefined;
  #chart: Chart | null = null;

  constructor() {
    super();
    this.type = 'line';
    this.caption = '';
    this.summary = '';
    this.labels = [];
    this.series = [];
    this.xLabel = '';
    this.yLabel = '';
  }

  /** Data points the chart holds now (for tests and for a screen-reader summary). */
  get drawnPoints(): number {
    return this.#chart ? this.#chart.data.datasets.reduce((n, d) => n + d.data.filter((v) => v !== null).length, 0) : 0;
  }

  override render() {
    const name = `${this.caption}. ${this.summary}`.trim();
    return html`<figure>
      <figcaption>${this.caption}</figcaption>
      <div class="box"><canvas role="img" aria-label=${name}></canvas></div>
      <details>
        <summary>Data table: ${this.caption}</summary>
        <lms-data-table .columns=${this.table?.columns ?? this.#defaultColumns()} .rows=${this.table?.rows ?? this.#defaultRows()} filename=${`${this.caption.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.csv`}></lms-data-table>
      </details>
    </figure>`;
  }

  #defaultColumns(): Column[] {
    return [{ key: 'label', label: this.xLabel || 'Label' }, ...this.series.map((s, i) => ({ key: `s${i}`, label: s.label, numeric: true }))];
  }

  #defaultRows(): Array<Record<string, unknown>> {
    return this.labels.map((label, i) => Object.fromEntries([['label', label], ...this.series.map((s, j) => [`s${j}`, (s.data as Array<number | null>)[i] ?? null])]));
  }

  protected override updated(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    const datasets: ChartDataset[] = this.series.map((s, i) => {
      const c = seriesColor(i);
      const common = { label: s.label, borderColor: c, backgroundColor: c, pointStyle: POINT_STYLES[i % POINT_STYLES.length], borderDash: DASHES[i % DASHES.length] };
      if (this.type === 'scatter' && s.line) return { ...common, type: 'line', data: s.data, pointRadius: 0, borderWidth: 2, fill: false } as ChartDataset;
      if (this.type === 'line') return { ...common, data: s.data, pointRadius: 3, borderWidth: 2, spanGaps: true, fill: false } as ChartDataset;
      return { ...common, data: s.data, pointRadius: 4 } as ChartDataset;
    });
    const config: ChartConfiguration = {
      type: this.type,
      data: { labels: this.type === 'scatter' ? undefined : this.labels, datasets } as ChartConfiguration['data'],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: this.series.length > 1, labels: { usePointStyle: true, color: '#1a2433' } } },
        scales: {
          x: { type: this.type === 'scatter' ? 'linear' : 'category', title: { display: !!this.xLabel, text: this.xLabel, color: '#1a2433' }, ticks: { color: '#4a5565' } },
          y: { beginAtZero: true, ...(this.yMax !== undefined ? { max: this.yMax } : {}), title: { display: !!this.yLabel, text: this.yLabel, color: '#1a2433' }, ticks: { color: '#4a5565' } },
        },
      },
    };
    this.#chart?.destroy();
    this.#chart = new Chart(canvas, config);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#chart?.destroy();
    this.#chart = null;
  }
}

customElements.define('lms-chart', LmsChart);
