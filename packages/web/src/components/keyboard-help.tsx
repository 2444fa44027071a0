/** The keys of the story list, for the `?` dialog. */
const KEYS: { keys: string[]; what: string }[] = [
  { keys: ['j', 'k'], what: 'Next / previous story' },
  { keys: ['o', 'Enter'], what: 'Open the story' },
  { keys: ['s'], what: 'Star (again: unstar)' },
  { keys: ['r'], what: 'Mark reviewed (again: back to new)' },
  { keys: ['d'], what: 'Dismiss (again: back to new)' },
  { keys: ['/'], what: 'Search (Esc leaves the box)' },
  { keys: ['?'], what: 'Show or hide these keys' },
];

/** Where the `?` key and the help button look for the dialog. */
export const KEYBOARD_HELP_ID = 'keyboard-help';

/**
 * The list of keys as a modal dialog, opened by `?` (static/keys.js); Esc or the button closes
 * it. Part of the page, not built by script, so it is plain, translatable HTML.
 */
export function KeyboardHelp() {
  return (
    <dialog id={KEYBOARD_HELP_ID} class="keys-dialog" aria-labelledby={`${KEYBOARD_HELP_ID}-title`}>
      <h2 id={`${KEYBOARD_HELP_ID}-title`}>Keyboard shortcuts</h2>
      <dl class="keys">
        {KEYS.map((k) => (
          <>
            <dt>
              {k.keys.map((key, i) => (
                <>
                  {i > 0 ? ' / ' : null}
                  <kbd>{key}</kbd>
                </>
              ))}
            </dt>
            <dd>{k.what}</dd>
          </>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit" class="primary">
          Close
        </button>
      </form>
    </dialog>
  );
}
