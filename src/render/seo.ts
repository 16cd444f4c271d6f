// What other machines read: Open Graph and Twitter card tags, JSON-LD, sitemap.xml and robots.txt. Pure.
import type { InterviewMeta } from '../content/model.js';
import { escapeHtml } from './text.js';

/** The values of a page's Open Graph and Twitter card tags (the template escapes them). */
export interface SocialMeta {
  readonly type: 'website' | 'article';
  readonly title: string;
  readonly description: string;
  readonly siteName: string;
  /** Absolute URL of the page; null when no public origin is known (a relative og:url is invalid, so none is sent). */
  readonly url: string | null;
  /** `article:section`, for pages that belong to a section. */
  readonly section?: string;
  /** `article:published_time`, when the front matter gives the date. */
  readonly published?: string;
  /** The preview image (`og:image` and its size, type and alt text); absent: a text-only card. */
  readonly image?: {
    readonly url: string;
    readonly alt: string;
    readonly width: number;
    readonly height: number;
    readonly type: string;
  };
}

/** Builds the tags' values. `baseUrl` '' means "no public origin known": og:url is left out. */
export function socialMeta(
  meta: InterviewMeta,
  baseUrl: string,
  page: {
    path: string;
    title: string;
    description: string;
    type?: 'website' | 'article';
    section?: string | undefined;
    image?: SocialMeta['image'] | undefined;
  },
): SocialMeta {
  return {
    type: page.type ?? 'article',
    title: page.title,
    description: page.description,
    siteName: `${meta.outlet} interview · ${meta.interviewee.name}`,
    url: baseUrl ? `${baseUrl}${page.path}` : null,
    ...(page.section ? { section: page.section } : {}),
    ...(meta.published ? { published: meta.published } : {}),
    ...(page.image ? { image: page.image } : {}),
  };
}

/**
 * JSON for a `<script type="application/ld+json">` data block. `<`, `>`, `&` and the line and paragraph
 * separators are written as `\u` escapes, so no text can close the script element or start a comment.
 * The CSP does not apply: a data block is never executed.
 */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A schema.org `NewsArticle` for the interview, or for one section or question of it. `headline` should be at most
 * 110 characters; `interviewHeadline` is the whole interview's, in plain text (the work this one translates).
 */
export function newsArticle(
  meta: InterviewMeta,
  interviewHeadline: string,
  baseUrl: string,
  page: {
    path: string;
    headline: string;
    description: string;
    section?: string | undefined;
    image?: string | undefined;
  },
): Record<string, unknown> {
  const article: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: page.headline,
    description: page.description,
    inLanguage: meta.language,
    publisher: { '@type': 'Organization', name: meta.outlet },
    author: { '@type': 'Organization', name: meta.interviewer },
    about: {
      '@type': 'Person',
      name: meta.interviewee.name,
      ...(meta.interviewee.role ? { jobTitle: meta.interviewee.role } : {}),
    },
  };
  if (page.section) article.articleSection = page.section;
  if (meta.published) article.datePublished = meta.published;
  if (page.image) article.image = page.image;
  // The original publication, when the front matter gives its address: what this page is based on.
  if (meta.original) article.isBasedOn = meta.original;
  if (meta.translation) {
    article.translator = { '@type': 'Organization', name: meta.translation.service };
    article.translationOfWork = {
      '@type': 'NewsArticle',
      headline: interviewHeadline,
      inLanguage: meta.translation.from,
      ...(meta.original ? { url: meta.original } : {}),
    };
  }
  if (baseUrl) {
    article.url = `${baseUrl}${page.path}`;
    article.mainEntityOfPage = `${baseUrl}${page.path}`;
  }
  return article;
}

/**
 * sitemap.xml for root-relative `paths`. The protocol wants absolute URLs: with `baseUrl` '' the
 * locations stay root-relative, which crawlers ignore (docs/sharing.md).
 */
export function sitemapXml(baseUrl: string, paths: readonly string[]): string {
  const urls = paths.map((path) => `  <url><loc>${escapeHtml(`${baseUrl}${path}`)}</loc></url>\n`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}</urlset>\n`;
}

/** robots.txt: everything may be crawled but search results; names the sitemap when the origin is known. */
export function robotsTxt(baseUrl: string): string {
  return `User-agent: *\nDisallow: /search\n${baseUrl ? `\nSitemap: ${baseUrl}/sitemap.xml\n` : ''}`;
}
