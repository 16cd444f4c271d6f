// The whole build after loading: interview + templates + assets → the complete Site, search included. Pure.
import { EMPTY_LOCK, resolveAnchors, type AnchorLock } from '../content/anchors.js';
import type { Interview } from '../content/model.js';
import type { AttachedNote } from '../content/notes.js';
import { renderErrorPage, renderPages } from '../render/pages.js';
import { questionPath, sectionPath } from '../render/paths.js';
import { printRunningHead } from '../render/print.js';
import {
  homeCard,
  planPreviewImages,
  PREVIEW_HEIGHT,
  PREVIEW_WIDTH,
  previewAlt,
  renderCoverImage,
  renderPreviewImages,
  type PreviewFonts,
  type PreviewImageCache,
  type PreviewImagePlan,
} from '../render/preview/index.js';
import { renderInterview, type RenderedInterview } from '../render/rendered.js';
import { indexInterview, searchPageRenderer, searchPageView } from '../render/search/index.js';
import { robotsTxt, sitemapXml } from '../render/seo.js';
import type { Templates } from '../render/templates.js';
import { buildEpub, DEFAULT_MODIFIED, EPUB_MEDIA_TYPE } from '../render/epub/index.js';
import type { DownloadRef, PreviewImageRef, RenderOptions } from '../render/views.js';
import { PRELOAD_FONTS, prepareAssets, REQUIRED_ASSETS } from './assets.js';
import { ASSET_CACHE_CONTROL, assetUrl, hash, type AssetFile } from './resource.js';
import { EPUB_PATH, packSite, type Site } from './site.js';

export interface BuildInputs {
  readonly interview: Interview;
  readonly templates: Templates;
  /** The files of `public/`: every page links to REQUIRED_ASSETS. */
  readonly assets: readonly AssetFile[];
  /** Origin for canonical links; '' (the default) gives root-relative links. */
  readonly baseUrl?: string;
  readonly securityHeaders: Readonly<Record<string, string>>;
  /** The lock of published anchors: old slugs redirect, old question ids stay as alias anchors. Default: empty. */
  readonly anchors?: AnchorLock;
  /** The editorial notes, attached to their words (content/notes.ts). Default: none. */
  readonly notes?: readonly AttachedNote[];
}

/** The preview images of a build: which image each page shows, and each image's PNG bytes by its card's key. */
interface Previews {
  readonly plan: PreviewImagePlan;
  readonly pngs: ReadonlyMap<string, Buffer>;
  /** The EPUB's portrait cover (1600×2560), from the home card's words. */
  readonly cover: Buffer;
}

/**
 * The complete Site, with a preview image for every shareable page (satori and resvg, a second or two for the real
 * interview): what the server, the prestart step, a reload and the export build. Renders every paragraph once.
 * Images `cache` holds (from an earlier build) are taken from it, not rendered again.
 * @throws Error when a required asset is missing.
 */
export async function buildSiteWithPreviews(
  inputs: BuildInputs,
  fonts: PreviewFonts,
  cache?: PreviewImageCache,
): Promise<Site> {
  const rendered = renderInterview(inputs.interview, inputs.notes);
  const plan = planPreviewImages(rendered);
  const [pngs, cover] = await Promise.all([
    renderPreviewImages(plan, fonts, cache),
    renderCoverImage(homeCard(rendered), fonts),
  ]);
  return assemble(inputs, rendered, { plan, pngs, cover });
}

/** The same Site without preview images (no og:image): for tests and tools that do not need them. */
export function buildSite(inputs: BuildInputs): Site {
  return assemble(inputs, renderInterview(inputs.interview, inputs.notes), undefined);
}

