import path from 'node:path';
import { filesNamed } from '@/lib/testing/files';
import { describe, expect, it, vi } from 'vitest';
import { sessionCookie } from '@/lib/testing/session';

// Every page under app/, found on disk: without a session each one redirects to /login (and back
// afterwards), before it asks any backend; a viewer is sent back from the operator's pages.
let cookie = '';
vi.mock('next/headers', () => ({ headers: async () => new Headers(cookie ? { cookie } : {}) }));

const ROOT = __dirname;
const pages = filesNamed(ROOT, 'page.tsx', ['api'])
  .map((file) => ({ file, route: `/${path.relative(ROOT, path.dirname(file))}` }))
  .filter((p) => p.route !== '/login');

type Page = (props: { params: Promise<object>; searchParams: Promise<object> }) => unknown;
const props = {
  params: Promise.resolve({
    appId: 'app-1',
    traceId: 'ab',
    id: 'kW3v0bnJx2Yq8d5cLr9TAg',
    batchId: '7',
    otherAppId: 'app-2',
  }),
  searchParams: Promise.resolve({}),
};

/** Where a page redirected to (Next's redirect() throws an error carrying it), or undefined. */
async function redirectOf(file: string): Promise<string | undefined> {
  const page = ((await import(file)) as { default: Page }).default;
  try {
    await page(props);
    return undefined;
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? '';
    return digest.startsWith('NEXT_REDIRECT') ? digest.split(';')[2] : `not a redirect: ${error}`;
  }
}

describe('pages without a session', () => {
  it('finds the pages', () => {
    expect(pages.length).toBeGreaterThanOrEqual(7);
  });

  it.each(pages.map((p) => [p.route, p.file]))('%s redirects to /login', async (route, file) => {
    cookie = '';
    const to = await redirectOf(file);
    expect(to).toMatch(/^\/login\?next=/);
    expect(decodeURIComponent(to?.split('next=')[1] ?? '')).toBe(
      route
        .replace('[appId]', 'app-1')
        .replace('[traceId]', 'ab')
        .replace('[id]', 'kW3v0bnJx2Yq8d5cLr9TAg')
        .replace('[batchId]', '7')
        .replace('[otherAppId]', 'app-2')
        .replace('/(index)', '') || '/',
    );
  });

  it('comes back to the same view, query included', async () => {
    cookie = '';
    const page = pages.find((p) => p.route === '/incident');
    const mod = (await import(page?.file ?? '')) as { default: Page };
    const error = await Promise.resolve(
      mod.default({ ...props, searchParams: Promise.resolve({ alert: '40625df97d87fc29' }) }),
    ).catch((e: unknown) => e);
    expect((error as { digest?: string }).digest?.split(';')[2]).toBe(
      `/login?next=${encodeURIComponent('/incident?alert=40625df97d87fc29')}`,
    );
  });

  it('sends a viewer from the logs and incident pages to /login with the refusal', async () => {
    cookie = await sessionCookie('vera', ['viewer']);
    for (const route of ['/logs', '/incident']) {
      const page = pages.find((p) => p.route === route);
      expect(await redirectOf(page?.file ?? '')).toBe(
        `/login?next=${encodeURIComponent(route)}&denied=operator`,
      );
    }
  });
});
