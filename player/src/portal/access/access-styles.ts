/** The look of the signed-out cards (set a password, forgot password), matching <lms-login>. */
import { css } from 'lit';
import { color } from '../theme.js';

export const accessCardStyles = css`
  :host {
    display: block;
  }
  .card {
    width: 100%;
    max-width: 26rem;
    margin: 0 auto;
    padding: 2rem;
    background: ${color.surface};
    border: 1px solid ${color.border};
    border-radius: 0.5rem;
    box-shadow: 0 1px 3px rgb(16 24 40 / 0.08);
  }
  h1 {
    font-size: 1.5rem;
    margin-bottom: 0.75rem;
  }
  .lead {
    margin: 0.5rem 0 1.5rem;
    color: ${color.muted};
  }
  .field {
    margin-bottom: 1.25rem;
  }
  label {
    display: block;
    margin-bottom: 0.375rem;
    font-weight: 600;
  }
  .hint {
    margin: 0.375rem 0 0;
    color: ${color.muted};
    font-size: 0.875rem;
  }
  .error {
    margin: 0 0 1.25rem;
  }
  .notice {
    margin: 0 0 1.25rem;
  }
  button[type='submit'] {
    width: 100%;
  }
  .links {
    margin: 1.25rem 0 0;
  }
  @media (max-width: 30rem) {
    .card {
      padding: 1.25rem;
    }
  }
`;
