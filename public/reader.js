// reader.js: progressive enhancement for the reader: copy-link buttons, keyboard shortcuts, absolute print links.
// Every page works without it; it adds only what needs script, and uses classes, never inline styles (strict CSP).
(function () {
  'use strict';

  var questions = Array.prototype.slice.call(document.querySelectorAll('section.qa[id]'));
  var nextLink = document.querySelector('a[rel="next"]');
  var prevLink = document.querySelector('a[rel="prev"]');

  // One polite live region for everything the script announces.
  var status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  (document.querySelector('main') || document.body).appendChild(status);

  function announce(message) {
    // Clearing first makes a repeated message ("copied" twice) be announced again.
    status.textContent = '';
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  // Printed links must be absolute to be of use on paper. The server writes absolute ones when SITE_URL is set;
  // otherwise data-href is root-relative and the page's own origin completes it.
  Array.prototype.forEach.call(document.querySelectorAll('a.permalink[data-href^="/"]'), function (link) {
    link.setAttribute('data-href', location.origin + link.getAttribute('data-href'));
  });

  // A "Copy link" button beside each question's permalink. Only where the Clipboard API exists
  // (secure contexts); elsewhere the permalink itself remains the way to get the link.
  if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
    Array.prototype.forEach.call(document.querySelectorAll('a.permalink[data-href]'), function (link) {
      var number = (link.textContent || '').replace(/^#/, '');
      var button = document.createElement('button');
      var label = document.createElement('span');
      var context = document.createElement('span');
      var timer = 0;
      button.type = 'button';
      button.className = 'copy-link';
      label.className = 'copy-link-label';
      label.textContent = 'Copy link';
      context.className = 'visually-hidden';
      context.textContent = ' to question ' + number;
      button.appendChild(label);
      button.appendChild(context);
      link.insertAdjacentElement('afterend', button);
      button.addEventListener('click', function () {
        var url = new URL(link.getAttribute('data-href'), location.href).href;
        navigator.clipboard.writeText(url).then(
          function () {
            label.textContent = 'Copied';
            announce('Link to question ' + number + ' copied to the clipboard');
          },
          function () {
            label.textContent = 'Copy failed';
            announce('Could not copy the link to question ' + number);
          },
        );
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          label.textContent = 'Copy link';
        }, 2500);
      });
    });
  }

  // Keyboard shortcuts, declared where they act so assistive technology can tell.
  var SHORTCUTS = [
    ['j', 'Next question'],
    ['k', 'Previous question'],
    ['n', 'Next section'],
    ['p', 'Previous section'],
    ['?', 'Show this list'],
  ];
  questions.forEach(function (question) {
    question.setAttribute('tabindex', '-1');
    question.setAttribute('aria-keyshortcuts', 'j k');
  });
  if (nextLink) nextLink.setAttribute('aria-keyshortcuts', 'n');
  if (prevLink) prevLink.setAttribute('aria-keyshortcuts', 'p');

  var help = document.createElement('dialog');
  help.className = 'shortcuts-help';
  help.setAttribute('aria-labelledby', 'shortcuts-help-title');
  var title = document.createElement('h2');
  title.id = 'shortcuts-help-title';
  title.textContent = 'Keyboard shortcuts';
  var list = document.createElement('dl');
  SHORTCUTS.forEach(function (shortcut) {
    var term = document.createElement('dt');
    var key = document.createElement('kbd');
    var description = document.createElement('dd');
    key.textContent = shortcut[0];
    description.textContent = shortcut[1];
    term.appendChild(key);
    list.appendChild(term);
    list.appendChild(description);
  });
  var note = document.createElement('p');
  note.textContent = 'They do nothing while a modifier key is held or while typing in a field.';
  var form = document.createElement('form');
  form.method = 'dialog';
  var close = document.createElement('button');
  close.textContent = 'Close';
  form.appendChild(close);
  help.appendChild(title);
  help.appendChild(list);
  help.appendChild(note);
  help.appendChild(form);
  document.body.appendChild(help);

  var helpButton = document.createElement('button');
  helpButton.type = 'button';
  helpButton.className = 'shortcuts-button';
  helpButton.textContent = 'Keyboard shortcuts';
  helpButton.setAttribute('aria-keyshortcuts', 'Shift+?');
  helpButton.addEventListener('click', openHelp);
  var footer = document.querySelector('.site-footer');
  if (footer) footer.appendChild(helpButton);

  function openHelp() {
    if (!help.open) help.showModal();
  }

  /** The questions' top edges below which a question counts as "ahead": its scroll margin, plus rounding. */
  function offsetOf(question) {
    return (parseFloat(getComputedStyle(question).scrollMarginTop) || 0) + 2;
  }

  function goToQuestion(question) {
    // A replaced fragment navigation: scrolls, updates :target and the URL, adds no history entry per key press.
    location.replace('#' + question.id);
    question.focus({ preventScroll: true });
  }

  /** The question the address points at, if it is on screen: j and k step from it even where the page cannot scroll it to the top. */
  function currentIndex() {
    var id = location.hash.slice(1);
    for (var i = 0; i < questions.length; i++) {
      if (questions[i].id !== id) continue;
      var box = questions[i].getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight ? i : -1;
    }
    return -1;
  }

  function nextQuestion() {
    var current = currentIndex();
    if (current >= 0) return questions[current + 1] || null;
    for (var i = 0; i < questions.length; i++) {
      if (questions[i].getBoundingClientRect().top > offsetOf(questions[i])) return questions[i];
    }
    return null;
  }

  function previousQuestion() {
    var current = currentIndex();
    if (current >= 0) return questions[current - 1] || null;
    for (var i = questions.length - 1; i >= 0; i--) {
      if (questions[i].getBoundingClientRect().top < offsetOf(questions[i]) - 4) return questions[i];
    }
    return null;
  }

  function typingIn(target) {
    if (!(target instanceof Element)) return false;
    return target.isContentEditable || target.closest('input, textarea, select, [contenteditable]') !== null;
  }

  document.addEventListener('keydown', function (event) {
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
    var question = null;
    if (key === 'j') question = nextQuestion();
    else if (key === 'k') question = previousQuestion();
    else if (key === 'n' && nextLink) location.href = nextLink.href;
    else if (key === 'p' && prevLink) location.href = prevLink.href;
    else return;
    event.preventDefault();
    if (question) goToQuestion(question);
  });
})();
