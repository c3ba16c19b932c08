/**
 * The intake screen's JavaScript budget, checked on the build: the scripts index.html loads (the entry and
 * its preloaded imports; the intake screen is in them, other screens load on demand) weigh at most 200 KB
 * gzip-compressed. `npm run web:measure` times the same load on slow 3G (docs/performance.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { WEB_DIST } from '../../server/web.js';

it('the first load of the intake screen is at most 200 KB of compressed JavaScript', () => {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  expect(scripts.length).toBeGreaterThan(0);
  const bytes = scripts.reduce((sum, s) => sum + gzipSync(readFileSync(join(WEB_DIST, s))).length, 0);
  expect(bytes).toBeLessThanOrEqual(200 * 1024);
  // The entry chunk holds the intake screen itself, not a lazy import of it.
  const entry = readFileSync(join(WEB_DIST, scripts[0]!), 'utf8');
  expect(entry).toContain('outbox-counts');
});
