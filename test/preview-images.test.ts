// Preview (Open Graph) images: one PNG per page of the real interview, 1200×630, within budget, distinct, deterministic, long text clamped.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseInterview } from '../src/content/parse.js';
import { renderInterview } from '../src/render/rendered.js';
import { generateInterview } from '../scripts/bench/generate.js';
import { root } from './support/site.js';
import {
  homeCard,
  planPreviewImages,
  previewCardKey,
  previewCards,
  questionCard,
  sectionCard,
} from '../src/render/preview/cards.js';
import { loadPreviewFonts } from '../src/run/load.js';
import satori from 'satori';
import { previewFontFiles, previewSatoriFonts } from '../src/render/preview/fonts.js';
import {
  PREVIEW_RENDER_CONCURRENCY,
  previewAlt,
  previewImageKey,
  renderPreviewImage,
  renderPreviewImages,
} from '../src/render/preview/image.js';
import { missingGlyphs, previewLayout, previewTitle, type PreviewCard } from '../src/render/preview/layout.js';

const BUDGET = 150 * 1024;
const interview = parseInterview(readFileSync('content/interview.md', 'utf8'), 'content/interview.md');
const rendered = renderInterview(interview);
const cards = previewCards(rendered);
const fonts = loadPreviewFonts(root);
const images = new Map<string, Buffer>();

