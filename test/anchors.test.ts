// Links that never break: the committed lock of published anchors, redirects for old slugs, alias anchors for old ids.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_LOCK,
  formatAnchorLock,
  parseAnchorLock,
  resolveAnchors,
  unrecordedAnchors,
  updateAnchorLock,
  type AnchorLock,
} from '../src/content/anchors.js';
import { ContentError } from '../src/content/errors.js';
import { loadAnchorLock } from '../src/run/load.js';
import { parseInterview } from '../src/content/parse.js';
import { buildSite } from '../src/site/build.js';
import { securityHeaders } from '../src/site/headers.js';
import { loadAssets } from '../src/run/load.js';
import { loadTemplates } from '../src/run/templates.js';
import { annotate } from '../src/content/notes.js';
import { appFor, notesPath, realContent, realNotes, root } from './support/site.js';

const lockPath = join(root, 'content/anchors.lock.json');
const templates = loadTemplates(join(root, 'views'));
const assets = loadAssets(join(root, 'public'));
const appWith = (text: string, anchors: AnchorLock) =>
  appFor(
    buildSite({
      interview: parseInterview(text, 'content/interview.md'),
      templates,
      assets,
      securityHeaders: securityHeaders({ hsts: false }),
      anchors,
    }),
  );

const before =
  '"Headline"\n"Trade is growing"\n- First question?\n- First answer.\n"Culture and people"\n- Second question?\n- Second answer.\n- Third question?\n- Third answer.\n';
const renamed = before.replace('"Trade is growing"', '"Trade keeps growing"');

describe('the committed lock, content/anchors.lock.json', () => {
  const interview = parseInterview(realContent(), 'content/interview.md');
  const lock = loadAnchorLock(lockPath);
  const app = appWith(realContent(), lock);

  it('records every current section slug, question id, paragraph id and note id', () => {
    const notes = annotate(interview, realNotes(), 'content/notes.yaml');
    expect(notes.length).toBeGreaterThan(0);
    expect(unrecordedAnchors(interview, lock, notes)).toEqual([]);
    expect(resolveAnchors(interview, lock, notes).problems).toEqual([]);
  });

  it('has every recorded section slug still answering, directly or by a 301 to a page that does', async () => {
    for (const slug of Object.keys(lock.sections)) {
      const response = await request(app).get(`/sections/${encodeURIComponent(slug)}`);
      expect([200, 301], slug).toContain(response.status);
      if (response.status === 301) expect((await request(app).get(response.headers.location!)).status, slug).toBe(200);
    }
  });

  it('has every recorded question id as an element id on a section page and on /full, and as a question page', async () => {
    const full = cheerio.load((await request(app).get('/full')).text);
    const sectionPages = await Promise.all(
      interview.sections.map(async (section) =>
        cheerio.load((await request(app).get(`/sections/${section.slug}`)).text),
      ),
    );
    for (const id of Object.keys(lock.questions)) {
      expect(full(`[id="${id}"]`).length, id).toBe(1);
      expect(sectionPages.filter(($) => $(`[id="${id}"]`).length === 1).length, id).toBe(1);
      expect([200, 301], id).toContain((await request(app).get(`/questions/${id}`)).status);
    }
  });

  it('is written in the format `npm run anchors -- --update` writes', () => {
    expect(readFileSync(lockPath, 'utf8')).toBe(formatAnchorLock(lock));
  });
});

describe('renaming a section', () => {
  const published = updateAnchorLock(parseInterview(before, 'content/interview.md'), EMPTY_LOCK);
  const app = appWith(renamed, published);

  it('redirects the old slug with 301 to the new one, with or without a trailing slash', async () => {
    for (const path of ['/sections/trade-is-growing', '/sections/trade-is-growing/']) {
      const response = await request(app).get(path);
      expect(response.status, path).toBe(301);
      expect(response.headers.location).toBe('/sections/trade-keeps-growing');
    }
    expect((await request(app).get('/sections/trade-keeps-growing')).status).toBe(200);
  });

  it('keeps the old slug in the lock when the new one is recorded, mapped to the same section', () => {
    const updated = updateAnchorLock(parseInterview(renamed, 'content/interview.md'), published);
    expect(updated.sections).toEqual({ 'trade-is-growing': 1, 'trade-keeps-growing': 1, 'culture-and-people': 2 });
    expect(published.sections).toEqual({ 'trade-is-growing': 1, 'culture-and-people': 2 });
  });

  it('is reported as unrecorded until the lock is updated', () => {
    expect(unrecordedAnchors(parseInterview(renamed, 'content/interview.md'), published)).toEqual([
      'section slug "trade-keeps-growing" (section 1)',
    ]);
  });

  it('responds 404 for the old slug when no lock records it', async () => {
    expect((await request(appWith(renamed, EMPTY_LOCK)).get('/sections/trade-is-growing')).status).toBe(404);
  });
});

describe('a question id that had to change', () => {
  // "q4" was published, then the question became q3: the lock maps the old id to the new one.
  const lock: AnchorLock = {
    sections: {},
    questions: { q1: 'q1', q2: 'q2', q3: 'q3', q4: 'q3' },
    paragraphs: {},
    notes: {},
  };
  const app = appWith(before, lock);

  it('stays as an alias anchor inside the question, on its section page and on /full', async () => {
    for (const path of ['/sections/culture-and-people', '/full']) {
      const $ = cheerio.load((await request(app).get(path)).text);
      expect($('#q4').length, path).toBe(1);
      expect($('#q4').closest('section.qa').attr('id'), path).toBe('q3');
      expect($('#q4').text()).toBe('');
    }
  });

  it('redirects its question page with 301', async () => {
    const response = await request(app).get('/questions/q4');
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('/questions/q3');
  });
});

