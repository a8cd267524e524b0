import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { scenario } from './scenario';
import { screenshot } from './screens';

const sc = scenario();
const app = sc.streaming.appId;
const window = `from=${sc.window.from}&to=${sc.window.to}`;

// WCAG 2.0 and 2.1, levels A and AA: the rules the audit ran.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

// The incident view's lanes wait on a dozen backend calls; on a busy machine that takes a while.
const READY = { timeout: 45_000 };

let saved: string | undefined;
const ES = process.env.ELASTICSEARCH_URL ?? `http://127.0.0.1:${process.env.SW_ES_PORT || 9200}`;
const PREFIX = process.env.ES_CONSOLE_INDEX_PREFIX ?? 'sparkwatch';

test.afterAll(async () => {
  if (saved)
    await fetch(`${ES}/${PREFIX}-incidents/_doc/${saved}?refresh=true`, { method: 'DELETE' });
});

/** An incident saved once per run from the seeded app: two error lines and the spike batch. */
async function savedIncident(page: Page): Promise<string> {
  if (saved) return saved;
  const logs = await page.request.get(`/api/logs?appId=${app}&${window}&level=ERROR&limit=2`);
  const entries = ((await logs.json()) as { data: { entries: { index: string; id: string }[] } })
    .data.entries;
  const answer = await page.request.post('/api/incidents', {
    data: {
      title: 'a11y: StreamingNoInput',
      view: 'app',
      appId: app,
      appName: sc.streaming.appName,
      window: sc.window,
      logs: entries.map((e) => ({ index: e.index, id: e.id })),
      traces: [sc.traces.spikeBatch],
    },
  });
  expect(answer.status(), await answer.text()).toBe(201);
  saved = ((await answer.json()) as { data: { id: string } }).data.id;
  return saved;
}

interface Screen {
  name: string;
  /** Opens the page and waits until the evidence it exists for is on screen. */
  open: (page: Page) => Promise<void>;
}

const SCREENS: Screen[] = [
  {
    name: 'overview',
    open: async (page) => {
      await page.goto('/');
      await expect(page.getByTestId('app-row').filter({ hasText: app })).toBeVisible(READY);
    },
  },
  {
    name: 'alerts',
    open: async (page) => {
      await page.goto('/alerts');
      await expect(page.getByTestId('alert-row').first()).toBeVisible(READY);
    },
  },
  {
    name: 'incident',
    open: async (page) => {
      await page.goto('/alerts');
      await page
        .getByTestId('alert-row')
        .filter({ hasText: 'StreamingNoInput' })
        .filter({ hasText: app })
        .getByTestId('investigate')
        .click();
      await expect(page.getByTestId('incident-alert')).toContainText('StreamingNoInput', READY);
      await expect(page.getByTestId('lane-rates')).toBeVisible(READY);
      await expect(page.getByTestId('log-panel').getByTestId('log-row').first()).toBeVisible(READY);
      await expect(page.getByTestId('trace-panel').getByTestId('trace-row').first()).toBeVisible(
        READY,
      );
    },
  },
  {
    name: 'app',
    open: async (page) => {
      await page.goto(
        `/apps/${app}?from=${sc.incident.executorLostAt - 10 * 60_000}&to=${sc.window.to}`,
      );
      await expect(page.getByTestId('batch-lane')).toBeVisible(READY);
      await expect(page.getByTestId('log-row').first()).toBeVisible(READY);
    },
  },
  {
    name: 'logs',
    open: async (page) => {
      await page.goto(`/logs?appId=${app}&${window}`);
      await expect(page.getByTestId('log-row').first()).toBeVisible(READY);
    },
  },
  {
    name: 'traces',
    open: async (page) => {
      await page.goto(`/traces?appId=${app}&${window}`);
      await expect(page.getByTestId('trace-row').first()).toBeVisible(READY);
    },
  },
  {
    name: 'trace',
    open: async (page) => {
      await page.goto(`/traces/${sc.traces.spikeBatch}`);
      await expect(page.getByTestId('span-row').first()).toBeVisible(READY);
      // A selected span shows its attributes and logs: part of the page a person reads.
      await page
        .getByTestId('span-row')
        .filter({ hasText: /^stage \d+/ })
        .first()
        .click();
      await expect(page.getByTestId('span-attributes')).toBeVisible(READY);
    },
  },
  {
    name: 'status',
    open: async (page) => {
      await page.goto('/status');
      await expect(page.getByTestId('backend-prometheus')).toContainText(/healthy|down/);
    },
  },
  {
    name: 'incidents',
    open: async (page) => {
      await savedIncident(page);
      await page.goto('/incidents');
      await expect(page.getByTestId('incident-row').first()).toBeVisible(READY);
    },
  },
  {
    name: 'saved-incident',
    open: async (page) => {
      await page.goto(`/i/${await savedIncident(page)}`);
      await expect(page.getByTestId('frozen-logs').getByTestId('log-row').first()).toBeVisible(
        READY,
      );
      await expect(page.getByTestId('frozen-trace')).toBeVisible(READY);
      await expect(page.getByTestId('frozen-timeline')).toBeVisible(READY);
    },
  },
];

type Violations = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'];

/** One line per failing node: enough to find the element and the colours axe measured. */
function describe(violations: Violations): string {
  return violations
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.impact} ${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`,
      ),
    )
    .join('\n');
}

/** Runs axe on the page as it is; returns the serious and critical findings, one per line. */
async function blockingViolations(page: Page): Promise<string> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const minor = violations.filter((v) => !BLOCKING.has(v.impact ?? ''));
  if (minor.length) {
    test.info().annotations.push({ type: 'axe moderate/minor', description: describe(minor) });
  }
  return describe(violations.filter((v) => BLOCKING.has(v.impact ?? '')));
}

test('the check itself fails on grey-on-white text', async ({ page }) => {
  await page.goto('/status');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible(READY);
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'too faint to read';
    p.style.cssText = 'color:#aaa;background:#fff;font-size:12px';
    document.querySelector('main')?.append(p);
  });
  expect(await blockingViolations(page)).toMatch(/^serious color-contrast: /m);
});

for (const theme of ['light', 'dark'] as const) {
  test.describe(`WCAG 2.1 A/AA, ${theme} theme`, () => {
    // axe walks the whole DOM of a page full of charts: three times the usual time.
    test.slow();
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await page.addInitScript((t) => localStorage.setItem('sparkwatch-theme', t), theme);
    });

    for (const screen of SCREENS) {
      test(`${screen.name} has no serious or critical violation`, async ({ page }) => {
        await screen.open(page);
        // The theme the boot script applied is the one under test.
        await expect(page.locator('html')).toHaveClass(
          theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/,
        );
        await page.waitForLoadState('networkidle');
        const found = await blockingViolations(page);
        await screenshot(page, `a11y-${screen.name}-${theme}`);
        expect(found).toBe('');
      });
    }
  });
}
