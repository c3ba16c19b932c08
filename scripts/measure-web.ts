/**
 * `npm run web:measure`: the intake screen's first load on Chromium's emulation of a slow 3G link
 * (400 kbit/s down and up, 400 ms round trip), cold (empty cache, no service worker) and warm (the service
 * worker's cache), against the real server over a copy of the seeded test database. Prints the compressed
 * JavaScript transferred and the time until the form can be used (its save button and farmer field shown),
 * as a markdown table for docs/performance.md. Exits 1 when the budget (200 KB of compressed JavaScript,
 * 3 s cold) is exceeded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launch } from '../tests/browser/support/browser.js';
import { startWebServer } from '../tests/browser/support/web-server.js';
import { WEB_DIST } from '../server/web.js';

const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
const BUDGET_JS_BYTES = 200 * 1024;
const BUDGET_COLD_MS = 3000;

const server = await startWebServer();
const browser = await launch();
try {
  // The signed-in device: the token and viewer in localStorage, as the sign-in screen leaves them.
  const registry = JSON.parse(readFileSync(join(WEB_DIST, 'persisted-operations.json'), 'utf8')) as Record<
    string,
    string
  >;
  const viewerHash = Object.entries(registry).find(([, q]) => q.startsWith('query Viewer'))![0];
  const token = server.tokens.plant_staff!;
  const viewer = await fetch(`${server.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: viewerHash } } }),
  }).then(async (r) => ((await r.json()) as { data: unknown }).data);

  const page = await browser.context.newPage();
  await page.clock.setFixedTime(new Date('2019-12-18T12:00:00-05:00'));
  await page.goto(`${server.origin}/healthz`);
  await page.evaluate(
    ([t, v]) => {
      localStorage.setItem('coop.token', t as string);
      localStorage.setItem('coop.viewer', JSON.stringify(v));
    },
    [token, viewer],
  );
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  const scripts = new Set<string>();
  let jsBytes = 0;
  let allBytes = 0;
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script') scripts.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    allBytes += e.encodedDataLength;
    if (scripts.has(e.requestId)) jsBytes += e.encodedDataLength;
  });

  const usable = async (p: Page) => {
    const started = Date.now();
    await p.goto(`${server.origin}/intake`, { waitUntil: 'commit' });
    await p.getByRole('button', { name: 'Guardar y enviar' }).waitFor({ timeout: 30_000 });
    await p.getByLabel('Productor (nombre o DNI)').waitFor();
    return Date.now() - started;
  };

  const coldMs = await usable(page);
  const cold = { ms: coldMs, jsBytes, allBytes };
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  jsBytes = 0;
  allBytes = 0;
  const warmMs = await usable(page);
  const warm = { ms: warmMs, jsBytes, allBytes };
  await browser.context.setOffline(true);
  const offlineMs = await usable(page);

  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  console.log(`| load (slow 3G: 400 kbit/s, 400 ms RTT) | compressed JS over the network | all bytes | usable after |
| --- | --- | --- | --- |
| cold: empty cache, no service worker | ${kb(cold.jsBytes)} | ${kb(cold.allBytes)} | ${cold.ms} ms |
| warm: from the service worker's cache | ${kb(warm.jsBytes)} | ${kb(warm.allBytes)} | ${warm.ms} ms |
| offline: from the service worker's cache | — | — | ${offlineMs} ms |`);
  if (cold.jsBytes > BUDGET_JS_BYTES || cold.ms > BUDGET_COLD_MS) {
    console.error(
      `over budget: ${kb(cold.jsBytes)} of JS (budget ${kb(BUDGET_JS_BYTES)}), ${cold.ms} ms (budget ${BUDGET_COLD_MS} ms)`,
    );
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.close();
}
