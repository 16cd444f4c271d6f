// What the share and copy controls hand out: the share link's markup (every page kind and the search hits) and the credit a copied quote carries.
import type { InterviewMeta } from '../content/model.js';
import { escapeHtml, languageName } from './text.js';

/**
 * A share control: a plain link to `url` without script, which reader.js turns into a button that shares or copies
 * it. `what` ("question 3") completes its accessible name after the visible "Share"; '' leaves it at "Share".
 */
export const shareLink = (url: string, what = ''): string =>
  `<a class="share question-page-link" href="${escapeHtml(url)}"><span class="share-label">Share</span><span class="visually-hidden">${what ? ` ${escapeHtml(what)}` : ''}</span></a>`;

/**
 * Whose words a copied quote is, from the front matter: `Georgy Zinoviev, Russian Ambassador to the Republic of Korea,
 * interviewed by Izvestia (machine translation from Russian by Yandex Translate)`. The role is left out when empty;
 * an interviewer other than the outlet is named with it ("interviewed by Lois Lane for The Daily Planet"); a text that
 * is not a translation says nothing of one. Plain text.
 */
export function quoteCredit(meta: InterviewMeta): string {
  const speaker = meta.interviewee.role ? `${meta.interviewee.name}, ${meta.interviewee.role}` : meta.interviewee.name;
  const by = meta.interviewer === meta.outlet ? meta.outlet : `${meta.interviewer} for ${meta.outlet}`;
  const translation = meta.translation
    ? ` (machine translation from ${languageName(meta.translation.from)} by ${meta.translation.service})`
    : '';
  return `${speaker}, interviewed by ${by}${translation}`;
}
