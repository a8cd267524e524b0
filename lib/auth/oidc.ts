import 'server-only';
import * as client from 'openid-client';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { seal, unseal } from './session';

// What must survive the round trip to the provider, sealed in a short-lived cookie.
export const OIDC_COOKIE = 'sparkwatch_oidc';
const ROUND_TRIP_SECONDS = 600;
const roundTrip = z.object({
  verifier: z.string(),
  state: z.string(),
  nonce: z.string(),
  next: z.string(),
});

let discovered: Promise<client.Configuration> | undefined;

/** The provider's configuration, discovered once (again after a failure). */
function provider(): Promise<client.Configuration> {
  const { oidc } = getConfig().auth;
  if (!oidc) throw new Error('AUTH_OIDC_ISSUER and AUTH_OIDC_CLIENT_ID are not set');
  discovered ??= client
    .discovery(
      new URL(oidc.issuer),
      oidc.clientId,
      oidc.clientSecret,
      // A public client proves itself with PKCE alone; a confidential one also with its secret.
      oidc.clientSecret ? client.ClientSecretBasic(oidc.clientSecret) : client.None(),
      {
        // Plain http only where the operator configured it (a provider on the same host or network).
        ...(oidc.issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : {}),
        ...(oidc.backchannelUrl ? { [client.customFetch]: backchannel(oidc) } : {}),
      },
    )
    .catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
  return discovered;
}

/**
 * The console's own requests to the issuer's public address go to AUTH_OIDC_BACKCHANNEL_URL
 * instead (in compose, browsers reach Keycloak at localhost:8180, the console at keycloak:8080);
 * the issuer the tokens name stays the public one.
 */
function backchannel(oidc: { issuer: string; backchannelUrl?: string }): client.CustomFetch {
  const from = new URL(oidc.issuer).origin;
  const to = new URL(oidc.backchannelUrl ?? oidc.issuer).origin;
  return (url, options) =>
    fetch(url.startsWith(from) ? `${to}${url.slice(from.length)}` : url, options as RequestInit);
}

export const callbackUrl = () => `${getConfig().publicUrl}/api/auth/callback`;

/** Where to send the browser to sign in, and the sealed cookie value that completes it. */
export async function startSignIn(next: string): Promise<{ url: URL; cookie: string }> {
  const config = await provider();
  const { oidc } = getConfig().auth;
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(),
    scope: oidc?.scopes ?? 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const cookie = await seal('oidc', { verifier, state, nonce, next }, ROUND_TRIP_SECONDS);
  return { url, cookie };
}

export const roundTripSeconds = ROUND_TRIP_SECONDS;

/**
 * Completes a sign-in at the callback: checks state, nonce and the PKCE verifier, exchanges the
 * code and reads the user and groups from the ID token (the groups claim named in configuration;
 * Keycloak's group mapper writes `/team-a/operators`-style paths, kept as they are).
 */
export async function finishSignIn(
  currentUrl: URL,
  sealed: string | undefined,
): Promise<{ user: string; groups: string[]; next: string }> {
  const parsed = roundTrip.safeParse(sealed ? await unseal('oidc', sealed) : undefined);
  if (!parsed.success) throw new Error('the sign-in round trip expired or was not started here');
  const { verifier, state, nonce, next } = parsed.data;
  const config = await provider();
  const tokens = await client.authorizationCodeGrant(config, currentUrl, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('the provider returned no ID token');
  const { oidc } = getConfig().auth;
  const raw = claims[oidc?.groupsClaim ?? 'groups'];
  const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string') : [];
  const name = claims.preferred_username ?? claims.email ?? claims.sub;
  return { user: String(name), groups, next };
}
