// A real OpenID Provider for samen's single sign-on tests: the certified `oidc-provider`
// (installed from npm by the tests into var/, never committed), on 127.0.0.1 only.
//
//   node provider.mjs CONFIG.json
//
// CONFIG: {"port": 0, "redirectUri": "...", "postLogoutRedirectUri": "...",
//          "accounts": {"login": {"password": "...", "claims": {...}}}}
// Prints "listening <port>" when ready. The login page asks for a user name, a password and,
// ticked, a second factor; the ID token then carries acr and amr accordingly.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const server = http.createServer();
await new Promise((resolve) => server.listen(config.port || 0, '127.0.0.1', resolve));
const port = server.address().port;
const issuer = `http://127.0.0.1:${port}`;
const accounts = config.accounts;
const MFA = 'urn:samen:test:mfa';
const PASSWORD_ONLY = 'urn:samen:test:password';

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'samen',
      client_secret: 'samen-test-secret',
      redirect_uris: [config.redirectUri],
      post_logout_redirect_uris: [config.postLogoutRedirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  acrValues: [MFA, PASSWORD_ONLY],
  claims: {
    openid: ['sub'],
    email: ['email'],
    profile: ['name', 'preferred_username', 'organisation', 'roles'],
  },
  findAccount: async (ctx, sub) => {
    if (!accounts[sub]) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...accounts[sub].claims }) };
  },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // A first-party client: no consent screen; the grant covers what samen asks for.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  cookies: { keys: ['samen-tests-only'] },
  pkce: { required: () => true },
});

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Test provider</title>
<form method="post" action="/interaction/${escape(details.uid)}">
<input name="login"><input name="password" type="password">
<input name="mfa" type="checkbox" value="1"><button>Log in</button></form>`);
    return;
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  const form = new URLSearchParams(body);
  const account = accounts[form.get('login')];
  if (!account || account.password !== form.get('password')) {
    await provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'wrong user name or password',
    });
    return;
  }
  const mfa = form.get('mfa') === '1';
  await provider.interactionFinished(req, res, {
    login: {
      accountId: form.get('login'),
      acr: mfa ? MFA : PASSWORD_ONLY,
      amr: mfa ? ['pwd', 'otp'] : ['pwd'],
    },
  }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
server.on('request', (req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
    return;
  }
  callback(req, res);
});
console.log(`listening ${port}`);
