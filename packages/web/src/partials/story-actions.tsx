import type { StoryView } from '../view-models';

/**
 * The triage buttons of a story in a list, each a toggle: pressing the state a story is in sets
 * it back to new. The keyboard script (static/keys.js) knows them only by `data-story-action`,
 * and the card by `data-story-item`, so a card may be laid out any way around them.
 */
export const STORY_ACTIONS = [
  { action: 'star', state: 'starred', label: 'Star', pressedLabel: 'Starred', key: 's' },
  { action: 'review', state: 'reviewed', label: 'Reviewed', pressedLabel: 'Reviewed', key: 'r' },
  { action: 'dismiss', state: 'dismissed', label: 'Dismiss', pressedLabel: 'Dismissed', key: 'd' },
] as const;

/**
 * A form posting the new state; with htmx it swaps the story's card for the re-rendered one
 * (the server answers an htmx post with the card), without it the page reloads. `action`: where
 * it posts, when not the story's own state (a cluster card triages every copy of its event).
 */
export function StoryActions({
  story,
  csrfToken,
  action = `/stories/${story.id}/state`,
}: {
  story: Pick<StoryView, 'id' | 'state'>;
  csrfToken: string | null;
  action?: string | undefined;
}) {
  return (
    <form class="story-actions" method="post" action={action} hx-post={action} hx-target="closest [data-story-item]" hx-swap="outerHTML">
      {csrfToken ? <input type="hidden" name="_csrf" value={csrfToken} /> : null}
      {STORY_ACTIONS.map((a) => {
        const pressed = story.state === a.state;
        return (
          <button
            type="submit"
            name="state"
            value={pressed ? 'new' : a.state}
            class={`story-action action-${a.action}`}
            data-story-action={a.action}
            aria-pressed={pressed ? 'true' : 'false'}
            title={`${pressed ? `Undo ${a.pressedLabel.toLowerCase()}` : a.label} (${a.key})`}
          >
            {pressed ? a.pressedLabel : a.label}
          </button>
        );
      })}
    </form>
  );
}
