// The app's service worker (emitted by build/service-worker.ts with the build's file list).
// Precached files are answered from the cache (the app opens instantly and offline); a page navigation is answered
// with the cached app shell. The API (/graphql, /exports, health checks) is never cached: the outbox in IndexedDB
// holds what waits to be sent.
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const CACHE = `app-${VERSION}`;
const API = /^\/(graphql|exports|healthz|readyz)(\/|$)/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('app-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || API.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(caches.match('/', { cacheName: CACHE }).then((hit) => hit || fetch(request)));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});
