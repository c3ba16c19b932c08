/**
 * Emits dist/sw.js: the service worker of ../sw-template.js with the build's file list and a version derived
 * from it, so a new build installs a new worker that precaches the new files and drops the old cache.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

export function serviceWorker(): Plugin {
  return {
    name: 'service-worker',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => !f.endsWith('.map') && f !== 'persisted-operations.json')
        .map((f) => `/${f}`)
        .sort();
      const precache = ['/', ...files.filter((f) => f !== '/index.html')];
      const version = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 12);
      const template = readFileSync(join(import.meta.dirname, '..', 'sw-template.js'), 'utf8');
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: template.replace('__PRECACHE__', JSON.stringify(precache)).replace('__VERSION__', version),
      });
    },
  };
}
