/**
 * Writes the demo's and tests' sign-in settings into the stack directory once: a random
 * SPARKWATCH_SECRET and a local `admin` account with a random password (its scrypt hash in
 * AUTH_LOCAL_USERS, the password itself beside it, readable by this user only, for `npm run demo`
 * to print and the e2e tests to sign in with). Nothing here is used when those variables are set.
 * usage: node --conditions=react-server --import tsx scripts/lib/auth-env.ts <stack dir>
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashPassword } from '@/lib/auth/password';

const dir = path.join(process.argv[2] ?? '.stack', 'auth');
const envFile = path.join(dir, 'env');
async function main() {
  if (existsSync(envFile)) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = randomBytes(12).toString('base64url');
  const users = [
    { username: 'admin', passwordHash: await hashPassword(password), groups: ['admin'] },
  ];
  writeFileSync(path.join(dir, 'admin-password'), `${password}\n`, { mode: 0o600 });
  // Shell-quoted for `source`: base64url and JSON of these values hold no single quote.
  writeFileSync(
    envFile,
    [
      `SW_GENERATED_SECRET='${randomBytes(36).toString('base64url')}'`,
      `SW_GENERATED_USERS='${JSON.stringify(users)}'`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
}

main().catch((error: unknown) => {
  console.error('auth-env:', error);
  process.exit(1);
});
