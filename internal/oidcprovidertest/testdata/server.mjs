// Starts the oidc-provider OAuth 2.0 authorization server on 127.0.0.1 for the
// Go conformance tests (see ../oidcprovidertest.go, which is the only
// intended caller).
//
// Input: the environment variable OIDC_TEST_CONFIG holds JSON of the form
//
//   {"clients": [{"client_id": "...", "client_secret": "...",
//                 "token_endpoint_auth_method": "client_secret_basic" |
//                   "client_secret_post" | "private_key_jwt",
//                 "jwks": {"keys": [...public JWKs...]},
//                 "token_endpoint_auth_signing_alg": "RS256" | "PS256",
//                 "scope": "api:read api:write"}]}
//
// Output: exactly one line of JSON on stdout once the server answers,
//
//   {"issuer":"http://127.0.0.1:<port>","token_endpoint":"..."}
//
// and nothing else on stdout, so the Go side can read it without parsing
// around log noise. Everything else (oidc-provider notices and warnings,
// server errors, rejected token requests) goes to stderr.
//
// The process exits when stdin closes or on SIGTERM/SIGINT: the Go harness
// keeps stdin open as a pipe, so a server whose test binary died (and thus
// closed the pipe) does not linger.
//
// Client assertion audience (private_key_jwt), found by experiment against
// oidc-provider 9.13.3 and confirmed in its lib/shared/jwt_client_auth.js:
// the `aud` claim (a string, or an array with at least one match) is accepted
// when it equals the token endpoint URL ("<issuer>/token") OR the issuer
// identifier ("http://127.0.0.1:<port>"); it is the set
// {issuer, token endpoint, URL of the endpoint being called}. Anything else,
// e.g. the issuer with a trailing slash, is rejected with invalid_client.
// Only with the FAPI 2.0 profile (not enabled here) is the issuer required.

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import process from 'node:process';

// oidc-provider prints its NOTICEs with console.info, which writes to stdout.
// Route the stdout console methods to stderr before the library is loaded
// (hence the dynamic import below) so that stdout carries only our JSON line.
for (const method of ['log', 'info', 'debug']) {
  console[method] = (...args) => console.error(...args);
}

const { default: Provider, errors } = await import('oidc-provider');

// The resource indicator for which JWT access tokens are issued.
const TEST_API = 'urn:oauthlink:test-api';
const API_SCOPES = 'api:read api:write';

function fail(message) {
  console.error(`server.mjs: ${message}`);
  process.exit(2);
}

let testConfig;
try {
  testConfig = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '');
} catch (err) {
  fail(`OIDC_TEST_CONFIG must hold JSON: ${err.message}`);
}
if (!Array.isArray(testConfig?.clients)) {
  fail('OIDC_TEST_CONFIG must be an object with a "clients" array');
}

const clients = testConfig.clients.map((client) => ({
  // These clients only ever use the token endpoint; declaring no response
  // types and redirect URIs keeps oidc-provider from requiring the metadata
  // that the authorization code flow needs.
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
  scope: API_SCOPES,
  ...client,
}));

// A fresh signing key per run for JWT access tokens. Without our own key
// oidc-provider would fall back to its publicly known development keys (and
// warn about it).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: randomUUID(),
  alg: 'RS256',
  use: 'sig',
};

// Listen first: the issuer must contain the port, and port 0 lets the kernel
// pick a free one, so the provider is created once the port is known.
const server = createServer();
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signingKey] },
  // Registering the API scopes makes oidc-provider keep them on client
  // credentials requests that carry no resource indicator (it otherwise
  // drops unknown scopes there) and lets clients list them in "scope".
  scopes: ['openid', 'offline_access', ...API_SCOPES.split(' ')],
  // Explicit values where oidc-provider would otherwise print a notice that
  // its default is in use. Ten minutes is also its default token lifetime.
  ttl: { ClientCredentials: 600 },
  features: {
    clientCredentials: { enabled: true },
    // Only the token endpoint is used; this also avoids a startup warning.
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      // No resource parameter means no resource server: the token is then
      // oidc-provider's default (opaque) access token.
      defaultResource: async () => undefined,
      getResourceServerInfo: async (ctx, resourceIndicator) => {
        if (resourceIndicator === TEST_API) {
          return {
            scope: API_SCOPES,
            audience: TEST_API,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        }
        throw new errors.InvalidTarget();
      },
    },
  },
});

// 5xx errors are bugs (in the harness or the library); log them in full.
provider.on('server_error', (ctx, err) => {
  console.error('oidc-provider server_error:', ctx?.method, ctx?.path, err);
});
// Rejected token requests answer only e.g. "invalid_client: client
// authentication failed"; the reason (bad aud, replayed jti, ...) is in the
// error's detail, which is what a failing Go test needs to see.
provider.on('grant.error', (ctx, err) => {
  const detail = err.error_detail ?? err.cause?.message;
  console.error(
    `oidc-provider grant.error: client=${ctx.oidc?.client?.clientId ?? ctx.oidc?.params?.client_id ?? '?'}`
      + ` ${err.error ?? err.name}: ${err.error_description ?? err.message}${detail ? ` (${detail})` : ''}`,
  );
});

// oidc-provider validates static clients lazily, on first use; look each one
// up now so that bad metadata fails startup with the reason instead of
// surfacing later as a puzzling invalid_client.
for (const { client_id: clientId } of clients) {
  try {
    await provider.Client.find(clientId);
  } catch (err) {
    fail(`client ${JSON.stringify(clientId)}: ${err.message}${err.error_description ? `: ${err.error_description}` : ''}`);
  }
}

server.on('request', provider.callback());

// Read the token endpoint from discovery rather than assuming the path; this
// also proves the server answers before the Go side is told it is ready.
let discovery;
try {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  discovery = await response.json();
} catch (err) {
  fail(`discovery request failed: ${err.message}`);
}

process.stdout.write(`${JSON.stringify({ issuer, token_endpoint: discovery.token_endpoint })}\n`);

function shutdown() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.stdin.on('end', shutdown);
process.stdin.on('error', shutdown);
process.stdin.resume();
