/** Reads statements from the test app's LRS over HTTP, as an external tool with `all/read` would. */
import type { TestApp } from './app.js';

export interface LrsReader {
  /** Every statement matching the query (follows `more`), oldest first. */
  statements(query: Record<string, string>): Promise<any[]>;
}

export async function lrsReader(app: TestApp): Promise<LrsReader> {
  const { client, secret } = await app.runtime.lrs.credentials.create({ name: 'test reader', scopes: ['all/read'] });
  const headers = { authorization: 'Basic ' + Buffer.from(`${client.key}:${secret}`).toString('base64'), 'x-experience-api-version': '1.0.3' };
  return {
    async statements(query) {
      const out: any[] = [];
      let url: string | null = `${app.url}/xapi/statements?${new URLSearchParams({ ascending: 'true', limit: '500', ...query })}`;
      while (url) {
        const res = await fetch(url, { headers });
        if (res.status !== 200) throw new Error(`GET statements: ${res.status} ${await res.text()}`);
        const body = (await res.json()) as { statements: any[]; more?: string };
        out.push(...body.statements);
        url = body.more ? new URL(body.more, app.url).toString() : null;
      }
      return out;
    },
  };
}
