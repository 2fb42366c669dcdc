/**
 * Shared look of the portal: colours (all text pairs meet WCAG AA; borders and focus rings
 * meet 3:1 against their background) and the styles of common controls. Elements add
 * `controlStyles` to their own `static styles`.
 */
import { css } from 'lit';

export const color = {
  text: css`#1a2433`,
  muted: css`#4a5565`,
  page: css`#f4f6f9`,
  surface: css`#ffffff`,
  border: css`#d5dae1`, // decorative card edges only
  controlBorder: css`#6b7280`, // 4.8:1 on white
  brand: css`#1f3a60`,
  accent: css`#1d4ed8`, // white text on it: 6.7:1
  accentHover: css`#1e40af`,
  danger: css`#b42318`,
  dangerBg: css`#fef3f2`,
} as const;

export const fontStack = css`system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif`;

export const controlStyles = css`
  :host {
    font-family: ${fontStack};
    color: ${color.text};
    line-height: 1.5;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  button {
    font: inherit;
    font-weight: 600;
    min-height: 2.75rem;
    padding: 0.5rem 1.25rem;
    border-radius: 0.375rem;
    border: 1px solid transparent;
    cursor: pointer;
  }

  button.primary {
    background: ${color.accent};
    color: #fff;
  }

  button.primary:hover {
    background: ${color.accentHover};
  }

  button.secondary {
    background: ${color.surface};
    color: ${color.accent};
    border-color: ${color.accent};
  }

  button.secondary:hover {
    background: #eef2ff;
  }

  button:disabled {
    cursor: progress;
    opacity: 0.75;
  }

  input {
    font: inherit;
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    color: ${color.text};
    background: ${color.surface};
    border: 1px solid ${color.controlBorder};
    border-radius: 0.375rem;
  }

  input[aria-invalid='true'] {
    border-color: ${color.danger};
  }

  /* A focus ring that is always visible for keyboard users, never removed. (tabindex=-1
     targets, such as a heading focused by script, are not reachable by keyboard.) */
  button:focus-visible,
  input:focus-visible,
  [tabindex]:not([tabindex='-1']):focus-visible {
    outline: 3px solid ${color.accent};
    outline-offset: 2px;
  }

  [tabindex='-1']:focus {
    outline: none;
  }

  h1,
  h2 {
    line-height: 1.25;
    margin: 0;
  }

  /* Messages: an error (in a role="alert" region) and a neutral notice (role="status"). */
  .error,
  .notice {
    padding: 0.75rem 1rem;
    border: 1px solid ${color.border};
    border-radius: 0.375rem;
  }

  .error {
    color: ${color.danger};
    background: ${color.dangerBg};
    border-color: ${color.danger};
  }
`;
