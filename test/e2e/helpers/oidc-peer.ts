/**
 * A real OpenID Provider for the SSO tests: the certified `oidc-provider` package on a
 * loopback port, with one confidential client (the LMS) and accounts whose claims the
 * test sets. Its built-in development interactions (a login form taking any name, then a
 * consent page) stand in for the IdP's screens.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface OidcPeer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claims the account `login` gets when someone signs in with that name. */
  accounts: Map<string, Record<string, unknown>>;
  /** Register the LMS as a client (once its URL is known), then serve. */
  start(lmsUrl: string): void;
  close(): Promise<void>;
}

export async function listenOidcPeer(): Promise<OidcPeer> {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, Record<string, unknown>>();
  const peer: OidcPeer = {
    issuer,
    clientId: 'learning-hub',
    clientSecret: 'a-test-client-secret-that-is-long-enough-0123456789',
    accounts,
    start(lmsUrl) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: peer.clientId,
            client_secret: peer.clientSecret,
            redirect_uris: [`${lmsUrl}/auth/sso/env-oidc/callback`, `${lmsUrl}/auth/sso/acme-hr/callback`],
            post_logout_redirect_uris: [`${lmsUrl}/`],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'employee_number', 'department', 'job_title', 'office', 'manager_email', 'hire_date'] },
        scopes: ['openid', 'email', 'profile'],
        features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
        pkce: { required: () => true },
        async findAccount(_ctx, sub) {
          const claims = accounts.get(sub) ?? { email: `${sub}@example.com`, email_verified: false, name: sub };
          return { accountId: sub, claims: async () => ({ sub, ...claims }) };
        },
      });
      server.on('request', provider.callback());
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return peer;
}
