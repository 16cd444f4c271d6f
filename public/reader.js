// reader.js: progressive enhancement for the reader: share controls, copied quotes, the contents' current place,
// the context bar, keyboard shortcuts, absolute printed links. Every page works without it; it adds only what needs
// script, and styles only through classes (strict CSP).
(function () {
  'use strict';

  var doc = document;
  var body = doc.body;
  var all = function (selector, root) {
    return Array.prototype.slice.call((root || doc).querySelectorAll(selector));
  };
  var kind = (/\bkind-(\S+)/.exec(body.className) || [])[1] || 'page';
  var questions = all('section.qa[id]');
  var nextLink = doc.querySelector('a[rel="next"]');
  var prevLink = doc.querySelector('a[rel="prev"]');
  var absolute = function (url) {
    return new URL(url, location.href).href;
  };

  // One polite live region for everything the script announces.
  var status = doc.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  (doc.querySelector('main') || body).appendChild(status);
  function announce(message) {
    // Clearing first makes a repeated message ("copied" twice) be announced again.
    status.textContent = '';
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  // Printed and copied links must be absolute. The server writes them absolute when it knows its public origin;
  // otherwise they are root-relative and the page's own origin completes them.
  all('a.permalink[data-href^="/"]').forEach(function (link) {
    link.setAttribute('data-href', absolute(link.getAttribute('data-href')));
  });
  all('[data-absolute]').forEach(function (element) {
    element.textContent = absolute(element.textContent || '/');
  });

  // Copies text with the Clipboard API, else (an older browser, or the API refused) through a selected off-screen
  // field and execCommand('copy'), putting the reader's selection and focus back after.
  function copyText(text) {
    var legacy = function () {
      var selection = doc.getSelection();
      var range = selection.rangeCount ? selection.getRangeAt(0) : null;
      var focused = doc.activeElement;
      var field = doc.createElement('textarea');
      field.className = 'visually-hidden';
      field.value = text;
      body.appendChild(field);
      field.select();
      var copied = doc.execCommand('copy');
      field.remove();
      selection.removeAllRanges();
      if (range) selection.addRange(range);
      if (focused) focused.focus({ preventScroll: true });
      return copied ? Promise.resolve() : Promise.reject();
    };
    return navigator.clipboard ? navigator.clipboard.writeText(text).catch(legacy) : legacy();
  }
  var canCopy = !!(navigator.clipboard || doc.queryCommandSupported('copy'));
  var canShare = typeof navigator.share === 'function';

  // A paragraph's one link, the form every control hands out: its question's share URL and its id (…/questions/q6#q6.2).
  function paragraphUrl(paragraph) {
    return absolute(paragraph.closest('.turn-answer').getAttribute('data-share-url')) + '#' + paragraph.id;
  }

  // A copy control's click: copies `url`, shows `done` on `label` for a moment, announces it.
  function copyControl(url, label, done, what) {
    var idle = label.textContent;
    var timer = 0;
    return function () {
      copyText(url).then(
        function () {
          label.textContent = done;
          announce('Link to ' + what + ' copied to the clipboard');
          window.clearTimeout(timer);
          timer = window.setTimeout(function () {
            label.textContent = idle;
          }, 2500);
        },
        function () {
          announce('Could not copy the link');
        },
      );
    };
  }

  // ---- Share: one control per question. The native share sheet where there is one, else copy. ----
  // Without script it is a plain link to the same URL.
  if (canShare || canCopy) {
    all('a.share').forEach(function (link) {
      var url = link.href;
      var heading = link.closest('.qa') && link.closest('.qa').querySelector('.question-text');
      var title = heading ? heading.textContent.trim() : doc.title;
      var button = doc.createElement('button');
      button.type = 'button';
      button.className = link.className;
      button.setAttribute('data-share', url);
      while (link.firstChild) button.appendChild(link.firstChild);
      var what = button.querySelector('.visually-hidden').textContent.trim();
      var copy = copyControl(url, button.querySelector('.share-label'), 'Copied', what || 'this page');
      link.replaceWith(button);
      button.addEventListener('click', function () {
        if (canShare) navigator.share({ title: title, url: url }).catch(function () {});
        else copy();
      });
    });
  }

  // ---- ¶: a button that copies its paragraph's link and puts the paragraph in the address bar (no scroll, no
  // history entry). Without script it is a plain link to the paragraph. ----
  if (canCopy) {
    all('a.para-link').forEach(function (link) {
      var paragraph = link.closest('.para');
      var number = paragraph.id.slice(1);
      var button = doc.createElement('button');
      button.type = 'button';
      button.className = link.className;
      button.innerHTML = '<span>\u00b6</span><span class="visually-hidden"> Copy link to paragraph ' + number + '</span>';
      var copy = copyControl(paragraphUrl(paragraph), button.firstChild, '\u2713', 'paragraph ' + number);
      link.replaceWith(button);
      button.addEventListener('click', function () {
        history.replaceState(history.state, '', '#' + paragraph.id);
        copy();
      });
    });
  }

  // ---- Copy quote: a selection inside one answer is copied with its credit (the speaker, the interview, the machine
  // translation and its service: the answer's data-quote-by) and a link that lands on it. The bar stands by the
  // selection, never on it: above with a pointer, below on a touch screen (whose own menu is above); it follows the
  // selection as the page scrolls, and hides while the selection is off screen. ----
  var bar = null;
  var quote = null;
  function selectedQuote() {
    var selection = doc.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    var range = selection.getRangeAt(0);
    var start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
    var answer = start && start.closest('.turn-answer');
    if (!answer || !answer.contains(range.endContainer)) return null;
    var copy = range.cloneContents();
    Array.prototype.forEach.call(copy.querySelectorAll('.speaker, .para-link, .quote-bar'), function (node) {
      node.remove();
    });
    // The words as the reader sees them, typographic quotes and all; a note's mark adds none (CSS draws its number).
    var text = (copy.textContent || '').replace(/\s+/g, ' ').trim();
    if (text.length < 2) return null;
    var paragraph = start.closest('.para') || answer.querySelector('.para');
    return { text: text, answer: answer, paragraph: paragraph, range: range };
  }
  function fragmentFor(text, scope) {
    // The same rule as the search links: the words must occur once on the page they lead to, or no directive.
    var haystack = (scope.textContent || '').replace(/\s+/g, ' ').toLowerCase();
    var words = text.replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '').split(' ');
    var encode = function (part) {
      return encodeURIComponent(part).replace(/-/g, '%2D');
    };
    var once = function (part) {
      var lower = part.toLowerCase();
      return lower !== '' && haystack.indexOf(lower) !== -1 && haystack.indexOf(lower) === haystack.lastIndexOf(lower);
    };
    if (words.length <= 8) {
      var whole = words.join(' ');
      return once(whole) ? ':~:text=' + encode(whole) : '';
    }
    var head = words.slice(0, 4).join(' ');
    var tail = words.slice(-4).join(' ');
    return once(head) && once(tail) ? ':~:text=' + encode(head) + ',' + encode(tail) : '';
  }
  if (canCopy && questions.length > 0) {
    bar = doc.createElement('div');
    bar.className = 'quote-bar';
    bar.hidden = true;
    var quoteButton = doc.createElement('button');
    quoteButton.type = 'button';
    quoteButton.textContent = 'Copy quote';
    bar.appendChild(quoteButton);
    var touch = window.matchMedia('(pointer: coarse)');
    var dismissed = false;
    var frame = 0;
    var placeBar = function () {
      frame = 0;
      var lines = quote && !dismissed ? Array.prototype.filter.call(quote.range.getClientRects(), function (line) {
        return line.width > 0;
      }) : [];
      // The sticky bars' height: the page's scroll padding.
      var top = parseFloat(getComputedStyle(doc.documentElement).scrollPaddingTop) || 0;
      var bottom = window.innerHeight - 8;
      var first = lines[0];
      var last = lines[lines.length - 1];
      var wasHidden = bar.hidden;
      bar.hidden = !first || (!bar.contains(doc.activeElement) && (last.bottom < top || first.top > bottom));
      if (bar.hidden) return;
      var height = bar.offsetHeight;
      var width = bar.offsetWidth;
      var above = first.top - height - 8;
      // On a touch screen, clear of the selection's handles under the last line.
      var below = last.bottom + (touch.matches ? 32 : 8);
      var fitsAbove = above >= top;
      var fitsBelow = below + height <= bottom;
      var useAbove = touch.matches ? fitsAbove && !fitsBelow : fitsAbove || !fitsBelow;
      var line = useAbove ? first : last;
      // A selection taller than the screen leaves no room beside it: the bar then keeps to the screen's bottom edge.
      bar.style.top = (useAbove ? Math.max(above, top) : Math.min(below, bottom - height)) + 'px';
      bar.style.left = Math.max(8, Math.min(line.left + line.width / 2 - width / 2, doc.documentElement.clientWidth - width - 8)) + 'px';
      if (wasHidden) announce('Copy quote available after this paragraph');
    };
    var schedule = function () {
      if (!frame) frame = window.requestAnimationFrame(placeBar);
    };
    doc.addEventListener('selectionchange', function () {
      if (bar.contains(doc.activeElement)) return;
      dismissed = false;
      quote = selectedQuote();
      // Next in the tab order after the quoted paragraph, so the keyboard reaches it from the selection.
      if (quote) quote.paragraph.after(bar);
      schedule();
    });
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    doc.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape' || bar.hidden) return;
      dismissed = true;
      if (bar.contains(doc.activeElement)) doc.activeElement.blur();
      placeBar();
    });
    // Keep the selection when the button is pressed with a pointer.
    quoteButton.addEventListener('pointerdown', function (event) {
      event.preventDefault();
    });
    quoteButton.addEventListener('click', function () {
      var url = paragraphUrl(quote.paragraph) + fragmentFor(quote.text, quote.answer.closest('.qa'));
      copyText('\u201c' + quote.text + '\u201d \u2014 ' + quote.answer.getAttribute('data-quote-by') + ', ' + url).then(
        function () {
          quoteButton.textContent = 'Quote copied';
          announce('Quote copied to the clipboard, with its credit and link');
          window.setTimeout(function () {
            quoteButton.textContent = 'Copy quote';
          }, 2000);
        },
        function () {
          announce('Could not copy the quote');
        },
      );
    });
  }

  // ---- Contents: open beside the text on a wide screen, a disclosure the reader opens on a phone. ----
  var details = doc.querySelector('.toc-details');
  var wide = window.matchMedia('(min-width: 64rem)');
  if (details) {
    var syncOpen = function () {
      if (wide.matches) details.open = true;
    };
    syncOpen();
    wide.addEventListener('change', syncOpen);
  }

  // ---- The current question in the contents, and the context bar once its heading has scrolled away ----
  if ('IntersectionObserver' in window) {
    // Without script the bar always shows the section's title; with it, only once the heading has scrolled away.
    doc.documentElement.classList.add('has-bars');
    var tocLinks = {};
    all('.toc-side .toc-questions a[href*="#"]').forEach(function (link) {
      tocLinks[link.hash.slice(1)] = link;
    });
    var visible = {};
    var current = null;
    var markCurrent = function () {
      var first = null;
      for (var i = 0; i < questions.length; i++) {
        if (visible[questions[i].id]) {
          first = questions[i].id;
          break;
        }
      }
      if (!first || first === current) return;
      if (current && tocLinks[current]) {
        tocLinks[current].classList.remove('is-current');
        tocLinks[current].removeAttribute('aria-current');
      }
      current = first;
      var link = tocLinks[current];
      if (link) {
        link.classList.add('is-current');
        link.setAttribute('aria-current', 'location');
        // The side column scrolls on its own: keep the entry in its view, a third of the way down.
        var column = link.closest('.toc-side');
        var box = link.getBoundingClientRect();
        var view = column.getBoundingClientRect();
        if (wide.matches && (box.top < view.top || box.bottom > view.bottom)) column.scrollTop += box.top - view.top - view.height / 3;
      }
    };
    // The sticky context bar on a phone names the question being read, as well as its section.
    var barFor = function (question) {
      var holder = question.closest('.full-section, article');
      var contextBar = holder && holder.querySelector('.context-bar');
      if (!contextBar) return null;
      var mark = contextBar.querySelector('.context-q');
      if (!mark) {
        mark = doc.createElement('span');
        mark.className = 'context-q';
        contextBar.appendChild(mark);
      }
      return mark;
    };
    // A title too long for the stuck bar loses whole words from its end, with an ellipsis: a CSS ellipsis would cut
    // inside a word ("NOMASSRUS…"). Without script the bar wraps instead (style.css), so no word is cut either.
    var fitTitle = function (contextBar) {
      var title = contextBar.querySelector('.context-title');
      if (!title) return;
      var whole = title.getAttribute('data-whole');
      if (whole === null) title.setAttribute('data-whole', (whole = title.textContent));
      title.textContent = whole;
      title.hidden = false;
      if (!contextBar.classList.contains('is-stuck')) return;
      var words = whole.split(' ');
      while (title.scrollWidth > title.clientWidth + 1) {
        words.pop();
        // " · " and one word at least, else no title: the section's number is still there.
        if (words.length < 3) return void (title.hidden = true);
        title.textContent = words.join(' ').replace(/[\s,.:;\u2014-]+$/, '') + '\u2026';
      }
    };
    var markBar = function (id) {
      all('.context-q').forEach(function (mark) {
        mark.textContent = '';
      });
      var question = doc.getElementById(id);
      var mark = question && barFor(question);
      var number = question && question.querySelector('.permalink');
      if (mark && number) mark.textContent = ' \u00b7 ' + number.textContent;
      all('.context-bar').forEach(fitTitle);
    };
    if (questions.length > 1 || Object.keys(tocLinks).length > 0) {
      // A question counts as current while it crosses the upper part of the screen.
      var tracker = new IntersectionObserver(
        function (entries) {
          entries.forEach(function (entry) {
            visible[entry.target.id] = entry.isIntersecting;
          });
          markCurrent();
          if (current) markBar(current);
        },
        { rootMargin: '-15% 0px -55% 0px' },
      );
      questions.forEach(function (question) {
        tracker.observe(question);
      });
    }
    all('.context-bar').forEach(function (contextBar) {
      var heading = contextBar.nextElementSibling;
      if (!heading) return;
      new IntersectionObserver(function (entries) {
        var entry = entries[entries.length - 1];
        contextBar.classList.toggle('is-stuck', !entry.isIntersecting && entry.boundingClientRect.top < 0);
        fitTitle(contextBar);
      }).observe(heading);
      window.addEventListener('resize', function () {
        fitTitle(contextBar);
      });
    });
  }

  // ---- Keyboard shortcuts, per page kind, declared where they act so assistive technology can tell ----
  var sectionsOnPage = all('.full-section');
  var stepsByQuestion = questions.length > 1;
  var SHORTCUTS = [];
  if (stepsByQuestion) SHORTCUTS.push(['j', 'Next question'], ['k', 'Previous question']);
  if (kind === 'home' && nextLink) SHORTCUTS.push(['n', 'Start reading: section 1']);
  else if (kind === 'question') {
    if (nextLink || prevLink) SHORTCUTS.push(['n', 'Next question'], ['p', 'Previous question']);
  } else if (kind === 'section' || kind === 'full') SHORTCUTS.push(['n', 'Next section'], ['p', 'Previous section']);
  SHORTCUTS.push(['?', 'Show this list']);

  questions.forEach(function (question) {
    question.setAttribute('tabindex', '-1');
    if (stepsByQuestion) question.setAttribute('aria-keyshortcuts', 'j k');
  });
  if (nextLink && kind !== 'full') nextLink.setAttribute('aria-keyshortcuts', 'n');
  if (prevLink && kind !== 'full') prevLink.setAttribute('aria-keyshortcuts', 'p');
  sectionsOnPage.forEach(function (section) {
    section.setAttribute('tabindex', '-1');
    section.setAttribute('aria-keyshortcuts', 'n p');
  });

  var help = doc.createElement('dialog');
  help.className = 'shortcuts-help';
  help.setAttribute('aria-labelledby', 'shortcuts-help-title');
  // Static markup only: the keys and their descriptions are this script's own strings.
  help.innerHTML =
    '<h2 id="shortcuts-help-title">Keyboard shortcuts</h2><dl>' +
    SHORTCUTS.map(function (shortcut) {
      return '<dt><kbd>' + shortcut[0] + '</kbd></dt><dd>' + shortcut[1] + '</dd>';
    }).join('') +
    '</dl><p>They do nothing while a modifier key is held or while typing in a field.</p><form method="dialog"><button>Close</button></form>';
  body.appendChild(help);

  // The hint near the top: in the header on a wide screen with a pointer, shown on focus elsewhere (CSS).
  var helpButton = doc.createElement('button');
  helpButton.type = 'button';
  helpButton.className = 'shortcuts-button';
  helpButton.innerHTML = 'Shortcuts <kbd>?</kbd>';
  helpButton.setAttribute('aria-keyshortcuts', 'Shift+?');
  helpButton.addEventListener('click', openHelp);
  var headerRow = doc.querySelector('.site-header-row');
  if (headerRow && SHORTCUTS.length > 1) headerRow.appendChild(helpButton);

  function openHelp() {
    if (!help.open) help.showModal();
  }

  /** The questions' top edges below which a question counts as "ahead": its scroll margin, plus rounding. */
  function offsetOf(element) {
    return (parseFloat(getComputedStyle(element).scrollMarginTop) || 0) + (parseFloat(getComputedStyle(doc.documentElement).scrollPaddingTop) || 0) + 2;
  }

  function goTo(element) {
    // A replaced fragment navigation: scrolls, updates :target and the URL, adds no history entry per key press.
    location.replace('#' + element.id);
    element.focus({ preventScroll: true });
  }

  /** The element of `list` the address points at, if it is on screen: steps go from it even where the page cannot scroll it to the top. */
  function currentIndex(list) {
    var id = location.hash.slice(1);
    for (var i = 0; i < list.length; i++) {
      if (list[i].id !== id) continue;
      var box = list[i].getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight ? i : -1;
    }
    return -1;
  }

  function ahead(list) {
    var current = currentIndex(list);
    if (current >= 0) return list[current + 1] || null;
    for (var i = 0; i < list.length; i++) {
      if (list[i].getBoundingClientRect().top > offsetOf(list[i])) return list[i];
    }
    return null;
  }

  function behind(list) {
    var current = currentIndex(list);
    if (current >= 0) return list[current - 1] || null;
    for (var i = list.length - 1; i >= 0; i--) {
      if (list[i].getBoundingClientRect().top < offsetOf(list[i]) - 4) return list[i];
    }
    return null;
  }

  // ---- Editorial notes: a mark opens its note in place, beside the words. Without script (or without the Popover
  // API) the mark is a link to the note listed after the answer. One note is open at a time; Escape, a tap or click
  // outside, or the close button closes it, and focus goes back to the mark. ----
  var pop = null;
  var openMark = null;
  function placePop(mark) {
    var rects = mark.getClientRects();
    var first = rects[0] || mark.getBoundingClientRect();
    var rect = rects[rects.length - 1] || first;
    var room = doc.documentElement.clientWidth;
    var column = (mark.closest('.layout-main') || body).getBoundingClientRect();
    var margin = room - column.right;
    var left;
    var top;
    if (margin >= 312) {
      // A wide screen: in the margin beside the text column, level with the words, covering none of them.
      pop.style.width = Math.min(384, margin - 40) + 'px';
      left = column.right + 16;
      top = first.top;
    } else {
      pop.style.width = '';
      left = Math.max(8, Math.min(rect.left, room - pop.offsetWidth - 8));
      var below = rect.bottom + 6;
      top = below + pop.offsetHeight > window.innerHeight && rect.top - pop.offsetHeight - 6 > 0 ? rect.top - pop.offsetHeight - 6 : below;
    }
    pop.style.left = left + window.scrollX + 'px';
    pop.style.top = top + window.scrollY + 'px';
  }
  function openNote(mark) {
    var note = doc.getElementById(mark.getAttribute('href').slice(1));
    if (!note) return false;
    if (!pop) {
      pop = doc.createElement('div');
      pop.className = 'note-pop';
      pop.setAttribute('popover', 'auto');
      pop.setAttribute('role', 'dialog');
      pop.setAttribute('aria-labelledby', 'note-pop-label');
      pop.tabIndex = -1;
      body.appendChild(pop);
      pop.addEventListener('toggle', function (event) {
        // Another mark may have opened it again before this event came: then it stays with that one.
        if (event.newState !== 'closed' || !openMark || pop.matches(':popover-open')) return;
        var mark = openMark;
        mark.removeAttribute('data-open');
        openMark = null;
        if (pop.contains(doc.activeElement) || doc.activeElement === body) mark.focus({ preventScroll: true });
      });
    }
    if (openMark) {
      openMark.removeAttribute('data-open');
      if (pop.matches(':popover-open')) pop.hidePopover();
    }
    pop.textContent = '';
    var head = note.querySelector('.note-head').cloneNode(true);
    var label = head.querySelector('.note-label');
    label.id = 'note-pop-label';
    var close = doc.createElement('button');
    close.type = 'button';
    close.innerHTML = '<span aria-hidden="true">\u00d7</span><span class="visually-hidden">Close the note</span>';
    close.addEventListener('click', function () {
      pop.hidePopover();
    });
    head.appendChild(close);
    pop.appendChild(head);
    pop.appendChild(note.querySelector('.note-text').cloneNode(true));
    openMark = mark;
    pop.showPopover();
    mark.setAttribute('data-open', '');
    placePop(mark);
    pop.focus();
    return true;
  }
  if (typeof HTMLElement.prototype.showPopover === 'function') {
    all('a.noteref').forEach(function (mark) {
      mark.addEventListener('click', function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        if (openNote(mark)) event.preventDefault();
      });
    });
    window.addEventListener('resize', function () {
      if (openMark && pop.matches(':popover-open')) placePop(openMark);
    });
  }

  function typingIn(target) {
    if (!(target instanceof Element)) return false;
    return target.isContentEditable || target.closest('input, textarea, select, [contenteditable]') !== null;
  }

  doc.addEventListener('keydown', function (event) {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (typingIn(event.target) || help.open) return;
    var key = event.key;
    if (key === '?') {
      event.preventDefault();
      openHelp();
      return;
    }
    if (event.shiftKey) return;
    var target = null;
    if (key === 'j' && stepsByQuestion) target = ahead(questions);
    else if (key === 'k' && stepsByQuestion) target = behind(questions);
    else if (kind === 'full' && (key === 'n' || key === 'p')) target = key === 'n' ? ahead(sectionsOnPage) : behind(sectionsOnPage);
    else if (key === 'n' && nextLink && kind !== 'search' && kind !== 'not-found') location.href = nextLink.href;
    else if (key === 'p' && prevLink && kind !== 'home') location.href = prevLink.href;
    else return;
    event.preventDefault();
    if (target) goTo(target);
  });
})();
