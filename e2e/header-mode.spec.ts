import { expect, test } from '@playwright/test';
import { freePort, startConsole } from './console';

// AUTH_MODE=header behind a proxy: the production server records each request's TCP peer itself
// (lib/auth/peer.ts), so the user headers count only from a listed proxy address, and a client
// cannot claim to be one with headers of its own.
const asHank = {
  'x-forwarded-user': 'hank',
  'x-forwarded-groups': 'operator',
  'x-forwarded-for': '10.0.0.5',
  'x-sparkwatch-peer': '10.0.0.5',
};

for (const [proxies, status] of [
  ['127.0.0.1', 200],
  ['10.0.0.5', 401],
] as const) {
  test(`with AUTH_TRUSTED_PROXIES=${proxies}, a request from 127.0.0.1 is ${status}`, async () => {
    const console_ = await startConsole(await freePort(), {
      AUTH_MODE: 'header',
      AUTH_TRUSTED_PROXIES: proxies,
    });
    try {
      const me = await fetch(`${console_.url}/api/auth/me`, { headers: asHank });
      expect(me.status).toBe(status);
      if (status === 200) expect(await me.json()).toMatchObject({ user: 'hank', role: 'operator' });
    } finally {
      await console_.stop();
    }
  });
}
