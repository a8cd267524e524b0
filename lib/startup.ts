import { stampPeerAddresses } from './auth/peer';
import { ConfigError, getConfig } from './config';

/**
 * Fails the server start on a bad configuration, naming the variable (see lib/config.ts), and
 * records each request's peer address for the trusted-proxy check (lib/auth/peer.ts).
 */
export function validateConfigAtStartup(): void {
  try {
    const { auth } = getConfig();
    if ((auth.mode === 'local' || auth.mode === 'oidc') && !auth.secret)
      throw new ConfigError(
        `Invalid Sparkwatch configuration:\n  - SPARKWATCH_SECRET must be set (at least 32 characters) when AUTH_MODE=${auth.mode}: it keys the session cookies`,
      );
    if (auth.mode === 'local' && !auth.localUsers.length)
      console.warn('AUTH_MODE=local without AUTH_LOCAL_USERS: nobody can sign in');
    if (auth.mode === 'none')
      console.warn('AUTH_MODE=none: the console asks nobody who they are; every page says so');
    const config = getConfig();
    if (config.secret.ephemeral && auth.mode !== 'local' && auth.mode !== 'oidc')
      console.warn(
        'SPARKWATCH_SECRET is not set: log cursors are signed with a key of this process only (they fail on another replica or after a restart)',
      );
    if (!config.webhookToken)
      console.warn(
        'ALERTS_WEBHOOK_TOKEN is not set: /api/alerts/webhook refuses every notification',
      );
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  stampPeerAddresses();
}
