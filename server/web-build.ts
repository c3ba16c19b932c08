/** Builds the web app when web/dist is missing (a checkout whose install skipped the prepare step). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { WEB_DIST } from './web.js';

export async function ensureWebBuild(logger?: Logger): Promise<void> {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  logger?.info('building the web app (first start only)...');
  const started = Date.now();
  try {
    const { build } = await import('vite');
    await build({ configFile: join(WEB_DIST, '..', 'vite.config.ts'), logLevel: 'warn' });
    logger?.info({ ms: Date.now() - started }, 'web app built');
  } catch (e) {
    logger?.error({ err: e }, 'could not build the web app; the API is served without it');
  }
}
