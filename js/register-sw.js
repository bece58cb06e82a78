// Registers the service worker; imported by the start-up script once the page has loaded. A new
// version waits until the citizen accepts it: the app shows "Versi baru tersedia" and calls
// antreanActivate; the page then reloads once, so old and new files are never mixed.
const base = new URL(document.baseURI);
let accepted = false;
navigator.serviceWorker.addEventListener('controllerchange', () => {
  if (accepted) location.reload();
});

/** Tells the app that `worker` is ready to take over, and how to let it. */
const offer = (worker) => {
  window.antreanActivate = () => {
    accepted = true;
    worker.postMessage('antrean:activate');
  };
  window.antreanUpdateReady = true;
  dispatchEvent(new Event('antrean:update'));
};

navigator.serviceWorker
  .register(new URL('sw.js', base))
  .then((registration) => {
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
      });
    });
  })
  .catch(() => {});
