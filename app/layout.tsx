import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Nav, type NavUser } from '@/components/nav';
import { currentPrincipal } from '@/lib/auth/pages';
import { topRole } from '@/lib/auth/principal';
import { getConfig } from '@/lib/config';
import { Providers } from '@/components/providers';
import { themeBootScript } from '@/components/theme-toggle';
import { NONCE_HEADER } from '@/lib/edge/security-headers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Sparkwatch', template: '%s · Sparkwatch' },
  description: 'Metrics, logs and traces of Apache Spark applications, correlated.',
  icons: { icon: '/favicon.svg' },
};

async function navUser(): Promise<NavUser | undefined> {
  const principal = await currentPrincipal();
  if (!principal) return undefined;
  const mode = getConfig().auth.mode;
  const role = topRole(principal);
  return {
    name: principal.user,
    ...(role ? { role } : {}),
    canSignOut: mode === 'local' || mode === 'oidc',
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const open = getConfig().auth.mode === 'none';
  const user = await navUser();
  // The CSP nonce proxy.ts made for this request: the inline theme script runs only with it.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body className="min-h-screen font-sans">
        <Providers>
          {open ? (
            <div
              role="alert"
              data-testid="auth-off-banner"
              className="bg-red-700 px-4 py-2 text-center text-sm font-semibold text-white"
            >
              Authentication is off (AUTH_MODE=none): anyone who reaches this console reads every
              app&apos;s logs, traces and alerts.
            </div>
          ) : null}
          <Nav {...(user ? { user } : {})} />
          <main className="mx-auto max-w-screen-2xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
