import { ConfigError, getConfig } from './config';

/** Fails the server start on a bad configuration, naming the variable (see lib/config.ts). */
export function validateConfigAtStartup(): void {
  try {
    const config = getConfig();
    if (config.secret.ephemeral)
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
}
