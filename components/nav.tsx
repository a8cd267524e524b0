'use client';

import Link from 'next/link';
import { useSelectedLayoutSegment } from 'next/navigation';
import { ThemeToggle } from './theme-toggle';

// Each link's top-level route segment (null: the Overview at the root).
const LINKS = [
  { href: '/', segment: null, label: 'Overview' },
  { href: '/alerts', segment: 'alerts', label: 'Alerts' },
  { href: '/incidents', segment: 'incidents', label: 'Incidents' },
  { href: '/logs', segment: 'logs', label: 'Logs' },
  { href: '/traces', segment: 'traces', label: 'Traces' },
  { href: '/status', segment: 'status', label: 'Status' },
] as const;

export function Nav() {
  const current = useSelectedLayoutSegment();
  return (
    <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      <nav aria-label="Main" className="mx-auto flex h-12 max-w-screen-2xl items-center gap-1 px-4">
        <Link href="/" className="mr-4 flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-orange-500" />
          Sparkwatch
        </Link>
        {LINKS.map(({ href, segment, label }) => {
          const active = segment === current;
          return (
            <Link
              key={href}
              href={href}
              aria-current={active ? 'page' : undefined}
              className={`rounded px-3 py-1.5 text-sm ${
                active
                  ? 'bg-zinc-200 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-white'
                  : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800'
              }`}
            >
              {label}
            </Link>
          );
        })}
        <div className="ml-auto">
          <ThemeToggle />
        </div>
      </nav>
    </header>
  );
}
