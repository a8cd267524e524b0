import { ConfigError, getConfig } from './config';

/** Fails the server start on a bad configuration, naming the variable (see lib/config.ts). */
export function validateConfigAtStartup(): void {
  try {
    getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