/** Every page, the search index and the search page from the rendered interview; packs it all. */
function assemble(inputs: BuildInputs, rendered: RenderedInterview, previews: Previews | undefined): Site {
  const { interview, templates } = inputs;
  const assets = prepareAssets(inputs.assets, printRunningHead(rendered));
  const urlOf = (name: string): string => {
    const asset = assets.find((file) => file.name === name);
    if (!asset) throw new Error(`public/${name} is missing`);
    return assetUrl(asset);
  };
  const anchors = resolveAnchors(interview, inputs.anchors ?? EMPTY_LOCK, inputs.notes);
  const baseUrl = inputs.baseUrl ?? '';
  const images = previews ? previewFiles(previews, baseUrl) : { files: [], refs: new Map<string, PreviewImageRef>() };
  const epub = epubFile(rendered, previews);
  const options: RenderOptions = {
    assets: {
      css: urlOf(REQUIRED_ASSETS.css),
      js: urlOf(REQUIRED_ASSETS.js),
      icon: urlOf(REQUIRED_ASSETS.icon),
      preload: PRELOAD_FONTS.filter((name) => assets.some((file) => file.name === name)).map(urlOf),
    },
    baseUrl,
    questionAliases: anchors.questionAliases,
    paragraphAliases: anchors.paragraphAliases,
    noteAliases: anchors.noteAliases,
    images: images.refs,
    epub: epub.ref,
  };

  // `/sections/<n>` (1-based) is a stable short form of each section's URL; old slugs and ids from the lock follow.
  const redirects = new Map(
    interview.sections.map((section) => [`/sections/${section.number}`, sectionPath(section.slug)]),
  );
  for (const [from, to] of anchors.sectionRedirects) redirects.set(sectionPath(from), sectionPath(to));
  for (const [from, to] of anchors.questionRedirects) redirects.set(questionPath(from), questionPath(to));
  // The EPUB's address that never changes; the file itself lives at a content-hashed one.
  redirects.set(EPUB_PATH, epub.ref.url);

  const pages = renderPages(rendered, templates, options);
  const sitemapPaths = pages.filter((page) => page.status === 200).map((page) => page.path);
  const search = { view: searchPageView(rendered, options), index: indexInterview(rendered) };
  const data = packSite({
    pages,
    errorHtml: renderErrorPage(templates, options),
    assets,
    redirects,
    securityHeaders: inputs.securityHeaders,
    files: [
      {
        path: '/sitemap.xml',
        body: sitemapXml(options.baseUrl, sitemapPaths),
        contentType: 'application/xml; charset=utf-8',
      },
      { path: '/robots.txt', body: robotsTxt(options.baseUrl), contentType: 'text/plain; charset=utf-8' },
      ...images.files,
      epub.file,
    ],
    search: { view: search.view, index: search.index.data },
  });
  return { ...data, renderSearch: searchPageRenderer(templates.search, search.view, search.index.index) };
}

/**
 * The images as files at content-hashed URLs (`/images/preview.<hash>.png`, cached as immutable, like the assets),
 * and what each page says of its image.
 */
function previewFiles(previews: Previews, baseUrl: string) {
  const files = new Map<string, { path: string; body: Buffer; contentType: string; cacheControl: string }>();
  const byKey = new Map<string, PreviewImageRef>();
  for (const { key, card } of previews.plan.images) {
    const png = previews.pngs.get(key);
    if (!png) throw new Error(`the preview image ${key} was not rendered`);
    const path = `/images/preview.${hash(png, 10)}.png`;
    files.set(path, { path, body: png, contentType: 'image/png', cacheControl: ASSET_CACHE_CONTROL });
    byKey.set(key, {
      url: `${baseUrl}${path}`,
      alt: previewAlt(card),
      width: PREVIEW_WIDTH,
      height: PREVIEW_HEIGHT,
      type: 'image/png',
    });
  }
  const refs = new Map(previews.plan.pages.map(({ page, key }) => [page, byKey.get(key)!] as const));
  return { files: [...files.values()], refs };
}

export { EPUB_PATH };

/**
 * The date of this edition of the content, `YYYY-MM-DD`, never the clock's, so the same content gives the same EPUB:
 * the front matter's `modified:` when the editors set it; else the latest date the content itself carries, its
 * `published:` date or an editorial note's `date:` (each note records when the editors changed what a reader reads).
 * Null when the content carries no date at all (then the EPUB says 2000-01-01: set `modified:`).
 */
export function editionDate(rendered: RenderedInterview): string | null {
  const { meta } = rendered.source;
  if (meta.modified) return meta.modified;
  const dates = [meta.published, ...rendered.notes.map((note) => note.source.date)].filter(
    (date): date is string => typeof date === 'string' && date !== '',
  );
  return dates.length > 0 ? dates.sort().at(-1)! : null;
}

/**
 * The EPUB, built once with the pages from the same rendered interview: at a content-hashed URL, cached as immutable,
 * saved under a readable name. Its cover is the portrait cover rendered with the preview images, when there are
 * any; its `dcterms:modified` is the edition's date (editionDate), at midnight UTC.
 */
function epubFile(rendered: RenderedInterview, previews: Previews | undefined): { file: PackedFile; ref: DownloadRef } {
  const { meta } = rendered.source;
  const cover = previews?.cover;
  const bytes = Buffer.from(
    buildEpub(rendered, {
      // The original publication, never this site's own address (which may be a local one).
      ...(meta.original ? { sourceUrl: meta.original } : {}),
      ...(cover ? { cover: { png: cover, alt: previewAlt(homeCard(rendered)) } } : {}),
      modified: `${editionDate(rendered) ?? DEFAULT_MODIFIED.slice(0, 10)}T00:00:00Z`,
    }),
  );
  const filename = `${[meta.outlet, meta.interviewee.name, 'interview']
    .join(' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}.epub`;
  const path = `/downloads/interview.${hash(bytes, 10)}.epub`;
  return {
    file: {
      path,
      body: bytes,
      contentType: EPUB_MEDIA_TYPE,
      cacheControl: ASSET_CACHE_CONTROL,
      headers: { 'content-disposition': `attachment; filename="${filename}"` },
    },
    ref: { url: path, filename, bytes: bytes.length },
  };
}

type PackedFile = NonNullable<Parameters<typeof packSite>[0]['files']>[number];
