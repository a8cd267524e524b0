/**
 * Next.js calls register() once when the server starts: validate the configuration there, so a
 * bad or missing setting stops the server with a message naming the variable.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { validateConfigAtStartup } = await import('./lib/startup');
    validateConfigAtStartup();
  }
}
