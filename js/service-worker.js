// Antrean's service worker, written into dist/sw.js by scripts/build-app.sh, which fills in the
// build's version and its own list of files below (never maintained by hand).
//
// - The app shell (index.html and the hashed JS, wasm and CSS of this build, icons, manifest) is
//   precached at install, in a cache named after the build: an old build's files are never mixed
//   with a new one's, and the old cache is deleted once the new worker takes over.
// - So are the packs of the other pages' code (`pack-*.bin`), except on a connection marked
//   save-data: there a pack is kept when its page first fetches it, so a page once opened opens
//   offline too, and no byte is spent on pages the citizen never opens.
// - Navigations are answered from the network, falling back to the cached shell offline.
// - The catalogue and the directory (`/api/v1/catalogue`, `/api/v1/mpps`) are served
//   stale-while-revalidate, so the checker and the directory open offline.
// - The deploy's `config.json` is asked from the network first (an operator may change it without a
//   new build), its last copy used offline.
// - Nothing else under `/api/` is ever cached: bookings, holds and tokens carry personal data.
const VERSION = '__VERSION__';
const SHELL = `antrean-shell-${VERSION}`;
const DATA = 'antrean-data-v1';
const PRECACHE = __PRECACHE__;
const isPack = (path) => /^pack-[\w-]+\.bin$/.test(path);
const SCOPE = new URL(self.registration.scope);
const SHARED_DATA = ['api/v1/catalogue', 'api/v1/mpps'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) => {
      const wanted = self.navigator.connection?.saveData ? PRECACHE.filter((path) => !isPack(path)) : PRECACHE;
      return cache.addAll(wanted.map((path) => new URL(path, SCOPE).href));
    }),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('antrean-shell-') && name !== SHELL).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

// The page asks the waiting worker to take over when the citizen accepts the new version.
self.addEventListener('message', (event) => {
  if (event.data === 'antrean:activate') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin) return;
  const path = url.pathname.slice(SCOPE.pathname.length);
  if (path.startsWith('api/')) {
    // Shared, public data only (no query: a filtered list is not the directory).
    if (SHARED_DATA.includes(path) && !url.search) event.respondWith(staleWhileRevalidate(event));
    return;
  }
  if (path === 'config.json') {
    event.respondWith(networkFirst(request));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match(new URL('index.html', SCOPE).href, { cacheName: SHELL })));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: SHELL }).then((cached) => cached || fetchShellFile(request, path)));
});

/** A file of this build that is not cached yet (a pack skipped on save-data): kept once fetched. */
async function fetchShellFile(request, path) {
  const response = await fetch(request);
  if (response.ok && isPack(path) && PRECACHE.includes(path)) {
    const cache = await caches.open(SHELL);
    await cache.put(request, response.clone());
  }
  return response;
}

/** The network's answer, kept for offline use; the kept copy when the network fails. */
async function networkFirst(request) {
  const cache = await caches.open(DATA);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

/** The cached copy at once (revalidated in the background), or the network when there is none. */
async function staleWhileRevalidate(event) {
  const cache = await caches.open(DATA);
  const cached = await cache.match(event.request, { ignoreVary: true });
  const fresh = fetch(event.request).then((response) => {
    if (response.status === 200) cache.put(event.request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(fresh.catch(() => undefined));
    return cached;
  }
  return fresh;
}
