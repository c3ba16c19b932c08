/**
 * Serves the built web app (web/dist, built by `npm install`'s prepare step or at first start) at `/`. Hashed
 * assets are cached for a year; index.html and the service worker are revalidated on every load, so a new build
 * reaches the tablets. Files are sent gzip-compressed (the 200 KB budget is of compressed JavaScript). Any other GET that is not the API answers the app shell (client-side routes).
 */
import { join, resolve } from 'node:path';
import compression from 'compression';
import express from 'express';

export const WEB_DIST = resolve(import.meta.dirname, '..', 'web', 'dist');
const NOT_APP = /^\/(graphql|exports|healthz|readyz)(\/|$)/;

export function serveWebApp(app: express.Express, root: string): void {
  // gzip for the app's files (registered after the API, so /graphql's event streams are never buffered by it).
  app.use(compression());
  app.use(
    express.static(root, {
      index: false,
      setHeaders(res, path) {
        if (path.includes(`${join(root, 'assets')}`))
          res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        else res.setHeader('cache-control', 'no-cache');
      },
    }),
  );
  app.get(/.*/, (req, res, next) => {
    if (NOT_APP.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(join(root, 'index.html'));
  });
}