/** Width and height from the PNG's own bytes: the signature, then the IHDR chunk first. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

const words = (n: number): string =>
  Array.from(
    { length: n },
    (_, i) => ['Seoul', 'trade', 'turnover', 'sanctions', 'cooperation', 'diplomats', 'Korea', 'Russia'][i % 8],
  ).join(' ');

const longCard: PreviewCard = {
  kicker:
    'Question 1234 of 5000 in a very long interview whose kicker is itself much too long to fit on one line of the card',
  title: `${words(200)}?`,
  speaker:
    'Izvestia asks, and then a very long speaker line that goes on and on well past the width of the card and further still',
  outlet: 'Izvestia',
  interviewee: 'Georgy Zinoviev',
  note: 'Machine translation from Russian',
};

beforeAll(async () => {
  for (const { page, card } of cards) images.set(page, await renderPreviewImage(card, fonts));
}, 120_000);

describe('preview cards from the real interview', () => {
  it('has one card for the home page, the full text, each of the 4 sections and each of the 9 questions', () => {
    expect(cards.map(({ page }) => page)).toEqual([
      'home',
      'full',
      ...interview.sections.map((section) => `section:${section.slug}`),
      ...interview.sections.flatMap((section) => section.questions.map((question) => `question:${question.id}`)),
    ]);
    expect(cards).toHaveLength(15);
  });

  it('titles the home card with the headline and each question card with its question, asked by the interviewer', () => {
    expect(cards[0]!.card.title).toBe(`“${interview.headline.text}”`);
    const q6 = cards.find(({ page }) => page === 'question:q6')!.card;
    expect(q6).toMatchObject({ kicker: 'Question 6 of 9 · Izvestia asks', note: 'Machine translation from Russian' });
    expect(q6.title).toBe(interview.sections[2]!.questions[1]!.text.text);
    expect(cards[0]!.card.speaker).toBe('Georgy Zinoviev, Russian Ambassador to the Republic of Korea');
    expect(cards.find(({ page }) => page.startsWith('section:'))!.card.kicker).toBe('Section 1 of 4');
  });

  it('takes its words from the rendered plain text, not the Markdown source', () => {
    const question = rendered.sections[0]!.questions[0]!;
    const plain = { ...question, question: { ...question.question, text: 'Plain words' } };
    expect(questionCard(rendered, plain).title).toBe('Plain words');
    expect(homeCard({ ...rendered, headline: { ...rendered.headline, text: 'Plain headline' } }).title).toBe(
      '“Plain headline”',
    );
  });
});

describe('renderPreviewImage', () => {
  it('gives a PNG of 1200×630, read from its bytes, for every page', () => {
    for (const [page, png] of images) expect(pngSize(png), page).toEqual({ width: 1200, height: 630 });
  });

  it('keeps every image within 150 KB', () => {
    for (const [page, png] of images) expect(png.length, page).toBeLessThanOrEqual(BUDGET);
  });

  it('gives every page its own image', () => {
    expect(new Set([...images.values()].map(sha)).size).toBe(images.size);
  });

  it('gives the same bytes when a card is rendered again, with fonts read afresh', async () => {
    const again = loadPreviewFonts(root);
    for (const { page, card } of [cards[0]!, cards[2]!, cards[cards.length - 1]!]) {
      expect(sha(await renderPreviewImage(card, again)), page).toBe(sha(images.get(page)!));
    }
  });

  it('renders a very long title, kicker and speaker without throwing, at 1200×630 and within budget', async () => {
    const png = await renderPreviewImage(longCard, fonts);
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
    expect(png.length).toBeLessThanOrEqual(BUDGET);
  });

  it('renders a title that is one word longer than a line (a URL) within the card', async () => {
    const card = { ...longCard, title: `See https://example.org/${'a'.repeat(400)} for more` };
    const title = previewTitle(card, fonts);
    expect(title.count * title.line).toBeLessThanOrEqual(title.maxHeight);
    const png = await renderPreviewImage(card, fonts);
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
  });

  it('renders a card with empty text and no speaker or note', async () => {
    const png = await renderPreviewImage({ kicker: '', title: '', outlet: '', interviewee: '', note: '' }, fonts);
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
  });
});

describe('renderPreviewImages', () => {
  it("renders exactly the plan's images, key → PNG in plan order, with the same bytes as one by one", async () => {
    const plan = planPreviewImages(rendered);
    const pngs = await renderPreviewImages(plan, fonts);
    expect([...pngs.keys()]).toEqual(plan.images.map(({ key }) => key));
    for (const { page, key } of plan.pages) expect(sha(pngs.get(key)!), page).toBe(sha(images.get(page)!));
    expect(PREVIEW_RENDER_CONCURRENCY).toBe(2);
  });

  it('takes from a cache the images it holds, renders and hands over the rest, and gives the same bytes', async () => {
    const plan = planPreviewImages(rendered);
    const held = new Map<string, Buffer>();
    const asked: string[] = [];
    const cache = {
      get: (key: string) => (asked.push(key), held.get(key)),
      set: (key: string, png: Buffer) => void held.set(key, png),
    };
    const first = await renderPreviewImages(plan, fonts, cache);
    expect(held.size).toBe(plan.images.length);
    expect(new Set(asked).size).toBe(plan.images.length);
    // A second build with the same cards renders nothing: every image comes from the cache, byte for byte.
    const sets: string[] = [];
    const second = await renderPreviewImages(plan, fonts, { get: cache.get, set: (key) => void sets.push(key) });
    expect(sets).toEqual([]);
    for (const [key, png] of first) expect(sha(second.get(key)!), key).toBe(sha(png));
    for (const { page, key } of plan.pages) expect(sha(first.get(key)!), page).toBe(sha(images.get(page)!));
    // One card's words changed: only its image misses.
    const edited = {
      ...plan,
      images: plan.images.map((image, i) =>
        i === 3 ? { ...image, card: { ...image.card, title: `${image.card.title} (edited)` } } : image,
      ),
    };
    const third = await renderPreviewImages(edited, fonts, { get: cache.get, set: (key) => void sets.push(key) });
    expect(sets).toHaveLength(1);
    expect(sha(third.get(edited.images[3]!.key)!)).not.toBe(sha(first.get(plan.images[3]!.key)!));
  });

  it('keys a card by its layout and fonts: other fonts or another card, another key', () => {
    const card = cards[2]!.card;
    const hash = (f: typeof fonts) =>
      createHash('sha256')
        .update(
          Object.values(f)
            .flat()
            .map((bytes) => sha(Buffer.from(bytes)))
            .join(),
        )
        .digest('hex');
    const key = previewImageKey(previewLayout(card, fonts), hash(fonts));
    expect(previewImageKey(previewLayout(card, fonts), hash(fonts))).toBe(key);
    expect(previewImageKey(previewLayout({ ...card, speaker: `${card.speaker ?? ''}!` }, fonts), hash(fonts))).not.toBe(
      key,
    );
    expect(previewImageKey(previewLayout(card, fonts), 'other fonts')).not.toBe(key);
  });

  it('renders only the images of a bounded plan, and nothing for an empty one', async () => {
    const plan = planPreviewImages(rendered, 3);
    const pngs = await renderPreviewImages(plan, fonts);
    expect([...pngs.keys()]).toEqual(plan.images.map(({ key }) => key));
    expect([...pngs.values()].map(sha)).toEqual(['home', 'full', cards[2]!.page].map((page) => sha(images.get(page)!)));
    expect((await renderPreviewImages({ images: [], pages: [] }, fonts)).size).toBe(0);
  });

  it('rejects when an image cannot be rendered', async () => {
    const plan = { images: [{ key: 'bad', card: cards[0]!.card }], pages: [] };
    await expect(renderPreviewImages(plan, { ...fonts, 'serif-600': [] })).rejects.toThrow(/no file for serif-600/);
  });
});

describe('previewTitle', () => {
  it('sets a short title large and a long question smaller, never taller than its box', () => {
    const sizes = cards.map(({ card }) => previewTitle(card, fonts));
    for (const title of sizes) expect(title.count * title.line).toBeLessThanOrEqual(title.maxHeight);
    const home = sizes[0]!;
    const longest = previewTitle(
      cards.reduce((a, b) => (b.card.title.length > a.card.title.length ? b : a)).card,
      fonts,
    );
    expect(home.size).toBeGreaterThan(longest.size);
  });

  it('shrinks in steps as the title grows, then clamps it with an ellipsis after a whole word', () => {
    let previous = Infinity;
    for (const n of [5, 10, 20, 40, 60, 80, 200]) {
      const title = previewTitle({ ...longCard, title: words(n) }, fonts);
      expect(title.size).toBeLessThanOrEqual(previous);
      previous = title.size;
    }
    const clamped = previewTitle(longCard, fonts);
    expect(clamped.clamped).toBe(true);
    const last = clamped.lines[clamped.lines.length - 1]!;
    expect(last.endsWith('…')).toBe(true);
    expect(words(200).split(' ')).toContain(last.slice(0, -1).split(' ').pop());
  });

  it('shows every real title whole except the 65-word question 9, which ends in an ellipsis after a whole word', () => {
    const clamped = cards.filter(({ card }) => previewTitle(card, fonts).clamped).map(({ page }) => page);
    expect(clamped).toEqual(['question:q9']);
    const q9 = previewTitle(cards.find(({ page }) => page === 'question:q9')!.card, fonts);
    const shown = q9.text.replace(/ ?…$/, '');
    expect(cards.find(({ page }) => page === 'question:q9')!.card.title.startsWith(shown)).toBe(true);
    expect(q9.lines.length).toBe(7);
  });

  it('keeps a word broken after its hyphen whole in the text it renders', () => {
    const q8 = previewTitle(cards.find(({ page }) => page === 'question:q8')!.card, fonts);
    expect(q8.lines.some((line) => line.endsWith('self-'))).toBe(true);
    expect(q8.text).toBe(cards.find(({ page }) => page === 'question:q8')!.card.title);
  });

  it('finds the lines satori needs: without the line clamp, satori sets each real title within them', async () => {
    /** A layout node as it is built: `{ type, props: { style, children } }`. */
    interface Node {
      type: string;
      props: { style?: Record<string, unknown>; children?: string | Node | (Node | string)[] };
    }
    const unclamped = (node: Node | string): Node | string => {
      if (typeof node === 'string') return node;
      const style = { ...node.props.style };
      delete style.lineClamp;
      const { children } = node.props;
      const kids =
        children === undefined ? undefined : Array.isArray(children) ? children.map(unclamped) : unclamped(children);
      return { type: node.type, props: { style, ...(kids === undefined ? {} : { children: kids }) } };
    };
    for (const { page, card } of cards) {
      const title = previewTitle(card, fonts);
      let height = -1;
      // satori types its element as React's ReactNode, `any` here (React's types are not installed).
      await satori(unclamped(previewLayout(card, fonts) as unknown as Node), {
        width: 1200,
        height: 630,
        fonts: [...previewSatoriFonts(fonts)],
        onNodeDetected: (node) => {
          if (node.textContent === title.text) height = node.height;
        },
      });
      expect(height, page).toBeGreaterThan(0);
      expect(height, page).toBeLessThanOrEqual(title.count * title.line);
    }
  });

  it('leaves a title that fits as it is', () => {
    const title = previewTitle(cards[0]!.card, fonts);
    expect(title.clamped).toBe(false);
    expect(title.text).toBe(cards[0]!.card.title);
  });
});

