// Editorial notes: read from their file, attached to their words (or refused, with file, line and why), marked on every
// page without changing a word, listed with a link back, logged on /notes, and kept through a live reload.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../src/content/errors.js';
import { annotate, attachNotes, parseNotes } from '../src/content/notes.js';
import { parseInterview } from '../src/content/parse.js';
import { foldPunctuation } from '../src/render/typography.js';
import { rawRequest } from './support/http.js';
import { startServer } from './support/server.js';
import { appFor, contentPath, realContent, realNotes, realSite, root, siteFrom } from './support/site.js';

const FILE = 'content/notes.yaml';
const interview = parseInterview(realContent(), 'content/interview.md');
const note = (fields: string) => `- id: a-note\n  kind: context\n  note: A note.\n${fields}`;
const faultOf = (text: string, subject = interview): string => {
  try {
    annotate(subject, text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).message;
  }
  throw new Error('no fault');
};

describe('parseNotes', () => {
  it('reads every field, and an empty file as no notes', () => {
    const [parsed] = parseNotes(
      note('  quote: Andrei Rudenko\n  prefix: "Minister "\n  by: The desk\n  date: 2026-12-03\n'),
      FILE,
    );
    expect(parsed).toEqual({
      id: 'a-note',
      file: FILE,
      line: 1,
      kind: 'context',
      quote: 'Andrei Rudenko',
      prefix: 'Minister ',
      suffix: '',
      correct: null,
      text: 'A note.',
      by: 'The desk',
      date: '2026-12-03',
    });
    expect(parseNotes('', FILE)).toEqual([]);
    expect(parseNotes('# only a comment\n', FILE)).toEqual([]);
  });

  it.each([
    [
      'YAML that does not parse',
      '- id: a\n  kind: context: x\n',
      /^content\/notes\.yaml line 2: not valid YAML: Nested mappings/,
    ],
    ['a mapping, not a list', 'id: a\n', /^content\/notes\.yaml line 1: should be a list of notes/],
    ['a note that is not a mapping', '- just words\n', /^content\/notes\.yaml line 1: each note should be a mapping/],
    ['a misspelt field', note('  qoute: Rudenko\n'), /line 1: note "a-note": unknown field "qoute"/],
    ['no quote', note(''), /line 1: note "a-note": "quote" is required/],
    ['an unknown kind', note('  quote: x\n').replace('context', 'opinion'), /kind should be one of correction/],
    ['an id with capitals', note('  quote: x\n').replace('a-note', 'A_Note'), /the id should be lower-case letters/],
    ['a date that is not one', note('  quote: x\n  date: 3 Dec\n'), /date should be YYYY-MM-DD, not "3 Dec"/],
    [
      'an id used twice',
      `${note('  quote: x\n')}\n${note('  quote: y\n')}`,
      /^content\/notes\.yaml line 6: note "a-note": the id is already used by the note at line 1/,
    ],
  ])('refuses %s, naming the file and the line', (_name, text, message) => {
    expect(() => parseNotes(text, FILE)).toThrow(ContentError);
    expect(() => parseNotes(text, FILE)).toThrow(message);
  });
});

