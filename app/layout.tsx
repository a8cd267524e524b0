import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Nav } from '@/components/nav';
import { Providers } from '@/components/providers';
import { themeBootScript } from '@/components/theme-toggle';
import { NONCE_HEADER } from '@/lib/edge/security-headers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Sparkwatch', template: '%s · Sparkwatch' },
  description: 'Metrics, logs and traces of Apache Spark applications, correlated.',
  icons: { icon: '/favicon.svg' },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP nonce proxy.ts made for this request: the inline theme script runs only with it.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body className="min-h-screen font-sans">
        <Providers>
          <Nav />
          <main className="mx-auto max-w-screen-2xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