describe('previewAlt', () => {
  it('says the image text in one line: kicker, the whole title, outlet, interviewee and the translation note', () => {
    const alt = previewAlt(cards.find(({ page }) => page === 'question:q6')!.card);
    expect(alt).toBe(
      'Question 6 of 9 · Izvestia asks: Are there any cases of discrimination against Russian citizens in South Korea? ' +
        'Izvestia interview with Georgy Zinoviev; machine translation from Russian.',
    );
  });

  it('names the speaker of a quotation after the kicker', () => {
    expect(previewAlt(cards[0]!.card)).toBe(
      'Interview — Georgy Zinoviev, Russian Ambassador to the Republic of Korea: ' +
        '“The only people who are behaving unfriendly here are Western diplomats”. ' +
        'Izvestia interview with Georgy Zinoviev; machine translation from Russian.',
    );
  });

  it('stays within 420 characters for a very long title, cut at a word', () => {
    const alt = previewAlt(longCard);
    expect(alt.length).toBeLessThanOrEqual(420);
    expect(alt).toContain('…');
    expect(alt).not.toContain('\n');
  });
});

describe('the preview fonts', () => {
  it('have a glyph for every character on the real cards', () => {
    for (const { page, card } of cards) expect(missingGlyphs(card, fonts), page).toEqual([]);
  });

  it('cover Russian and Central European Latin text (the cyrillic and latin-ext subsets), but not Greek', () => {
    const card = {
      ...longCard,
      title: `${interview.meta.translation!.credit} — Łódź, Zürich, Dvořák`,
      speaker: 'Георгий Зиновьев',
    };
    expect(missingGlyphs(card, fonts)).toEqual([]);
    expect(missingGlyphs({ ...card, title: 'Ωμέγα' }, fonts)).toEqual(['Ω', 'μ', 'έ', 'γ', 'α']);
  });

  it('are listed as WOFF files (which satori reads) that exist under the project root, three subsets per face', () => {
    expect(previewFontFiles()).toHaveLength(12);
    const files = previewFontFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const { file } of files) {
      expect(file).toMatch(/\.woff$/);
      expect(existsSync(file), file).toBe(true);
    }
  });
});

