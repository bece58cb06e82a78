// Antrean's start-up, inlined into index.html (by scripts/make-boot.mjs, a Trunk hook) so it runs
// before the wasm has arrived.
//
// 1. Reads the deploy's configuration (`config.json` beside the app, README "Configuration"). When
//    there is something to check (a field in the file, or a URL parameter), it imports `config.js`,
//    which checks every field and applies the theme; a wrong field is reported by name and the app
//    shows the list instead of a blank page. The result is handed to the wasm as
//    `window.antreanReady`, a promise the app awaits before it renders.
// 2. Paints the first screen's shell: the header and the page's heading and introduction, the same
//    markup the app renders first, so the citizen reads them while the wasm downloads (on the
//    other pages, the header and a loading line), in the language the app will start in; its
//    language switch already works. Not with a region's header, embedded or in a kiosk.
// 3. Holds the app back until its page has rendered: the app mounts into `#antrean-app`, hidden
//    until the route's content is there (its heading, where a shell was painted), then the shell
//    and the hidden attribute go in the same frame. A page's code arrives as its own chunk of wasm,
//    after the main module: without this the citizen would see the header above an empty page.
// 4. Asks for the catalogue early on a service's pages; in a portal's iframe, imports `framed.js`
//    (messages to the portal); once the page has loaded, imports `register-sw.js`.
// 5. When a page's code cannot be fetched, or the app fails to start, says so with a reload button
//    (`antreanChunkFailed`) instead of leaving the citizen before a page that never comes.
(() => {
  'use strict';
  const base = new URL(document.baseURI);
  base.search = '';
  base.hash = '';
  const params = new URLSearchParams(location.search);
  const page = location.pathname.slice(base.pathname.length);
  const found = [];
  const unreadable = () => {
    found.push({ field: 'config.json', code: 'unreadable' });
    return {};
  };
  const plain = (file) =>
    found.length === 0 &&
    file &&
    typeof file === 'object' &&
    !Array.isArray(file) &&
    Object.keys(file).length === 0 &&
    !['lang', 'province', 'city', 'mpp', 'embed'].some((key) => params.has(key));

  // A deep link's own code: the packs of split modules its page needs (filled in at build time by
  // scripts/pack-chunks.mjs) are fetched now, beside the main module, not after it has started; the
  // split loader (js/chunk-packs.js) takes them from here. The paths are the router's (src/app.rs).
  const ROUTES = [
    [/^mpp$/, 'directory'],
    [/^mpp\/[^/]+$/, 'mpp'],
    [/^layanan\//, 'service'],
    [/^pesan\/[^/]+\/[^/]+\/[^/]+\/jam$/, 'time'],
    [/^pesan\/[^/]+\/[^/]+\/[^/]+\/data$/, 'applicant'],
    [/^pesan\/[^/]+\/[^/]+\/[^/]+\/periksa$/, 'check'],
    [/^pesan\/[^/]+\/[^/]+\/[^/]+\/undian$/, 'draw'],
    [/^pesan\//, 'day'],
    [/^tiket$/, 'tickets'],
    [/^tiket\/[^/]+$/, 'ticket'],
    [/^hadir\/[^/]+$/, 'check_in'],
    [/^petugas$/, 'staff'],
    [/^layar\/[^/]+$/, 'hall'],
  ];
  const route = ROUTES.find(([pattern]) => pattern.test(page))?.[1];
  const packs = __ROUTE_PACKS__[route] ?? [];
  window.antreanEarlyPacks = new Map(
    packs.map((file) => {
      const pack = fetch(new URL(file, base)).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(file))));
      pack.catch(() => {}); // handled by the loader, which fetches it again
      return [file, pack];
    }),
  );

  // A script of the app's own (next to it) imported when a page first needs it: the hall
  // display's sound (js/hall-sound.js).
  window.antreanImport = (file) => import(new URL(file, base).href);

  window.antreanReady = fetch(new URL('config.json', base))
    .then(
      (response) => (response.status === 404 ? {} : response.ok ? response.json().catch(unreadable) : unreadable()),
      () => ({}), // offline and not cached yet: the defaults
    )
    .then((file) =>
      plain(file)
        ? {
            problems: [],
            base: base.pathname.replace(/\/$/, ''),
            apiBase: new URL('api/v1', base).href,
            origins: [],
            embed: false,
            languages: ['id', 'en'],
            language: null,
            province: null,
            city: null,
            mpp: null,
            regionName: null,
            logo: null,
            kioskIdle: null,
          }
        : import(new URL('config.js', base).href).then((config) => config.settle(file, found)),
    )
    .then((config) => {
      document.body.append(app);
      window.antreanConfig = config;
      if (config.problems.length > 0) return config;
      // The home page and a service's pages render from the catalogue: ask for it now, while the wasm is still
      // downloading (the app's own request then finds it in the HTTP cache, fresh for 5 minutes).
      // Not on the pages that do not need it, where it would only slow the wasm down.
      if (page === '' || /^(layanan|pesan)\//.test(page)) fetch(`${config.apiBase}/catalogue`, { headers: { accept: 'application/json' } }).catch(() => {});
      // The same for the directory on the MPP pages and the booking (fresh for a minute).
      if (/^(mpp|pesan)(\/|$)/.test(page)) fetch(`${config.apiBase}/mpps`, { headers: { accept: 'application/json' } }).catch(() => {});
      if (config.embed) import(new URL('framed.js', base).href).then((framed) => framed.start(config)).catch(() => {});
      else if (shell(config)) {
        // The app starts once the shell has been painted: the wasm's start (compiling, the first
        // render) is a long task on a cheap phone and must not hold the first paint back.
        return new Promise((resolve) => {
          const start = () => resolve(config);
          requestAnimationFrame(() => setTimeout(start));
          setTimeout(start, 100); // a tab in the background paints no frame
        });
      }
      return config;
    })
    // Whatever happened above (config.js failing to load, say), the app has its root to mount in.
    .finally(() => app.isConnected || document.body.append(app));

  /** The shell's texts in both languages, from locales/*.json (filled in by scripts/make-boot.mjs). */
  const T = __SHELL_TEXTS__;

  /** The language the app will start in: the deploy's only one, the citizen's choice, the first. */
  const startLanguage = (config) => {
    try {
      // The app's preferences (`antrean.prefs`), or the single key of versions before the split.
      const stored = JSON.parse(localStorage.getItem('antrean.prefs') ?? localStorage.getItem('antrean') ?? 'null');
      const remembered = stored?.state?.language;
      return config.language ?? (config.languages.includes(remembered) ? remembered : config.languages[0]);
    } catch {
      return config.language ?? config.languages[0]; // storage disabled, or a value the app discards
    }
  };
  /** Keeps the citizen's choice where the app reads it at start (the envelope of src/state/part.rs). */
  const rememberLanguage = (language) => {
    try {
      const stored = JSON.parse(localStorage.getItem('antrean.prefs') ?? 'null');
      const state = stored?.version === 1 && stored.state && typeof stored.state === 'object' ? stored.state : {};
      localStorage.setItem('antrean.prefs', JSON.stringify({ version: 1, state: { ...state, language } }));
    } catch {
      // Storage disabled: the switch still changes the shell; the app starts in its default.
    }
  };

  /** Paints the shell if this page and deploy have one; whether it did. */
  const shell = (config) => {
    try {
      if (params.get('mode') === 'kiosk' || localStorage.getItem('antrean.kiosk') !== null) return false;
    } catch {
      // Storage disabled: not a kiosk.
    }
    if (config.regionName !== null || config.kioskIdle !== null) return false;
    const language = startLanguage(config);
    if (!T[language]) return false;
    paintShell(language, config.languages.length > 1);
    return true;
  };
  /** The header and the page's heading and introduction (or a loading line) in one language; the
   * language switch works already: it keeps the choice for the app and paints the shell again. */
  const paintShell = (language, canSwitch) => {
    const t = T[language];
    const other = language === 'id' ? 'en' : 'id';
    const loading = `<p class="status" role="status">${t.loading}</p>`;
    let content;
    if (page === '') {
      content = `<section class="page" aria-labelledby="home-title"><h1 id="home-title" tabindex="-1">${t.home_title}</h1><p class="lead">${t.home_lead}</p>${loading}</section>`;
    } else if (page === 'mpp') {
      content = `<section class="page" aria-labelledby="directory-title"><h1 id="directory-title" tabindex="-1">${t.directory_title}</h1><p class="lead">${t.directory_lead}</p>${loading}</section>`;
    } else if (/^layanan\/[a-z0-9-]+\/daftar$/.test(page)) {
      content = `<article class="page checklist" aria-labelledby="checklist-title"><h1 id="checklist-title" tabindex="-1">${t.checklist_title}</h1><p class="checklist__intro">${t.checklist_intro}</p>${loading}</article>`;
    } else {
      // A page whose heading comes with its code or its data: the header and a loading line.
      content = loading;
    }
    const at = (path) => new URL(path, base).pathname;
    document.getElementById('antrean-shell')?.remove();
    const element = document.createElement('div');
    element.id = 'antrean-shell';
    element.innerHTML =
      `<a class="skip-link" href="#main">${t.skip_to_content}</a>` +
      `<header class="site-header"><a class="site-header__brand" href="${at('./')}"><span class="site-header__name">Antrean</span><span class="site-header__tagline">${t.tagline}</span></a>` +
      `<nav class="site-nav" aria-label="Antrean"><a href="${at('./')}">${t.nav_services}</a><a href="${at('mpp')}">${t.nav_directory}</a><a href="${at('tiket')}">${t.nav_tickets}</a></nav>` +
      (canSwitch ? `<button class="language-switch" type="button" lang="${other}">${t.switch_language}</button>` : '') +
      `</header><main id="main" tabindex="-1" aria-label="Antrean">${content}</main>`;
    document.documentElement.lang = language;
    element.querySelector('.language-switch')?.addEventListener('click', () => {
      rememberLanguage(other);
      paintShell(other, canSwitch);
      document.querySelector('#antrean-shell .language-switch')?.focus();
    });
    document.body.prepend(element);
  };

  /** Where the app mounts (created once the body exists), hidden until its page has rendered. */
  const app = document.createElement('div');
  app.id = 'antrean-app';
  app.hidden = true;
  /** Shows the app once its page is there: with a shell, its heading (or an error saying why there
   * is none); without one, any content. */
  const reveal = () => {
    const main = app.querySelector('main');
    const shellShown = document.getElementById('antrean-shell');
    if (!main || !(shellShown ? main.querySelector('h1, [role=alert]') : main.firstElementChild)) return false;
    shellShown?.remove();
    app.hidden = false;
    window.antreanShown = true;
    dispatchEvent(new Event('antrean:shown'));
    return true;
  };
  const watcher = new MutationObserver(() => reveal() && watcher.disconnect());
  watcher.observe(app, { childList: true, subtree: true });

  /** A page's code could not be fetched (js/chunk-packs.js): offline, or a new version replaced
   * it while this page was open. Says so once, in the page's language, with a reload button. */
  const N = __NOTICE_TEXTS__;
  let noticeGiven = false;
  window.antreanChunkFailed = () => {
    if (noticeGiven) return;
    noticeGiven = true;
    const texts = N[document.documentElement.lang === 'en' ? 'en' : 'id'];
    const notice = document.createElement('div');
    notice.id = 'antrean-chunk-failed';
    notice.className = 'update-banner';
    notice.setAttribute('role', 'alert');
    const text = document.createElement('p');
    text.textContent = texts.chunk_failed;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--primary';
    button.textContent = texts.update_reload;
    // Leptos changes the URL once the next page's code has arrived: the citizen meant to go where
    // they last tapped, if that just happened, not back to the page they were leaving.
    const meant = lastTap && performance.now() - lastTap.at < 30000 ? lastTap.href : null;
    button.addEventListener('click', () => (meant && meant !== location.href ? location.assign(meant) : location.reload()));
    notice.append(text, button);
    // Once the page has its shell or the app's root (a failure may come before either exists).
    window.antreanReady.catch(() => {}).finally(() => {
      shellOrApp().prepend(notice);
      app.hidden = false;
      button.focus();
    });
  };
  const shellOrApp = () => document.getElementById('antrean-shell') ?? app;
  /** The last link to a page of the app that the citizen followed, and when. */
  let lastTap = null;
  document.addEventListener(
    'click',
    (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (link && link.origin === location.origin && !link.hash) lastTap = { href: link.href, at: performance.now() };
    },
    true,
  );
  // The main module never started (its glue or wasm could not be fetched: offline before the
  // worker had cached them, or a deploy replaced them while this page loaded; or it failed while
  // starting): the same notice, instead of a page that says "Memuat…" forever.
  const notStarted = () => window.antreanShown || window.antreanChunkFailed();
  document.addEventListener('error', (event) => event.target instanceof HTMLScriptElement && notStarted(), true);
  addEventListener('error', notStarted);
  addEventListener('unhandledrejection', notStarted);

  // In-page links (an error summary's "#nik", the skip link): with a <base href>, "#x" would
  // resolve to the base's page and the router would go there. Move focus to the target instead.
  document.addEventListener(
    'click',
    (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
      const target = link && document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
      if (!target) return;
      event.preventDefault();
      if (target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus();
      target.scrollIntoView({ block: 'center' });
    },
    true,
  );

  // The service worker (offline use, updates) once the app has loaded: not on the first screen's path.
  if ('serviceWorker' in navigator) addEventListener('load', () => import(new URL('register-sw.js', base).href).catch(() => {}));
})();
