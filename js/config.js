// The deploy's configuration (config.json and the URL's safe parameters), checked field by field.
// Imported by the start-up script only when there is something to check: a deploy without
// configuration and a plain address never download it. Each mistake becomes {field, code}, which
// the app shows in its language instead of the page.
const base = new URL(document.baseURI);
base.search = '';
base.hash = '';
const params = new URLSearchParams(location.search);
const FIELDS = ['api_base', 'allowed_origins', 'default_province', 'default_city', 'default_mpp', 'languages', 'theme', 'region', 'kiosk'];
const LANGUAGES = ['id', 'en'];
const PROVINCE = /^[0-9]{2}$/;
const CITY = /^[0-9]{2}\.[0-9]{2}$/;
const MPP = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Found so far: a list of {field, code} for the app to show, in its language. */
let problems = [];
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

/** The configuration the app reads: every field checked, URL parameters applied where safe;
 * `found` are the problems the start-up script met reading the file. */
export const settle = (file, found) => {
  problems = [...found];
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
  const kiosk = object(config.kiosk, 'kiosk', ['idle_seconds', 'phone_url']);
  let idle = null;
  let phoneUrl = null;
  if (kiosk) {
    idle = kiosk.idle_seconds ?? 90;
    if (!Number.isInteger(idle) || idle < 5 || idle > 3600) problem('kiosk.idle_seconds', 'not_seconds');
    // The app's address for citizens' own phones (what a kiosk hands over to them).
    if (kiosk.phone_url !== undefined) phoneUrl = url(kiosk.phone_url, 'kiosk.phone_url') || null;
  }
  const pick = (key, field, pattern) => {
    const fromUrl = params.get(key);
    return fromUrl !== null ? text(fromUrl, `?${key}`, pattern) : text(config[field], field, pattern);
  };
  if (theme) applyTheme(theme);
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
    kioskPhoneUrl: phoneUrl ? phoneUrl.href : null,
  };
};

// The theme: the colour, radius and font as CSS custom properties in a constructed style sheet
// (which the Content-Security-Policy allows, unlike a <style> element), applied before the app's
// first render. A primary colour must keep WCAG AA contrast (4.5:1) with white: links and buttons
// put it on white, and white text on it. The dark scheme keeps Antrean's own palette.

/** WCAG relative luminance of a CSS colour the browser understands, or undefined. */
const luminance = (colour) => {
  const context = document.createElement('canvas').getContext('2d');
  if (!context || !CSS.supports('color', colour)) return undefined;
  context.fillStyle = '#010203';
  context.fillStyle = colour;
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(context.fillStyle);
  if (!hex) return undefined; // a colour with transparency
  const [r, g, b] = hex.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** The theme as CSS custom properties, in a constructed style sheet (allowed by the CSP). */
const applyTheme = (theme) => {
  const light = {};
  const always = {};
  if (theme.primary !== undefined) {
    const l = luminance(String(theme.primary));
    if (l === undefined) problem('theme.primary', 'not_css');
    // Links and buttons put it on white and white text on it: WCAG AA needs 4.5:1.
    else if (1.05 / (l + 0.05) < 4.5) problem('theme.primary', 'low_contrast');
    else light['--color-primary'] = theme.primary;
  }
  if (theme.radius !== undefined) {
    if (typeof theme.radius === 'string' && CSS.supports('border-radius', theme.radius)) always['--radius'] = theme.radius;
    else problem('theme.radius', 'not_css');
  }
  if (theme.font !== undefined) {
    if (typeof theme.font === 'string' && CSS.supports('font-family', theme.font)) always['--font-body'] = theme.font;
    else problem('theme.font', 'not_css');
  }
  const sheet = new CSSStyleSheet();
  sheet.insertRule(':root {}');
  // The dark scheme keeps Antrean's own palette: a portal's colour is chosen for a light page.
  sheet.insertRule('@media not (prefers-color-scheme: dark) { :root {} }', 1);
  for (const [name, value] of Object.entries(always)) sheet.cssRules[0].style.setProperty(name, value);
  for (const [name, value] of Object.entries(light)) sheet.cssRules[1].cssRules[0].style.setProperty(name, value);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  if (light['--color-primary']) document.querySelector('meta[name="theme-color"]')?.setAttribute('content', light['--color-primary']);
};

