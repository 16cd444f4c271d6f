// What a shared link previews as: every shareable page names its own 1200×630 preview image, its title and
// description, and citation tags; a link-preview library nobody here wrote reads them back; the EPUB is served.
import { createHash } from 'node:crypto';
import * as cheerio from 'cheerio';
import ogs from 'open-graph-scraper';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInterview } from '../src/content/parse.js';
import type { Site } from '../src/site/site.js';
import { foldPunctuation } from '../src/render/typography.js';
import { listen } from './support/http.js';
import { appFor, realContent, realNotes, siteWithPreviewsFrom } from './support/site.js';

const interview = parseInterview(realContent(), 'content/interview.md');
const questions = interview.sections.flatMap((section) => section.questions);
const origin = 'https://reader.example';
let site: Site;
let app: ReturnType<typeof appFor>;
beforeAll(async () => {
  site = await siteWithPreviewsFrom(realContent(), origin, 'content/interview.md', realNotes());
  app = appFor(site);
}, 120_000);

/** Every page that can be shared, with what it must preview as. */
const shareable = () => [
  // The headline is the ambassador's words: quoted, with his name.
  { path: '/', title: `\u201c${interview.headline.text}\u201d \u2014 Georgy Zinoviev` },
  { path: '/full', title: `\u201c${interview.headline.text}\u201d \u2014 Georgy Zinoviev` },
  ...interview.sections.map((section) => ({ path: `/sections/${section.slug}`, title: section.title.text })),
  ...questions.map((question) => ({ path: `/questions/${question.id}`, title: question.text.text })),
];

const binary = (test: request.Test) =>
  test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (bytes: Buffer) => ({
  signature: bytes.subarray(0, 8).toString('hex'),
  width: bytes.readUInt32BE(16),
  height: bytes.readUInt32BE(20),
});

describe('preview images', () => {
  it('are named by every shareable page with their size, type and alt text, and a large-image card', async () => {
    for (const { path } of shareable()) {
      const $ = cheerio.load((await request(app).get(path)).text);
      const image = $('meta[property="og:image"]').attr('content')!;
      expect(image, path).toMatch(/^https:\/\/reader\.example\/images\/preview\.[\w-]{10}\.png$/);
      expect($('meta[property="og:image:width"]').attr('content')).toBe('1200');
      expect($('meta[property="og:image:height"]').attr('content')).toBe('630');
      expect($('meta[property="og:image:type"]').attr('content')).toBe('image/png');
      expect($('meta[property="og:image:alt"]').attr('content')!.length).toBeGreaterThan(20);
      expect($('meta[name="twitter:card"]').attr('content')).toBe('summary_large_image');
      expect($('meta[name="twitter:image"]').attr('content')).toBe(image);
    }
  });

  it('are 1200×630 PNGs of at most 150 KB, cached as immutable, one of its own for each section and question', async () => {
    const urls = new Map<string, string>();
    for (const { path } of shareable()) {
      const $ = cheerio.load((await request(app).get(path)).text);
      urls.set(path, new URL($('meta[property="og:image"]').attr('content')!).pathname);
    }
    const own = [...urls].filter(([path]) => path !== '/full');
    expect(new Set(own.map(([, url]) => url)).size).toBe(own.length);
    for (const url of new Set(urls.values())) {
      const response = await binary(request(app).get(url));
      const bytes = response.body as Buffer;
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('image/png');
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(pngSize(bytes)).toEqual({ signature: '89504e470d0a1a0a', width: 1200, height: 630 });
      expect(bytes.length).toBeLessThanOrEqual(150 * 1024);
      // Content-hashed: the URL changes whenever the bytes do.
      expect(url).toContain(createHash('sha256').update(bytes).digest('base64url').slice(0, 10));
    }
  });

  it('come out the same on a rebuild', async () => {
    const again = await siteWithPreviewsFrom(realContent(), origin, 'content/interview.md', realNotes());
    const images = (one: Site) => [...one.resources.keys()].filter((path) => path.startsWith('/images/')).sort();
    expect(images(again)).toEqual(images(site));
  });
});

describe('citation tags', () => {
  it('name the title, the interviewee as author, the outlet and the language, and no date the content does not give', async () => {
    const $ = cheerio.load((await request(app).get('/questions/q6')).text);
    expect($('meta[name="citation_title"]').attr('content')).toBe(questions[5]!.text.text);
    expect($('meta[name="citation_author"]').attr('content')).toBe(interview.meta.interviewee.name);
    expect($('meta[name="citation_publisher"]').attr('content')).toBe(interview.meta.outlet);
    expect($('meta[name="citation_language"]').attr('content')).toBe('en');
    expect($('meta[name="citation_publication_date"]').length).toBe(0);
    expect($('meta[property="article:published_time"]').length).toBe(0);
  });

  it('carry the published date when the front matter gives one, as do article:published_time and JSON-LD', async () => {
    const dated = appFor(
      await siteWithPreviewsFrom(realContent().replace(/^---\n/, '---\npublished: 2024-03-15\n'), origin),
    );
    const $ = cheerio.load((await request(dated).get('/sections/1').redirects(1)).text);
    expect($('meta[name="citation_publication_date"]').attr('content')).toBe('2024/03/15');
    expect($('meta[property="article:published_time"]').attr('content')).toBe('2024-03-15');
    expect(
      (JSON.parse($('script[type="application/ld+json"]').text()) as { datePublished: string }).datePublished,
    ).toBe('2024-03-15');
  });
});

describe('a link-preview library (open-graph-scraper) reading every shareable page', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(app);
  });
  afterAll(() => server.close());

  it('reports its own title, a description and the image', async () => {
    for (const { path, title } of shareable()) {
      const { result, error } = await ogs({
        url: `http://127.0.0.1:${server.port}${path}`,
        urlValidatorSettings: { require_tld: false, require_protocol: true, protocols: ['http'] } as never,
      });
      expect(error, path).toBe(false);
      const expected = foldPunctuation(title.length <= 110 ? title : title.slice(0, 60));
      expect(foldPunctuation(result.ogTitle!).startsWith(expected.slice(0, 60)), `${path}: ${result.ogTitle}`).toBe(
        true,
      );
      expect(result.ogDescription!.length, path).toBeGreaterThan(40);
      expect(result.ogImage?.[0]?.url, path).toMatch(/\/images\/preview\.[\w-]{10}\.png$/);
      expect(result.ogImage?.[0]?.width, path).toBe('1200');
      expect(result.twitterCard, path).toBe('summary_large_image');
    }
  });
});

describe('GET /interview.epub', () => {
  it('redirects to the content-hashed EPUB, served as application/epub+zip with an ETag, cached as immutable, as a download', async () => {
    const redirect = await request(app).get('/interview.epub');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toMatch(/^\/downloads\/interview\.[\w-]{10}\.epub$/);
    const response = await binary(request(app).get(redirect.headers.location!));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/epub+zip');
    expect(response.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="izvestia-georgy-zinoviev-interview.epub"',
    );
    expect((response.body as Buffer).subarray(30, 38).toString()).toBe('mimetype');
    const again = await binary(
      request(app).get(redirect.headers.location!).set('if-none-match', response.headers.etag!),
    );
    expect(again.status).toBe(304);
  });
});
