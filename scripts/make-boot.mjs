// Builds the start-up script that Trunk inlines into index.html (a Trunk pre-build hook): puts the
// texts of the first screen's shell into js/boot.js, in both languages from locales/*.json, and the
// texts of the notice for a page that cannot be loaded in both languages (the texts are never
// written twice), and minifies it with terser.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { minify } from 'terser';

/** The keys the shell shows (see `shell` in js/boot.js). */
const KEYS = [
  'skip_to_content', 'tagline', 'nav_services', 'nav_directory', 'nav_tickets', 'switch_language',
  'home_title', 'home_lead', 'directory_title', 'directory_lead', 'checklist_title', 'checklist_intro', 'loading',
];
const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** The shell's texts in both languages: `{ id: {…}, en: {…} }`. */
const texts = Object.fromEntries(['id', 'en'].map((language) => {
  const locale = JSON.parse(readFileSync(`locales/${language}.json`, 'utf8'));
  return [language, Object.fromEntries(KEYS.map((key) => {
    if (typeof locale[key] !== 'string') throw new Error(`make-boot: locales/${language}.json has no text "${key}"`);
    return [key, escape(locale[key])];
  }))];
}));
/** The notice shown when a page's code cannot be fetched (js/chunk-packs.js), in both languages. */
const NOTICE_KEYS = ['chunk_failed', 'update_reload'];
const notice = Object.fromEntries(['id', 'en'].map((language) => {
  const texts = JSON.parse(readFileSync(`locales/${language}.json`, 'utf8'));
  return [language, Object.fromEntries(NOTICE_KEYS.map((key) => {
    if (typeof texts[key] !== 'string') throw new Error(`make-boot: locales/${language}.json has no text "${key}"`);
    return [key, texts[key]];
  }))];
}));
const source = readFileSync('js/boot.js', 'utf8');
for (const marker of ['__SHELL_TEXTS__', '__NOTICE_TEXTS__']) {
  if (!source.includes(marker)) throw new Error(`make-boot: js/boot.js has no ${marker}`);
}
const filled = source.replace('__SHELL_TEXTS__', JSON.stringify(texts)).replace('__NOTICE_TEXTS__', JSON.stringify(notice));
const { code } = await minify(filled, { compress: true, mangle: true });
mkdirSync('target/web', { recursive: true });
writeFileSync('target/web/boot.min.js', code);
