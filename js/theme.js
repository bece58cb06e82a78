// A deploy's theme (config.json "theme"), loaded by the start-up script only when there is one:
// the colour, radius and font as CSS custom properties in a constructed style sheet (which the
// Content-Security-Policy allows, unlike a <style> element), after checking each value. A primary
// colour must keep WCAG AA contrast (4.5:1) with white: links and buttons put it on white, and
// white text on it. The dark scheme keeps Antrean's own palette.

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
export const applyTheme = (theme, problem) => {
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

