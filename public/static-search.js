// static-search.js: search in a static export (no server): reads ?q=, fetches /search-index.json, lists matches. Only search.html of an export loads it.
(function () {
  'use strict';
  var MAX_CHARS = 200;
  var MAX_TERMS = 12;
  var SNIPPET_WORDS = 36;
  var root = document.querySelector('[data-static-search]');
  if (!root || !window.fetch || !window.URLSearchParams) return;
  var raw = new URLSearchParams(window.location.search).get('q') || '';
  // As the server's normalizeQuery: control and bidi characters dropped, then cut between words to what is searched.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  var cleaned = raw.replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  var chars = Array.from(cleaned);
  var query = chars.slice(0, MAX_CHARS).join('');
  if (chars.length > MAX_CHARS && /[\p{L}\p{N}]/u.test(chars[MAX_CHARS])) query = query.replace(/[\p{L}\p{N}]+$/u, '') || query;
  var pieces = query.trim().split(/([^\p{L}\p{N}]+)/u);
  var terms = [];
  var kept = '';
  for (var i = 0; i < pieces.length; i += 1) {
    var lower = pieces[i].toLowerCase();
    if (i % 2 === 0 && lower && terms.indexOf(lower) === -1) {
      if (terms.length === MAX_TERMS) { kept = kept.replace(/[^\p{L}\p{N}]+$/u, ''); break; }
      terms.push(lower);
    }
    kept += pieces[i];
  }
  query = kept.trim();
  var input = document.querySelector('form[role="search"] input[name="q"]');
  if (input) input.value = query;
  if (terms.length === 0) return;

  var heading = document.querySelector('main h1');
  if (heading) heading.textContent = 'Search results for \u201c' + query + '\u201d';
  document.title = 'Search: ' + query + ' \u00b7 ' + document.title.replace(/^Search \u00b7 /, '');
  var status = root.querySelector('[data-static-search-status]');
  var list = root.querySelector('[data-static-search-results]');
  status.textContent = 'Searching\u2026';

  /** True when a word of the text starts with the term (prefix matching, as on the server). */
  function matches(word) {
    var lower = word.toLowerCase();
    return terms.some(function (term) { return lower.indexOf(term) === 0; });
  }

  /** Appends `text` to `parent`, wrapping matched words in <mark>. Text nodes only: nothing becomes markup. */
  function appendMarked(parent, text) {
    text.split(/([^\p{L}\p{N}]+)/u).forEach(function (piece, index) {
      if (index % 2 === 0 && piece && matches(piece)) {
        var mark = document.createElement('mark');
        mark.textContent = piece;
        parent.appendChild(mark);
      } else if (piece) {
        parent.appendChild(document.createTextNode(piece));
      }
    });
  }

  function score(doc) {
    var words = (doc.question + ' ' + doc.answer).toLowerCase().split(/[^\p{L}\p{N}]+/u);
    var all = terms.every(function (term) { return words.some(function (word) { return word.indexOf(term) === 0; }); });
    if (!all) return 0;
    var phrase = terms.length > 1 && (' ' + words.join(' ') + ' ').indexOf(' ' + terms.join(' ') + ' ') !== -1;
    var count = 0;
    doc.question.split(/[^\p{L}\p{N}]+/u).forEach(function (word) { if (word && matches(word)) count += 2; });
    doc.answer.split(/[^\p{L}\p{N}]+/u).forEach(function (word) { if (word && matches(word)) count += 1; });
    return (phrase ? 1000 : 0) + count / Math.sqrt(words.length);
  }

  function snippet(text) {
    var pieces = text.replace(/\s+/g, ' ').split(' ');
    var first = pieces.findIndex(function (piece) { return piece.split(/[^\p{L}\p{N}]+/u).some(function (word) { return word && matches(word); }); });
    var start = Math.max(0, (first === -1 ? 0 : first) - Math.floor(SNIPPET_WORDS / 4));
    var end = Math.min(pieces.length, start + SNIPPET_WORDS);
    return (start > 0 ? '\u2026 ' : '') + pieces.slice(start, end).join(' ') + (end < pieces.length ? ' \u2026' : '');
  }

  function render(docs) {
    var hits = docs
      .map(function (doc) { return { doc: doc, score: score(doc) }; })
      .filter(function (hit) { return hit.score > 0; })
      .sort(function (a, b) { return b.score - a.score || a.doc.number - b.doc.number; });
    status.textContent = hits.length === 0
      ? 'No question or answer contains \u201c' + query + '\u201d.'
      : hits.length + (hits.length === 1 ? ' question matches.' : ' questions match.');
    hits.forEach(function (hit) {
      var doc = hit.doc;
      var item = document.createElement('li');
      item.className = 'search-hit';
      var where = document.createElement('p');
      where.className = 'search-hit-where';
      where.textContent = 'Question ' + doc.number + ' \u00b7 ' + doc.section;
      var title = document.createElement('h2');
      title.className = 'search-hit-question';
      var link = document.createElement('a');
      link.href = doc.url;
      appendMarked(link, doc.question);
      title.appendChild(link);
      var text = document.createElement('p');
      text.className = 'search-hit-snippet';
      appendMarked(text, snippet(doc.answer));
      item.append(where, title, text);
      list.appendChild(item);
    });
  }

  fetch(root.getAttribute('data-static-search'))
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(function (docs) {
      var note = root.querySelector('[data-static-search-note]');
      if (note) note.hidden = true;
      render(docs);
    })
    .catch(function () {
      status.textContent = 'The search index could not be loaded; use your browser\u2019s find on the whole interview instead.';
    });
})();
