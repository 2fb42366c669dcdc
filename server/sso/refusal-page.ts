/** The page a browser lands on when a single sign-on is refused: a clear sentence, never a stack trace. */
import type { Response } from 'express';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sendSignInProblem(res: Response, status: number, title: string, message: string): void {
  res
    .status(status)
    .type('html')
    .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Learning Hub</title>` +
        `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}h1{font-size:1.5rem}a{color:#0b57d0}</style></head>` +
        `<body><main><h1>${escapeHtml(title)}</h1><p role="alert" data-testid="sso-problem">${escapeHtml(message)}</p><p><a href="/">Back to sign in</a></p></main></body></html>`,
    );
}