describe('planPreviewImages', () => {
  it('gives every page of the real interview its own image: 15 in all', () => {
    const plan = planPreviewImages(rendered);
    expect(plan.images).toHaveLength(15);
    expect(plan.pages.map(({ key }) => key)).toEqual(cards.map(({ card }) => previewCardKey(card)));
  });

  it('renders at most the limit for a large interview; later questions show their section image, later sections the home image', () => {
    const { file } = generateInterview(readFileSync('content/interview.md', 'utf8'), {
      sections: 80,
      questionsPerSection: 3,
      extraParagraphs: 0,
    });
    const big = parseInterview(readFileSync(file, 'utf8'), file);
    rmSync(dirname(file), { recursive: true, force: true });
    const bigRendered = renderInterview(big);
    const plan = planPreviewImages(bigRendered, 64);
    expect(plan.pages).toHaveLength(2 + 80 + 240);
    expect(plan.images).toHaveLength(64);
    const keys = new Set(plan.images.map(({ key }) => key));
    for (const { page, key } of plan.pages) expect(keys.has(key), page).toBe(true);
    const keyOf = (page: string) => plan.pages.find((entry) => entry.page === page)!.key;
    const first = big.sections[0]!;
    const lastWithImage = big.sections[61]!; // home, full and 62 sections make 64
    const past = big.sections[62]!;
    expect(keyOf(`question:${first.questions[0]!.id}`)).toBe(keyOf(`section:${first.slug}`));
    expect(keyOf(`section:${lastWithImage.slug}`)).toBe(
      previewCardKey(sectionCard(bigRendered, bigRendered.sections[61]!)),
    );
    expect(keyOf(`section:${past.slug}`)).toBe(keyOf('home'));
    expect(keyOf(`question:${past.questions[0]!.id}`)).toBe(keyOf('home'));
  });
});