describe('attachNotes', () => {
  it('attaches every note of the real interview, numbered in the order of the text', () => {
    const { notes, faults } = attachNotes(interview, parseNotes(realNotes(), FILE));
    expect(faults).toEqual([]);
    expect(notes.length).toBe(parseNotes(realNotes(), FILE).length);
    expect(notes.map((attached) => attached.number)).toEqual(notes.map((_, k) => k + 1));
    expect(notes.find((attached) => attached.id === 'rok')!.place).toEqual({
      paragraph: 'lede.1',
      section: null,
      question: null,
    });
  });

  it('tells repeated words apart by the text before them', () => {
    // "Kazakhstan" stands twice in the interview: in q2.2 and in q7.2 after "Western diplomats in ".
    const bare = attachNotes(interview, parseNotes(note('  quote: Kazakhstan\n'), FILE));
    expect(bare.faults).toEqual([
      {
        line: 1,
        message:
          'note "a-note" ("Kazakhstan"): its words occur 2 times (q2.2, q7.2): add a prefix or suffix to tell which',
      },
    ]);
    const told = attachNotes(interview, parseNotes(note('  quote: Kazakhstan\n  prefix: "diplomats in "\n'), FILE));
    expect(told.faults).toEqual([]);
    expect(told.notes[0]).toMatchObject({ place: { paragraph: 'q7.2', section: 4, question: 'q7' }, occurrence: 0 });
    const after = attachNotes(interview, parseNotes(note('  quote: Kazakhstan\n  suffix: " are interested"\n'), FILE));
    expect(after.notes[0]).toMatchObject({ place: { paragraph: 'q2.2' } });
  });

  it('keeps a note attached to its words when the paragraph is edited elsewhere', () => {
    const edited = parseInterview(
      realContent().replace('Indeed, many representatives', 'Indeed, a great many representatives'),
      'content/interview.md',
    );
    const before = annotate(interview, realNotes(), FILE).find((attached) => attached.id === 'kazakhstan-korea')!;
    const after = annotate(edited, realNotes(), FILE).find((attached) => attached.id === 'kazakhstan-korea')!;
    expect(after.place).toEqual(before.place);
    expect(after.number).toBe(before.number);
    expect(after.start).toBe(before.start + ' a great'.length);
  });

  it.each([
    [
      'words that no longer occur',
      note('  quote: Republic of Atlantis\n'),
      'content/notes.yaml line 1: note "a-note" ("Republic of Atlantis"): its words no longer occur in the interview',
    ],
    [
      'context that no longer matches',
      note('  quote: Kazakhstan\n  prefix: "consuls in "\n'),
      'content/notes.yaml line 1: note "a-note" ("Kazakhstan"): its words occur (q2.2, q7.2), but not after "consuls in ": correct the prefix or suffix',
    ],
    [
      'words across two paragraphs',
      note('  quote: with Russia. I would not like to quote\n'),
      'content/notes.yaml line 1: note "a-note" ("with Russia. I would not like to quote"): its words no longer occur in the interview',
    ],
    [
      'two notes on overlapping words',
      `${note('  quote: Andrei Rudenko visited\n')}\n- id: b-note\n  kind: context\n  note: B.\n  quote: Rudenko visited the ROK\n`,
      'content/notes.yaml line 6: note "b-note" ("Rudenko visited the ROK"): its words overlap those of note "a-note"; notes may not overlap',
    ],
  ])('refuses %s, naming the file, the line, the words and why', (_name, text, message) => {
    expect(faultOf(text)).toBe(message);
  });

  it('lists every fault at once, for the editor', () => {
    const text = `${note('  quote: Nowhere\n')}\n${note('  quote: Kazakhstan\n').replace('a-note', 'b-note')}`;
    expect(attachNotes(interview, parseNotes(text, FILE)).faults.map((fault) => fault.line)).toEqual([1, 6]);
    expect(faultOf(text)).toMatch(/^content\/notes\.yaml line 1: .*; line 6: note "b-note"/);
  });

  it('never changes the interview', () => {
    const copy = structuredClone(interview);
    annotate(interview, realNotes(), FILE);
    expect(interview).toEqual(copy);
  });
});

