/** Styles shared by the report panels: cards, KPI tiles, filter forms, grids. */
import { css } from 'lit';
import { color } from '../theme.js';

export const reportStyles = css`
  :host { display: block; position: relative; }
  h2 { font-size: 1.25rem; margin: 0 0 1rem; }
  h3 { font-size: 1.0625rem; margin: 0 0 0.75rem; }
  .card {
    padding: 1.25rem;
    margin-bottom: 1.25rem;
    background: ${color.surface};
    border: 1px solid ${color.border};
    border-radius: 0.5rem;
  }
  .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 1rem; margin-bottom: 1.25rem; }
  .tile { padding: 1rem; background: ${color.surface}; border: 1px solid ${color.border}; border-radius: 0.5rem; }
  .tile .label { color: ${color.muted}; font-size: 0.875rem; }
  .tile .value { font-size: 1.75rem; font-weight: 700; line-height: 1.2; }
  .tile .target { font-size: 0.875rem; }
  .tile.met { border-left: 6px solid #009E73; }
  .tile.missed { border-left: 6px solid #D55E00; }
  .tile.unknown { border-left: 6px solid ${color.controlBorder}; }
  .badge { display: inline-block; font-weight: 700; font-size: 0.8125rem; padding: 0 0.5rem; border-radius: 999px; border: 1px solid currentColor; }
  .badge.met { color: #006b50; }
  .badge.missed { color: ${color.danger}; }
  .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1.25rem; }
  form.filters { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; align-items: end; margin-bottom: 1.25rem; }
  label { display: grid; gap: 0.25rem; font-weight: 600; font-size: 0.9375rem; }
  select, input[type='date'], input[type='text'], input[type='file'] {
    font: inherit; min-height: 2.75rem; padding: 0.375rem 0.5rem; color: ${color.text}; background: ${color.surface};
    border: 1px solid ${color.controlBorder}; border-radius: 0.375rem; min-width: 10rem;
  }
  select:focus-visible, a:focus-visible, summary:focus-visible { outline: 3px solid ${color.accent}; outline-offset: 2px; }
  .muted { color: ${color.muted}; }
  .linklike { all: unset; color: ${color.accent}; text-decoration: underline; cursor: pointer; }
  .linklike:focus-visible { outline: 3px solid ${color.accent}; outline-offset: 2px; }
  a { color: ${color.accent}; }
  progress { width: 100%; height: 1rem; }
  .reading { font-size: 1.0625rem; }
  dl.stats { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
  dl.stats dt { color: ${color.muted}; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  dl.stats dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
`;

export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v}%`);
export const num = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : String(Math.round(v * 10 ** digits) / 10 ** digits));
export const SUPPRESSED_TEXT = 'Fewer than 5 people: withheld';
