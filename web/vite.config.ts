/**
 * Builds the web app into web/dist, served by the API server at `/`.
 * Two small plugins of our own:
 * - persisted operations: every GraphQL operation of the app (src/ops.ts) is printed, hashed (SHA-256) and written
 *   to dist/persisted-operations.json, which the server loads as its registry; the client gets the name → hash map
 *   and sends only the hash (docs/api.md, "Persisted operations");
 * - the service worker: dist/sw.js precaches the build's files, so the app opens instantly and offline.
 */
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { persistedOperations } from './build/persisted.ts';
import { serviceWorker } from './build/service-worker.ts';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact(), persistedOperations(), serviceWorker()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Budget: the intake screen's first load is at most 200 KB of compressed JavaScript (docs/performance.md).
    chunkSizeWarningLimit: 200,
  },
});