describe('notes on the pages', () => {
  const app = appFor(realSite());
  const notes = annotate(interview, realNotes(), FILE);
  const sources = new Map(
    [
      ...interview.lede.map((paragraph, k) => [`lede.${k + 1}`, paragraph.text] as const),
      ...interview.sections.flatMap((section) => [
        [`title.${section.number}`, section.title.text] as const,
        ...section.questions.flatMap((question) => [
          [question.id, question.text.text] as const,
          ...question.answer.map((paragraph, k) => [question.paragraphIds[k]!, paragraph.text] as const),
        ]),
      ]),
    ].map(([place, text]) => [place, text]),
  );

  it('marks the exact words on /full, adding no character to the sentence, and links mark and note both ways', async () => {
    const $ = cheerio.load((await request(app).get('/full')).text);
    expect($('a.noteref').length).toBe(notes.length);
    for (const attached of notes) {
      const mark = $(`#noteref-${attached.id}`);
      expect(foldPunctuation(mark.text()), attached.id).toBe(attached.quote);
      expect(mark.attr('role')).toBe('doc-noteref');
      expect(mark.attr('href')).toBe(`#note-${attached.id}`);
      expect(mark.attr('data-n')).toBe(String(attached.number));
      // The paragraph the mark is in reads exactly as the source: the mark holds the words, nothing more.
      const holder = mark.closest('p, h1, h2, h3');
      const words = holder.clone();
      words.find('.speaker, .para-link, .anchor-alias').remove();
      expect(foldPunctuation(words.text().trim()), attached.id).toBe(
        foldPunctuation(sources.get(attached.place.paragraph)!),
      );
      const listed = $(`#note-${attached.id}`);
      expect(listed.attr('role')).toBe('doc-footnote');
      expect($(`#${mark.attr('aria-describedby')}`).text()).toMatch(
        /^Editor's note \d+ · (Translation slip|Context|Word choice)$/,
      );
      expect(listed.find('a[role="doc-backlink"]').attr('href')).toBe(`#noteref-${attached.id}`);
    }
  });

  it('lists a question’s notes with the question on its section page and its own page, each once', async () => {
    const q2 = notes.filter((attached) => attached.place.question === 'q2');
    expect(q2.length).toBeGreaterThan(1);
    for (const path of [`/sections/${interview.sections[0]!.slug}`, '/questions/q2']) {
      const $ = cheerio.load((await request(app).get(path)).text);
      const listed = $('#q2 .notes aside[role="doc-footnote"]')
        .map((_, element) => $(element).attr('id'))
        .get();
      expect(listed, path).toEqual(q2.map((attached) => `note-${attached.id}`));
      for (const attached of q2) expect($(`[id="noteref-${attached.id}"]`).length, path).toBe(1);
    }
  });

  it('credits each note with its editor and date, the date never broken across lines', async () => {
    const $ = cheerio.load((await request(app).get('/notes')).text);
    const credits = $('.note-credit')
      .map((_, element) => $(element).text())
      .get();
    expect(credits.length).toBe(notes.length);
    for (const attached of notes) {
      if (!attached.date) continue;
      const [year, month, day] = attached.date.split('-').map(Number);
      const written = new Date(Date.UTC(year!, month! - 1, day)).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
      expect(credits).toContain(`${attached.by ? `${attached.by}, ` : ''}${written.replace(/ /g, '\u00a0')}`);
    }
  });

  it('lists a section title’s notes with its first question, in number order, and the lede’s on the home page', async () => {
    const title = notes.find((attached) => attached.id === 'kiev-kyiv')!;
    const section = interview.sections[title.place.section! - 1]!;
    const $ = cheerio.load((await request(app).get(`/sections/${section.slug}`)).text);
    expect($('h1.section-title a.noteref').attr('href')).toBe('#note-kiev-kyiv');
    const first = $(`#${section.questions[0]!.id} .notes aside`)
      .map((_, element) => $(element).attr('id'))
      .get();
    expect(first[0]).toBe('note-kiev-kyiv');
    const numbers = $('aside.note .note-number')
      .map((_, badge) => Number($(badge).text()))
      .get();
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const home = cheerio.load((await request(app).get('/')).text);
    expect(home('.lede a.noteref').attr('href')).toBe('#note-rok');
    expect(home('#note-rok a[role="doc-backlink"]').attr('href')).toBe('#noteref-rok');
  });

  it('keeps contents entries, titles and meta free of marks', async () => {
    const $ = cheerio.load((await request(app).get(`/sections/${interview.sections[2]!.slug}`)).text);
    expect($('.toc a.noteref, title a, .context-bar a.noteref').length).toBe(0);
    expect($('title').text()).toContain('There is nomassRussophobia in Korea.');
  });
});

describe('GET /notes', () => {
  const app = appFor(realSite());
  const notes = annotate(interview, realNotes(), FILE);

  it('lists every note once, in text order within its kind, each linked to its words', async () => {
    const response = await request(app).get('/notes');
    expect(response.status).toBe(200);
    const $ = cheerio.load(response.text);
    expect(
      $('h2')
        .map((_, heading) => $(heading).text().replace(/\s+/g, ' '))
        .get(),
    ).toEqual(['Translation slips (6)', 'Context (10)', 'Word choices (2)']);
    const listed = $('.notes-log > li')
      .map((_, item) => $(item).attr('id'))
      .get();
    expect([...listed].sort()).toEqual(notes.map((attached) => `note-${attached.id}`).sort());
    for (const group of $('.notes-log').toArray()) {
      const numbers = $(group)
        .find('.note-number')
        .map((_, badge) => Number($(badge).text()))
        .get();
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    }
    for (const attached of notes) {
      const link = $(`#note-${attached.id} .note-head a`).attr('href')!;
      const [path, fragment] = link.split('#');
      const page = cheerio.load((await request(app).get(path!)).text);
      expect(page(`[id="${fragment}"]`).hasClass('noteref'), link).toBe(true);
    }
  });

  it('is linked from the home page’s byline and from /full, and listed in the sitemap', async () => {
    for (const path of ['/', '/full']) {
      const $ = cheerio.load((await request(app).get(path)).text);
      expect($('.meta-line a[href="/notes"]').text(), path).toBe(`${notes.length} editor’s notes`);
    }
    expect((await request(app).get('/sitemap.xml')).text).toContain('/notes</loc>');
  });

  it('is not there when there are no notes', async () => {
    expect((await request(appFor(siteFrom(realContent()))).get('/notes')).status).toBe(404);
    expect((await request(appFor(siteFrom(realContent()))).get('/')).text).not.toContain('href="/notes"');
  });
});

