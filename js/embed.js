// Embeds Antrean in a portal page with one line:
//
//   <script src="https://antrean.example.go.id/layanan/antrean/embed.js" data-province="71" data-lang="id" async></script>
//
// It puts an iframe of the app (from the folder this file was loaded from) where the script is, or
// into the element named by data-target="#id", passes data-province, data-city, data-mpp and
// data-lang on as URL parameters, keeps the iframe's height equal to its content, and re-sends the
// app's events on the iframe as DOM events that bubble to `document`:
//
//   document.addEventListener('antrean:booked', (e) => console.log(e.detail.code, e.detail.start));
//   document.addEventListener('antrean:navigated', (e) => console.log(e.detail.path));
//
// The app posts only to the origins listed in its config.json `allowed_origins`; this script
// accepts messages only from the iframe it made, from the app's origin.
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script || !script.src) return;
  const app = new URL('./', script.src);
  const source = new URL(app);
  source.searchParams.set('embed', '1');
  for (const key of ['province', 'city', 'mpp', 'lang']) {
    const value = script.dataset[key];
    if (value) source.searchParams.set(key, value);
  }
  const frame = document.createElement('iframe');
  frame.src = source.href;
  frame.title = script.dataset.title || 'Antrean · Mal Pelayanan Publik';
  // "Terdekat" asks for the position; the portal page passes the permission on to the app only.
  frame.allow = 'geolocation';
  frame.style.cssText = 'display:block;width:100%;min-height:480px;border:0';
  const target = script.dataset.target ? document.querySelector(script.dataset.target) : null;
  if (target) target.appendChild(frame);
  else script.after(frame);

  // The app tells its height within moments of loading, but only to a page whose origin its
  // config.json allows (and the server refuses frames to origins it does not name). Silence after
  // the frame has loaded means this origin is not set up: say so to the webmaster, in the console
  // and above the frame, naming the field to set. The notice goes if the app speaks after all.
  let heard = false;
  let notice = null;
  frame.addEventListener('load', () => {
    setTimeout(() => {
      if (heard || notice) return;
      const field = 'allowed_origins';
      console.error(
        `Antrean (${app.href}) sent this page nothing: ${location.origin} is not in "${field}" of the app's config.json, ` +
          `so the app refuses to be framed here or does not talk to this page. Add "${location.origin}" to "${field}" ` +
          `(README, Configuration) and reload.`,
      );
      notice = document.createElement('p');
      notice.setAttribute('role', 'alert');
      notice.className = 'antrean-embed-refused';
      notice.style.cssText = 'margin:0 0 8px;padding:12px;border:2px solid #b3261e;border-radius:6px;background:#fff;color:#5c1410;font:inherit';
      notice.textContent =
        script.dataset.lang === 'en'
          ? `Antrean cannot be shown on this page yet. Webmaster: add ${location.origin} to "${field}" in Antrean's config.json.`
          : `Antrean belum dapat ditampilkan di halaman ini. Pengelola situs: tambahkan ${location.origin} ke "${field}" di config.json Antrean.`;
      frame.before(notice);
    }, 8000);
  });

  addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || event.origin !== app.origin) return;
    const data = event.data;
    if (!data || typeof data.type !== 'string' || !data.type.startsWith('antrean:')) return;
    heard = true;
    notice?.remove();
    if (data.type === 'antrean:height') {
      if (Number.isFinite(data.height) && data.height > 0) {
        frame.style.minHeight = '0';
        frame.style.height = `${Math.ceil(data.height)}px`;
      }
      return;
    }
    const { type, ...detail } = data;
    frame.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  });
})();