describe('resolveAnchors', () => {
  const interview = parseInterview(before, 'content/interview.md');
  it.each([
    [
      'a slug for a section that no longer exists',
      { sections: { gone: 7 }, questions: {}, paragraphs: {} },
      /section slug "gone" is recorded for section 7, but there are only 2 sections/,
    ],
    [
      'an id mapped to an id that does not exist',
      { sections: {}, questions: { q9: 'q8' }, paragraphs: {} },
      /question id "q9" is recorded as "q8", which is not a current question id/,
    ],
    [
      'a current id recorded as moved',
      { sections: {}, questions: { q1: 'q2' }, paragraphs: {} },
      /question id "q1" is recorded as moved to "q2", but "q1" is a current question id/,
    ],
    [
      'a paragraph whose question is gone',
      { sections: {}, questions: {}, paragraphs: { 'q40.1': 'q40.1' } },
      /paragraph id "q40.1" is recorded, but neither it nor its question is in the interview now/,
    ],
  ])('reports %s', (_name, partial, message) => {
    const lock: AnchorLock = { notes: {}, ...partial };
    expect(resolveAnchors(interview, lock).problems).toEqual([expect.stringMatching(message)]);
  });
});

describe('paragraph ids', () => {
  const interview = parseInterview(realContent(), 'content/interview.md');
  const ids = interview.sections.flatMap((section) => section.questions.flatMap((question) => question.paragraphIds));

  it('are unique, one per answer paragraph, numbered within the question', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const question of interview.sections.flatMap((section) => section.questions)) {
      expect(question.paragraphIds).toEqual(question.answer.map((_, k) => `${question.id}.${k + 1}`));
    }
  });

  it('are the same after a rebuild, and every one is recorded in the committed lock', () => {
    const again = parseInterview(realContent(), 'content/interview.md').sections.flatMap((section) =>
      section.questions.flatMap((question) => question.paragraphIds),
    );
    expect(again).toEqual(ids);
    const lock = parseAnchorLock(
      readFileSync(join(root, 'content/anchors.lock.json'), 'utf8'),
      'content/anchors.lock.json',
    );
    expect(unrecordedAnchors(interview, lock)).toEqual([]);
    for (const id of ids) expect(lock.paragraphs[id]).toBe(id);
  });

  it('keeps an old paragraph id as an alias anchor in the paragraph it moved to, or in the answer it belonged to', () => {
    const lock: AnchorLock = {
      notes: {},
      sections: {},
      questions: { q40: 'q3' },
      paragraphs: { 'q40.2': 'q40.2', 'q1.9': 'q1.9', 'q2.1': 'q3.1' },
    };
    const { paragraphAliases, problems } = resolveAnchors(interview, lock);
    expect(problems).toEqual([]);
    // q40 became q3: its second paragraph is q3.2; q1 has fewer than 9 paragraphs: its last; q2.1 is current and stays.
    expect(paragraphAliases.get('q3.2')).toEqual(['q40.2']);
    expect(paragraphAliases.get(interview.sections[0]!.questions[0]!.paragraphIds.at(-1)!)).toEqual(['q1.9']);
    expect([...paragraphAliases.values()].flat()).not.toContain('q2.1');
  });
});

describe('parseAnchorLock', () => {
  it.each([
    ['not JSON', '{', /^content\/anchors\.lock\.json: is not valid JSON/],
    ['the wrong shape', '[]', /must be an object with "sections"/],
    [
      'a slug without a section number',
      '{"sections":{"a":"1"},"questions":{}}',
      /section slug "a" must map to a section number/,
    ],
    ['an id without a target', '{"sections":{},"questions":{"q1":3}}', /question id "q1" must map to a question id/],
  ])('rejects %s with a message naming the file', (_name, text, message) => {
    expect(() => parseAnchorLock(text, 'content/anchors.lock.json')).toThrow(ContentError);
    expect(() => parseAnchorLock(text, 'content/anchors.lock.json')).toThrow(message);
  });
});

describe('npm run anchors', () => {
  const run = (dir: string, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/anchors.ts', ...args], {
      cwd: root,
      env: { ...process.env, CONTENT_FILE: join(dir, 'interview.md') },
      encoding: 'utf8',
    });

  it('fails on a renamed section until `-- --update` records the new slug beside the old one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchors-'));
    writeFileSync(join(dir, 'interview.md'), before);
    expect(run(dir, '--update').status).toBe(0);
    writeFileSync(join(dir, 'interview.md'), renamed);
    const check = run(dir);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('not recorded yet: section slug "trade-keeps-growing"');
    expect(run(dir, '--update').status).toBe(0);
    expect(run(dir).status).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, 'anchors.lock.json'), 'utf8')) as AnchorLock).sections).toEqual({
      'trade-is-growing': 1,
      'trade-keeps-growing': 1,
      'culture-and-people': 2,
    });
  }, 60_000);

  it('passes on the committed content and lock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchors-'));
    copyFileSync(join(root, 'content/interview.md'), join(dir, 'interview.md'));
    copyFileSync(lockPath, join(dir, 'anchors.lock.json'));
    copyFileSync(notesPath, join(dir, 'notes.yaml'));
    const check = run(dir);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 30_000);
});
