// Antrean's start-up, inlined into index.html by Trunk so it runs before the wasm has arrived.
//
// 1. Reads the deploy's configuration (`config.json` beside the app, see README "Configuration")
//    and the safe URL parameters, checks every field, applies the theme before the first paint,
//    and hands the result to the wasm as `window.antreanReady` (a promise the app awaits before it
//    renders). A field that is wrong is reported by name and the app shows the list instead of a
//    blank page; a missing file means the defaults.
// 2. In a portal's iframe (`?embed=1`), loads `framed.js`, which tells the allowed parent origins
//    the page's height, the page the citizen is on and each new booking.
// 3. Once the page has loaded, registers the service worker (`register-sw.js`).
// The theme's code (`theme.js`) and the iframe's (`framed.js`) load only where they are needed.
(() => {
  'use strict';
  const base = new URL(document.baseURI);
  base.search = '';
  base.hash = '';
  const params = new URLSearchParams(location.search);
  const FIELDS = ['api_base', 'allowed_origins', 'default_province', 'default_city', 'default_mpp', 'languages', 'theme', 'region', 'kiosk'];
  const LANGUAGES = ['id', 'en'];
  const PROVINCE = /^[0-9]{2}$/;
  const CITY = /^[0-9]{2}\.[0-9]{2}$/;
  const MPP = /^[a-z0-9][a-z0-9-]{0,63}$/;

  /** A list of {field, code} for the app to show, in its language. */
  const problems = [];
  const problem = (field, code) => {
    problems.push({ field, code });
  };

  const isLoopback = (url) => url.protocol === 'http:' && /^(127\.[0-9.]+|localhost|\[::1\])$/.test(url.hostname);
  /** An absolute http(s) URL (relative ones against the app's base), https unless it is this origin or loopback. */
  const url = (value, field) => {
    if (typeof value !== 'string' || value.trim() === '') return problem(field, 'not_text');
    let parsed;
    try {
      parsed = new URL(value, base);
    } catch {
      return problem(field, 'not_url');
    }
    if (parsed.origin !== location.origin && parsed.protocol !== 'https:' && !isLoopback(parsed)) return problem(field, 'not_url');
    return parsed;
  };
  const origin = (value, field) => {
    let parsed;
    try {
      parsed = new URL(value);
    } catch {
      return problem(field, 'not_origin');
    }
    if (parsed.origin !== value.replace(/\/$/, '') || !(parsed.protocol === 'https:' || isLoopback(parsed))) return problem(field, 'not_origin');
    return parsed.origin;
  };
  const text = (value, field, pattern) => {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string' || !pattern.test(value)) return problem(field, 'not_code');
    return value;
  };
  const object = (value, field, keys) => {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) return problem(field, 'not_object');
    for (const key of Object.keys(value)) if (!keys.includes(key)) problem(`${field}.${key}`, 'unknown_field');
    return value;
  };

  /** The configuration the app reads: every field checked, URL parameters applied where safe. */
  const settle = async (file) => {
    const config = object(file, 'config.json', FIELDS) || {};
    const api = url(config.api_base ?? 'api/v1', 'api_base');
    let origins = [];
    if (config.allowed_origins !== undefined) {
      if (!Array.isArray(config.allowed_origins)) problem('allowed_origins', 'not_list');
      else origins = config.allowed_origins.map((o, i) => origin(o, `allowed_origins[${i}]`)).filter(Boolean);
    }
    let languages = LANGUAGES;
    if (config.languages !== undefined) {
      const valid = Array.isArray(config.languages) && config.languages.length > 0 && config.languages.every((l) => LANGUAGES.includes(l));
      if (valid) languages = [...new Set(config.languages)];
      else problem('languages', 'not_language');
    }
    let language = params.get('lang');
    if (language !== null && !languages.includes(language)) {
      problem('?lang', 'not_language');
      language = null;
    }
    const theme = object(config.theme, 'theme', ['primary', 'radius', 'font']);
    const region = object(config.region, 'region', ['name', 'logo']) || {};
    if (region.name !== undefined && (typeof region.name !== 'string' || region.name.trim() === '')) problem('region.name', 'not_text');
    const logo = region.logo === undefined ? undefined : url(region.logo, 'region.logo');
    if (logo && region.name === undefined) problem('region.name', 'not_text'); // the logo's text alternative
    const kiosk = object(config.kiosk, 'kiosk', ['idle_seconds']);
    let idle = null;
    if (kiosk) {
      idle = kiosk.idle_seconds ?? 90;
      if (!Number.isInteger(idle) || idle < 5 || idle > 3600) problem('kiosk.idle_seconds', 'not_seconds');
    }
    const pick = (key, field, pattern) => {
      const fromUrl = params.get(key);
      return fromUrl !== null ? text(fromUrl, `?${key}`, pattern) : text(config[field], field, pattern);
    };
    // Only a themed deploy loads the theme's code; it runs before the app's first render.
    if (theme) (await import(new URL('theme.js', base).href)).applyTheme(theme, problem);
    return {
      problems,
      base: base.pathname.replace(/\/$/, ''),
      apiBase: api ? api.href.replace(/\/$/, '') : '',
      origins,
      embed: params.get('embed') === '1' && window.parent !== window,
      languages,
      language,
      province: pick('province', 'default_province', PROVINCE) || null,
      city: pick('city', 'default_city', CITY) || null,
      mpp: pick('mpp', 'default_mpp', MPP) || null,
      regionName: typeof region.name === 'string' ? region.name.trim() : null,
      logo: logo ? logo.href : null,
      kioskIdle: idle,
    };
  };

  const configUrl = new URL('config.json', base);
  window.antreanReady = fetch(configUrl, { cache: 'no-cache' })
    .then(
      (response) => {
        if (response.status === 404) return {};
        if (!response.ok) {
          problem('config.json', 'unreadable');
          return {};
        }
        return response.json().catch(() => {
          problem('config.json', 'unreadable');
          return {};
        });
      },
      () => ({}), // offline and not cached yet: the defaults
    )
    .then(settle)
    .then((config) => {
      window.antreanConfig = config;
      // The messages for the portal around the iframe: loaded only in a portal's iframe.
      if (config.embed) import(new URL('framed.js', base).href).then((framed) => framed.start(config));
      return config;
    });

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
  if ('serviceWorker' in navigator) addEventListener('load', () => import(new URL('register-sw.js', base).href));
})();
