/** A tiny cookie-keeping JSON client over real HTTP, like a browser tab. */
export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export class HttpClient {
  private cookies = new Map<string, string>();
  csrfToken?: string;

  constructor(readonly baseUrl: string) {}

  /** POST a multipart form (fetch sets the boundary). */
  upload<T = any>(path: string, form: FormData): Promise<JsonResponse<T>> {
    return this.request<T>('POST', path, form);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrfToken && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrfToken;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) {
      payload = body;
    } else if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    if (res.headers.get('content-type')?.includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  async login(email: string, password: string): Promise<JsonResponse> {
    const res = await this.request('POST', '/api/session', { email, password });
    if (res.status === 200) this.csrfToken = res.body.csrfToken;
    return res;
  }

  /** GET with the session cookie, answering the raw Response (binary downloads). */
  fetchRaw(path: string): Promise<Response> {
    return fetch(this.baseUrl + path, { headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  }

  get hasSessionCookie(): boolean {
    return this.cookies.has('lms.sid');
  }
}
