import 'server-only';
import { getConfig } from '@/lib/config';
import { hashPassword, verifyPassword } from './password';

// Checked when the user is unknown, so an unknown name takes as long as a wrong password.
let decoy: Promise<string> | undefined;

/** The local account's groups when the password is right, else undefined. */
export async function checkLocalAccount(
  username: string,
  password: string,
): Promise<{ user: string; groups: string[] } | undefined> {
  const account = getConfig().auth.localUsers.find((u) => u.username === username);
  decoy ??= hashPassword('decoy password');
  const ok = await verifyPassword(password, account?.passwordHash ?? (await decoy));
  return account && ok ? { user: account.username, groups: account.groups } : undefined;
}
