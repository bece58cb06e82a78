// What the app does inside a portal's iframe (`?embed=1`), imported by the start-up script only
// there: it tells the portal the page's height (embed.js sizes the iframe by it), the page the
// citizen is on (`antrean:navigated`) and each new booking (`antrean:booked`, the code and the
// time only, never personal data). Messages go only to the origins in config.json's
// `allowed_origins`: postMessage delivers each only if the parent page is on that origin.
/** Starts the messages to the portal, with the start-up script's checked configuration. */
export const start = (config) => {
  if (window.parent === window) return;
  const post = (message) => {
    for (const origin of config.origins) window.parent.postMessage(message, origin);
  };

  let lastHeight = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== lastHeight) post({ type: 'antrean:height', height: (lastHeight = height) });
  }).observe(document.documentElement);

  // The app's path without the deploy's base: /mpp, /layanan/paspor-baru/daftar, /tiket/…
  let lastPath = '';
  const navigated = () => {
    const path = location.pathname.startsWith(`${config.base}/`) ? location.pathname.slice(config.base.length) : location.pathname;
    if (path !== lastPath) post({ type: 'antrean:navigated', path: (lastPath = path) });
  };
  for (const method of ['pushState', 'replaceState']) {
    const original = history[method];
    history[method] = function (...args) {
      const result = original.apply(this, args);
      navigated();
      return result;
    };
  }
  addEventListener('popstate', navigated);
  navigated();

  // Called by the app when a booking is made.
  window.antreanBooked = (code, start) => post({ type: 'antrean:booked', code, start });
};
