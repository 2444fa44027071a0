/*
 * newswatch keyboard triage, served from /static like htmx (the CSP allows no inline script).
 *
 * j / k move between stories, o or Enter opens one, s stars, r marks reviewed, d dismisses,
 * / goes to the search box, ? shows the keys. One listener on the document: stories that arrive
 * later over the live stream, or after "load more", need nothing of their own. The script knows
 * a story only by `data-story-item` (and `data-story-id`) and its controls by
 * `data-story-action`, never by the card's markup; a triage key clicks the story's own button,
 * so the request is the one a click sends (htmx, with the session's CSRF header).
 */
(() => {
  const ITEM = '[data-story-item]';
  const ACTION_KEYS = { o: 'open', s: 'star', r: 'review', d: 'dismiss' };
  /** The current story, by id: htmx replaces a card's element when its state changes. */
  let currentId = null;
  /** Set when a key triaged the current story: its new card takes the focus back. */
  let refocus = false;

  const items = () => Array.from(document.querySelectorAll(ITEM));
  const current = () => (currentId === null ? null : document.querySelector(`${ITEM}[data-story-id="${CSS.escape(currentId)}"]`));
  const helpDialog = () => document.getElementById('keyboard-help');

  function mark(item, focus) {
    for (const other of document.querySelectorAll(`${ITEM}.is-current`)) {
      if (other === item) continue;
      other.classList.remove('is-current');
      other.removeAttribute('aria-current');
    }
    if (!item) return;
    currentId = item.getAttribute('data-story-id');
    item.classList.add('is-current');
    item.setAttribute('aria-current', 'true');
    if (focus) {
      item.focus({ preventScroll: true });
      item.scrollIntoView({ block: 'nearest' });
    }
  }

  function move(step) {
    const list = items();
    if (list.length === 0) return false;
    const at = list.indexOf(current());
    const next = at === -1 ? 0 : Math.min(list.length - 1, Math.max(0, at + step));
    mark(list[next], true);
    return true;
  }

  function act(name) {
    const control = current()?.querySelector(`[data-story-action="${name}"]`);
    if (!control) return false;
    refocus = name !== 'open';
    control.click();
    return true;
  }

  /** Keys typed into a field are text, not commands. */
  function typing(target) {
    return target instanceof Element && target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
  }

  /** Enter opens the current story only when nothing else would take it (a focused link or button would). */
  function enterIsOurs(target) {
    return !(target instanceof Element) || target === document.body || target.matches(ITEM);
  }

  function toggleHelp() {
    const dialog = helpDialog();
    if (!dialog) return false;
    if (dialog.open) dialog.close();
    else dialog.showModal();
    return true;
  }

  function handle(event) {
    const dialog = helpDialog();
    if (dialog?.open) return event.key === '?' && toggleHelp();
    if (event.key === 'Escape' && typing(event.target) && event.target.matches('[data-search-input]')) {
      event.target.blur();
      return true;
    }
    if (typing(event.target)) return false;
    if (event.key === 'j') return move(1);
    if (event.key === 'k') return move(-1);
    if (event.key === 'Enter') return enterIsOurs(event.target) && act('open');
    if (event.key in ACTION_KEYS) return act(ACTION_KEYS[event.key]);
    if (event.key === '/') {
      const search = document.querySelector('[data-search-input]');
      if (!search) return false;
      search.focus();
      search.select();
      return true;
    }
    if (event.key === '?') return toggleHelp();
    return false;
  }

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (handle(event)) event.preventDefault();
  });

  // A click on a story makes it the current one; the help button opens the list of keys.
  document.addEventListener('click', (event) => {
    if (!(event.target instanceof Element)) return;
    if (event.target.closest('[data-keys-help-open]')) {
      toggleHelp();
      return;
    }
    const item = event.target.closest(ITEM);
    if (item) mark(item, false);
  });

  // A swapped card (new state) or a replaced list: mark the current story again, if it is still there.
  document.addEventListener('htmx:afterSettle', () => {
    const item = current();
    if (item) mark(item, refocus);
    refocus = false;
  });
})();
