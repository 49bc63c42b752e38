// Showup's service worker: the app itself from this device (fast on a slow network, and it
// opens offline), and the family's and the student's last answers when the network does not
// answer. The page keeps those answers itself (frontend/src/offline.rs, cache "showup-data"),
// so even a first visit leaves a copy; here they are only read. API calls never come from the
// cache while the network answers, and nothing staff open is kept.
//
// scripts/build-frontend.sh writes the build's hash below: a new build is a new worker, which
// fetches the new app and drops the old one.
const BUILD = '__SHOWUP_BUILD__';
const SHELL = `showup-shell-${BUILD}`;
const DATA = 'showup-data';
const SHELL_FILES = [
  '/',
  '/style.css',
  '/pkg/frontend.js',
  '/pkg/frontend_bg.wasm',
  '/manifest.webmanifest',
  '/icons/icon.svg',
  '/icons/icon-192.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SHELL_FILES.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => keys.filter((key) => key.startsWith('showup-shell-') && key !== SHELL))
      .then((old) => Promise.all(old.map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    // Only what the page keeps has an offline copy (see offline.rs).
    event.respondWith(fetch(request).catch((error) => fromCache(DATA, url.href, error)));
    return;
  }
  // Every page of the app is the same index.html (client-side routes).
  const key = request.mode === 'navigate' ? '/' : url.pathname;
  event.respondWith(
    caches
      .open(SHELL)
      .then((cache) => cache.match(key))
      .then((hit) => hit || fetch(request)),
  );
});

async function fromCache(name, key, error) {
  const hit = await (await caches.open(name)).match(key);
  if (hit) return hit;
  throw error;
}
