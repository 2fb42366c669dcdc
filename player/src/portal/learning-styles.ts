/**
 * Styles shared by the learning views (paths, competencies, policies, My learning): cards,
 * tables, form rows, select and textarea like the theme's inputs, and state badges whose
 * text colours meet WCAG AA on their backgrounds.
 */
import { css } from 'lit';
import { color } from './theme.js';

export const learningStyles = css`
  :host {
    display: block;
  }
  h1 {
    font-size: 1.75rem;
    margin-bottom: 1rem;
  }
  h2 {
    font-size: 1.25rem;
    margin: 0 0 0.75rem;
  }
  h3 {
    font-size: 1.0625rem;
    margin: 0 0 0.5rem;
  }
  .card {
    padding: 1.25rem 1.5rem;
    margin-bottom: 1.25rem;
    background: ${color.surface};
    border: 1px solid ${color.border};
    border-radius: 0.5rem;
  }
  .muted {
    color: ${color.muted};
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1rem;
    align-items: end;
  }
  .row > label {
    flex: 1 1 12rem;
  }
  label.field {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
  }
  label.check {
    display: inline-flex;
    gap: 0.5rem;
    align-items: center;
    font-weight: 400;
    min-height: 2.75rem;
  }
  label.check input {
    width: 1.25rem;
    min-height: 1.25rem;
    height: 1.25rem;
  }
  select,
  textarea {
    font: inherit;
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    color: ${color.text};
    background: ${color.surface};
    border: 1px solid ${color.controlBorder};
    border-radius: 0.375rem;
  }
  textarea {
    min-height: 8rem;
  }
  select:focus-visible,
  textarea:focus-visible,
  a:focus-visible,
  summary:focus-visible {
    outline: 3px solid ${color.accent};
    outline-offset: 2px;
  }
  [aria-invalid='true'] {
    border-color: ${color.danger};
  }
  fieldset {
    border: 1px solid ${color.border};
    border-radius: 0.375rem;
    padding: 0.5rem 0.75rem 0.75rem;
    margin: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
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
    vertical-align: top;
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
  .badge.complete {
    color: #05603a;
    background: #ecfdf3;
  }
  .badge.unlocked,
  .badge.in_progress {
    color: #1e40af;
    background: #eef2ff;
  }
  .badge.locked,
  .badge.not_started {
    color: ${color.muted};
    background: #f2f4f7;
  }
  .badge.overdue {
    color: ${color.danger};
    background: ${color.dangerBg};
  }
  .field-error {
    color: ${color.danger};
    font-weight: 600;
    margin: 0.25rem 0 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem;
    margin-top: 1rem;
  }
  button.small {
    min-height: 2.75rem;
    padding: 0.25rem 0.75rem;
  }
  button.link {
    background: none;
    border: none;
    color: ${color.accent};
    text-decoration: underline;
    padding: 0.25rem;
  }
  ul.plain {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .notice {
    margin: 0.75rem 0;
  }
  /* Layout helpers (the portal's CSP forbids inline style attributes). */
  .row.spread {
    justify-content: space-between;
    align-items: center;
  }
  .row.top {
    align-items: start;
  }
  .row > .narrow {
    flex: 0 1 12rem;
  }
  .col {
    flex: 1 1 16rem;
  }
  .gap-above {
    margin-top: 0.75rem;
  }
  .gap-below {
    margin-bottom: 0.75rem;
  }
  .tight-top {
    margin: 0.25rem 0 0;
  }
  .small-text {
    font-size: 0.875rem;
  }
  .inline-gap {
    margin-right: 1rem;
  }
  .list-item {
    padding: 0.25rem 0;
  }
  li.step {
    padding: 0.625rem 0;
    border-top: 1px solid ${color.border};
  }
  fieldset.cycle {
    border: 2px solid ${color.danger};
  }
  .policy-text {
    max-height: 14rem;
    overflow: auto;
    white-space: pre-wrap;
    border: 1px solid ${color.border};
    border-radius: 0.375rem;
    padding: 0.75rem;
  }
  .question {
    border-bottom: 1px solid ${color.border};
    padding-bottom: 0.75rem;
    margin-bottom: 0.75rem;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  textarea.short {
    min-height: 5rem;
  }
`;

/** A date as people read it, in their locale ("31 Jan 2030"). */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

export const STATE_LABELS: Record<string, string> = {
  locked: 'Locked',
  unlocked: 'Ready to start',
  in_progress: 'In progress',
  complete: 'Complete',
  not_started: 'Not started',
};
