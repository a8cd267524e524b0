import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { currentPrincipal, safeNext } from '@/lib/auth/pages';
import { getConfig } from '@/lib/config';
import { ROLES } from '@/lib/domain/access';
import type { SearchParams } from '@/lib/url/shared';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

const ERRORS: Record<string, string> = {
  credentials: 'Wrong user name or password.',
  oidc: 'Signing in with the identity provider failed; try again (details are in the server log).',
};

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const field =
  'mt-1 w-full rounded border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900';
const button =
  'w-full rounded bg-orange-700 px-3 py-2 text-sm font-semibold text-white hover:bg-orange-800';

/** Sign in: the local form, the provider's button, or what the proxy does, by AUTH_MODE. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const search = await searchParams;
  const next = safeNext(one(search.next));
  const error = ERRORS[one(search.error) ?? ''];
  const denied = ROLES.find((r) => r === one(search.denied));
  const { auth } = getConfig();
  const principal = await currentPrincipal();
  return (
    <div className="mx-auto mt-12 max-w-sm">
      <Card title="Sign in to Sparkwatch">
        <div className="space-y-4 text-sm">
          {denied && principal ? (
            <p role="alert" className="text-red-700 dark:text-red-400" data-testid="login-denied">
              Signed in as {principal.user}, whose role does not open this page (it needs {denied}).
              Sign in as someone else, or ask an admin.
            </p>
          ) : null}
          {error ? (
            <p role="alert" className="text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
          {auth.mode === 'local' ? (
            <form method="post" action="/api/auth/login" className="space-y-3">
              <input type="hidden" name="next" value={next} />
              <label className="block">
                User name
                <input name="username" autoComplete="username" required className={field} />
              </label>
              <label className="block">
                Password
                <input
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  className={field}
                />
              </label>
              <button type="submit" className={button}>
                Sign in
              </button>
            </form>
          ) : null}
          {auth.mode === 'oidc' ? (
            <a
              className={`block text-center ${button}`}
              href={`/api/auth/login?next=${encodeURIComponent(next)}`}
            >
              Sign in with {auth.oidc?.name ?? 'OIDC'}
            </a>
          ) : null}
          {auth.mode === 'header' ? (
            <p>
              Sign-in is handled by the proxy in front of this console; open it through that proxy.
            </p>
          ) : null}
          {auth.mode === 'none' ? (
            <p>
              Authentication is off (AUTH_MODE=none). <Link href="/">Open the console</Link>.
            </p>
          ) : null}
        </div>
      </Card>
    </div>
  );
}
