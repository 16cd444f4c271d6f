// The public files as served: the stylesheet without its comments, the script minified, the fonts' hashed URLs written into the stylesheet. Pure (esbuild's transform is a function of its input).
import { transformSync } from 'esbuild';
import { assetUrl, type AssetFile } from './resource.js';

/** The public files every page links to; the build fails without them. */
export const REQUIRED_ASSETS = { css: 'style.css', js: 'reader.js', icon: 'favicon.svg' } as const;

/** The body face, preloaded by every page: the text is set in it, so it is wanted before the first paint. */
export const PRELOAD_FONTS = ['source-serif-4-latin-400-normal.woff2'] as const;

/**
 * The stylesheet and script as served: their comments are for the people who edit them, not for every reader's first
 * round trip (about 1.4 KB brotli of the 14 KB page budget), so block comments, the white space around braces and
 * semicolons and after colons and commas leave the CSS. The script is minified by esbuild (already here for the
 * static copy's search): 4,986 → 3,915 B brotli for reader.js, where stripping its whole-line `//` comments alone
 * left 4,986. style.css names each font by its file name
 * (`url("source-serif-4-latin-400-normal.woff2")`); the fonts are served under content-hashed URLs, which are written
 * in (so the stylesheet's hash follows the fonts'). `appendCss`, rules made from the content (the printed running
 * head), goes at the end, after the comments and spaces are gone, so the minifying cannot touch its strings.
 */
export function prepareAssets(assets: readonly AssetFile[], appendCss = ''): readonly AssetFile[] {
  const fonts = assets.filter((file) => file.name.endsWith('.woff2'));
  return assets.map((file) => {
    if (file.name === REQUIRED_ASSETS.css) {
      let css = file.body
        .toString('utf8')
        .replace(/\/\*[^]*?\*\//g, '')
        .replace(/\s*([{};])\s*/g, '$1')
        .replace(/([:,]) /g, '$1');
      for (const font of fonts) css = css.split(`url("${font.name}")`).join(`url("${assetUrl(font)}")`);
      return { name: file.name, body: Buffer.from(css + appendCss) };
    }
    if (file.name === REQUIRED_ASSETS.js) {
      const { code } = transformSync(file.body.toString('utf8'), { minify: true, legalComments: 'none' });
      return { name: file.name, body: Buffer.from(code) };
    }
    return file;
  });
}
