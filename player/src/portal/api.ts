/**
 * A small client for the LMS JSON API. One instance is created by <lms-app> and handed to
 * the views as a property, so there is no module-level state and tests can pass a fake.
 */
import { readableMessage } from './field-labels.js';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
  department?: string;
  jobRole?: string;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
}

/** A failed API call, carrying the server's error code and, for validation errors, the field. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  /** Extra facts the server gave, e.g. `{ rule, entry }` for a refused package. */
  readonly details: unknown;

  constructor(status: number, code: string, message: string, field?: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const SAFE_METHODS: ReadonlySet<Method> = new Set(['GET']);

export interface SsoProviders {
  ssoOnly: boolean;
  providers: Array<{ id: string; name: string; kind: 'oidc' | 'saml'; startUrl: string }>;
}

export class Api {
  /** Sent as X-CSRF-Token on every state-changing request; set from the session. */
  csrfToken: string | undefined;
  /**
   * Called when a call answers 401: the session ended on the server (signed out elsewhere,
   * deactivated, expired). <lms-app> shows the sign-in page.
   */
  onSessionEnded: (() => void) | undefined;

  async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    // A FormData body goes as multipart/form-data (the browser sets the boundary).
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (!SAFE_METHODS.has(method) && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;

    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : form ? (body as FormData) : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
    }

    const payload = await readJson(response);
    if (response.status === 401 && path !== '/api/session') this.onSessionEnded?.();
    if (!response.ok) throw toApiError(response.status, payload);
    return payload as T;
  }

  /**
   * POST a file as multipart form field `file`, reporting upload progress (0..1).
   * XMLHttpRequest, because fetch cannot report upload progress.
   */
  upload<T>(path: string, file: File, onProgress: (fraction: number) => void): Promise<T> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      xhr.withCredentials = true;
      xhr.setRequestHeader('Accept', 'application/json');
      if (this.csrfToken) xhr.setRequestHeader('X-CSRF-Token', this.csrfToken);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onerror = () => reject(new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.'));
      xhr.onload = () => {
        let payload: unknown;
        try {
          payload = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
        } catch {
          payload = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(payload as T);
        else reject(toApiError(xhr.status, payload));
      };
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    });
  }

  /** The current session, or null when nobody is signed in. */
  async getSession(): Promise<Session | null> {
    try {
      return this.#keep(await this.request<Session>('GET', '/api/session'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  }

  async signIn(email: string, password: string): Promise<Session> {
    return this.#keep(await this.request<Session>('POST', '/api/session', { email, password }));
  }

  /** Ends the session; answers the identity provider's logout URL when it offers single logout. */
  async signOut(): Promise<string | null> {
    const answer = await this.request<{ logoutUrl?: string } | undefined>('DELETE', '/api/session');
    this.csrfToken = undefined;
    return answer?.logoutUrl ?? null;
  }

  /** The single sign-on providers the sign-in page offers, and whether passwords are off. */
  async ssoProviders(): Promise<SsoProviders> {
    return this.request<SsoProviders>('GET', '/api/sso/providers');
  }

  #keep(session: Session): Session {
    this.csrfToken = session.csrfToken;
    return session;
  }
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // e.g. an HTML error page from a proxy; toApiError gives a generic message
  }
}

function toApiError(status: number, payload: unknown): ApiError {
  const error = (payload as { error?: { code?: unknown; message?: unknown; field?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.message === 'string') {
    return new ApiError(
      status,
      typeof error.code === 'string' ? error.code : `http_${status}`,
      readableMessage(error.message, typeof error.field === 'string' ? error.field : undefined),
      typeof error.field === 'string' ? error.field : undefined,
      error.details,
    );
  }
  return new ApiError(status, `http_${status}`, `The server could not complete the request (HTTP ${status}). Please try again.`);
}
