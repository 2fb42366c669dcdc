/** Styles shared by the HR and manager views: forms, data tables, status badges. */
import { css } from 'lit';
import { color } from '../theme.js';

export const hrStyles = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1.125rem;
    margin: 1.5rem 0 0.75rem;
  }
  h2:first-child {
    margin-top: 0;
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
  }
  select,
  textarea {
    font: inherit;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    color: ${color.text};
    background: ${color.surface};
    border: 1px solid ${color.controlBorder};
    border-radius: 0.375rem;
  }
  select:focus-visible,
  textarea:focus-visible {
    outline: 3px solid ${color.accent};
    outline-offset: 2px;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 1rem;
    align-items: end;
    margin-bottom: 1rem;
  }
  input[type='radio'],
  input[type='checkbox'] {
    width: auto;
    min-height: auto;
    margin-right: 0.5rem;
  }
  .choice {
    display: flex;
    align-items: center;
    font-weight: 400;
  }
  /* A row of pickers whose chips make some taller: line their labels up at the top. */
  .row.top {
    align-items: start;
  }
  .row > label {
    flex: 1 1 12rem;
  }
  fieldset {
    border: 1px solid ${color.border};
    border-radius: 0.375rem;
    padding: 0.75rem 1rem 1rem;
    margin: 0 0 1rem;
  }
  legend {
    font-weight: 700;
    padding: 0 0.25rem;
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    margin-bottom: 1rem;
  }
  caption {
    text-align: left;
    font-weight: 700;
    padding: 0.5rem 0;
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: 0.5rem;
    border-bottom: 1px solid ${color.border};
  }
  th {
    background: ${color.page};
  }
  .muted {
    color: ${color.muted};
  }
  .badge {
    display: inline-block;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    font-size: 0.875rem;
    font-weight: 600;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .badge.overdue,
  .badge.expired,
  .badge.error {
    color: ${color.danger};
    background: ${color.dangerBg};
  }
  .badge.expiring {
    color: #8a4b00;
    background: #fff7e6;
  }
  .badge.complete,
  .badge.create {
    color: #106b3a;
    background: #ecfdf3;
  }
  .badge.in_progress,
  .badge.update {
    color: ${color.accent};
    background: #eef2ff;
  }
  .badge.not_started,
  .badge.deactivate {
    color: ${color.muted};
    background: ${color.page};
  }
  tr.urgent td {
    background: ${color.dangerBg};
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    margin: 0 0 1rem;
    padding: 0;
    list-style: none;
  }
  del {
    color: ${color.muted};
  }
  ins {
    text-decoration: none;
    font-weight: 600;
  }
`;

export const STATUS_LABELS: Record<string, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  complete: 'Complete',
  overdue: 'Overdue',
  expiring: 'Expiring',
  expired: 'Expired',
};

export function formatDate(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }) : '—';
}