describe('GET /search?q=<words in a note>', () => {
  const app = appFor(realSite());

  it('finds a note’s words, and shows the note as the editor’s with a link to the words it is about', async () => {
    // "Gyeongju" is only in the note on "APEC summit" (question 3's answer), never in the interview.
    expect(realContent()).not.toContain('Gyeongju');
    const $ = cheerio.load((await request(app).get('/search?q=Gyeongju')).text);
    const hits = $('.search-hit');
    expect(hits.length).toBe(1);
    expect(hits.find('.search-hit-where').text()).toContain('Question 3');
    const shown = hits.find('.search-hit-note');
    expect(shown.find('.note-label').text()).toMatch(/^Editor's note \d+ · Context$/);
    expect(shown.find('mark').text()).toBe('Gyeongju');
    expect(shown.find('.search-hit-note-on').text()).toBe('On “APEC summit”:');
    const link = shown.find('a').attr('href')!;
    expect(link).toBe(`/sections/${interview.sections[1]!.slug}#noteref-apec-2025`);
    const page = cheerio.load((await request(app).get(link.split('#')[0]!)).text);
    expect(page('#noteref-apec-2025').text()).toBe('APEC summit');
  });

  it('ranks the interview’s own words above a note’s, and finds a lede note under the first question', async () => {
    const $ = cheerio.load((await request(app).get('/search?q=official+name')).text);
    const first = $('.search-hit').first();
    expect(first.find('.search-hit-note a').attr('href')).toBe('/#noteref-rok');
    const spivakov = cheerio.load((await request(app).get('/search?q=Spivakov')).text);
    // In the answer and in its note: the question is found once, its snippet from the answer, the note beside it.
    expect(spivakov('.search-hit').length).toBe(1);
    expect(spivakov('.search-hit-snippet mark').first().text()).toBe('Spivakov');
    expect(spivakov('.search-hit-note .note-label').text()).toContain('Context');
  });
});

describe('a note that does not attach, on a real server', () => {
  const withNotes = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'notes-'));
    copyFileSync(contentPath, join(dir, 'interview.md'));
    writeFileSync(join(dir, 'notes.yaml'), text);
    return dir;
  };

  it('stops the server from starting, naming the notes file, the line and why', () => {
    const dir = withNotes(`${realNotes()}\n${note('  quote: Republic of Atlantis\n')}`);
    const line = `${realNotes()}\n`.split('\n').length;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/run/server.ts'], {
      cwd: root,
      env: { ...process.env, CONTENT_FILE: join(dir, 'interview.md'), SNAPSHOT_FILE: '', PORT: '0', HOST: '127.0.0.1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `notes.yaml line ${line}: note "a-note" ("Republic of Atlantis"): its words no longer occur in the interview`,
    );
  }, 70_000);

  it('keeps the last good version on a live reload, and reports it on /healthz', { timeout: 120_000 }, async () => {
    const dir = withNotes(realNotes());
    const server = await startServer({ CONTENT_FILE: join(dir, 'interview.md'), SNAPSHOT_FILE: '' });
    try {
      const before = await rawRequest(server.port, { path: '/questions/q2' });
      expect(before.body).toContain('id="noteref-kazakhstan-korea"');
      // The editor misspells the note's words: they no longer occur.
      writeFileSync(
        join(dir, 'notes.yaml'),
        realNotes().replace('quote: Republic of Kazakhstan', 'quote: Republic of Kazakstan'),
      );
      await server.waitFor(/content not reloaded/);
      const health = JSON.parse((await rawRequest(server.port, { path: '/healthz' })).body) as { status: string };
      const during = await rawRequest(server.port, { path: '/questions/q2' });
      expect(health.status).toBe('degraded');
      expect(JSON.stringify(health)).toContain('notes.yaml line');
      expect(JSON.stringify(health)).toContain('Republic of Kazakstan');
      expect(during.status).toBe(200);
      expect(during.body).toBe(before.body);
    } finally {
      await server.stop();
    }
  });
});

describe('notes on words with markup', () => {
  const text = '"H"\n"S"\n- Did [the ministry](https://example.org/m) and *the two countries* talk?\n- They did.\n';
  const subject = parseInterview(text, 'fixture');
  const build = (fields: string) => () =>
    siteFrom(text, 'fixture', '', `- id: n\n  kind: context\n  note: N.\n${fields}`);

  it('marks words that hold whole emphasis, and refuses words in a link or half in emphasis', () => {
    // The quote is the words as the content file writes them, Markdown and all.
    expect(attachNotes(subject, parseNotes(note('  quote: "*the two countries*"\n'), FILE)).faults).toEqual([]);
    const page = build('  quote: "and *the two countries* talk"\n')().resources.get('/full')!;
    const $ = cheerio.load(page.variants.identity.body.toString());
    expect($('#noteref-n').html()).toBe('and <em>the two countries</em> talk');
    expect(build('  quote: the ministry\n')).toThrow(/note "n": its words are in a link of the text/);
    expect(build('  quote: "Did [the ministry](https://example.org/m)"\n')).toThrow(
      /note "n": its words are in a link of the text/,
    );
    expect(build('  quote: "two countries* talk"\n')).toThrow(/note "n": its words are not in the text as shown/);
  });
});
