import { PageLayout } from '../layouts/page-layout';
import { formatInZone, formatUtcMinute, plural } from '../partials/channel-format';
import type { PageContext } from '../view-models';

/** The rule form's values, as typed (a rejected form comes back unchanged). */
export interface RuleForm {
  id: number | null;
  channelId: number | null;
  /** all: every watch, including ones created later; selected: the ticked ones. */
  scope: 'all' | 'selected';
  watchIds: number[];
  mode: 'instant' | 'digest' | 'feed-health' | 'spike';
  schedule: string;
  timezone: string;
  failingHours: string;
  /** Spike rules: the window counted, the factor over the usual rate, the fewest matches. */
  spikeWindow: 'hour' | 'day';
  spikeFactor: string;
  spikeMinCount: string;
  minSources: string;
  mutePolicy: 'send' | 'drop';
  enabled: boolean;
  /** The saved rule's mute, for display. */
  mutedUntil: Date | null;
}

export interface RuleEditorProps {
  ctx: PageContext;
  rule: RuleForm;
  channels: { id: number; name: string }[];
  watches: { id: number; name: string }[];
  /** IANA zone names for the time-zone field's suggestions. */
  timezones: string[];
  /** The next few digest times of the saved schedule, to check the cron expression by eye. */
  nextDigests: Date[];
  heldCount: number;
  error: string | null;
  now?: Date;
}

const MUTE_CHOICES: { value: string; label: string }[] = [
  { value: '', label: 'Keep as is' },
  { value: '1', label: '1 hour' },
  { value: '4', label: '4 hours' },
  { value: '8', label: '8 hours' },
  { value: '24', label: '24 hours' },
  { value: '72', label: '3 days' },
  { value: '168', label: '7 days' },
];

/**
 * Create or edit a rule: which watches (all, or several ticked), which channel, instantly or as
 * a digest on a cron schedule in a time zone (or feed-health alerts, or spikes of a watch's
 * volume), the minimum number of
 * outlets, and muting with the choice of what happens to held alerts when the mute ends.
 */
export function RuleEditorPage({ ctx, rule, channels, watches, timezones, nextDigests, heldCount, error, now = new Date() }: RuleEditorProps) {
  const isNew = rule.id === null;
  const action = isNew ? '/channels/rules' : `/channels/rules/${rule.id}`;
  const muted = rule.mutedUntil !== null && rule.mutedUntil > now;
  return (
    <PageLayout title={isNew ? 'New rule' : `Rule ${rule.id}`} ctx={ctx}>
      <p class="crumbs">
        <a href="/channels#rules">← Alerts</a>
      </p>
      <h1>{isNew ? 'New rule' : `Edit rule ${rule.id}`}</h1>
      <form class="card stack rule-form" method="post" action={action}>
        <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}

        <fieldset>
          <legend>What</legend>
          <div class="choices">
            <label class="check">
              <input type="radio" name="mode" value="instant" checked={rule.mode === 'instant'} /> Stories matching watches, <strong>instantly</strong>
            </label>
            <label class="check">
              <input type="radio" name="mode" value="digest" checked={rule.mode === 'digest'} /> Stories matching watches, as a <strong>digest</strong> on a
              schedule
            </label>
            <label class="check">
              <input type="radio" name="mode" value="feed-health" checked={rule.mode === 'feed-health'} /> A feed keeps failing: a <strong>feed-health</strong>{' '}
              alert
            </label>
            <label class="check">
              <input type="radio" name="mode" value="spike" checked={rule.mode === 'spike'} /> A watch gets far more matches than usual: a{' '}
              <strong>spike</strong> alert
            </label>
          </div>
        </fieldset>

        <fieldset>
          <legend>Where</legend>
          <label>
            Channel
            <select name="channelId" required>
              {channels.map((ch) => (
                <option value={String(ch.id)} selected={rule.channelId === ch.id}>
                  {ch.name}
                </option>
              ))}
            </select>
          </label>
        </fieldset>

        <fieldset class="for-watches">
          <legend>Watches</legend>
          <div class="choices">
            <label class="check">
              <input type="radio" name="scope" value="all" checked={rule.scope === 'all'} /> All watches, including ones added later
            </label>
            <label class="check">
              <input type="radio" name="scope" value="selected" checked={rule.scope === 'selected'} /> Only these:
            </label>
          </div>
          {watches.length === 0 ? (
            <p class="subtle">No watches yet.</p>
          ) : (
            <div class="watch-picks">
              {watches.map((w) => (
                <label class="check">
                  <input type="checkbox" name="watch" value={String(w.id)} checked={rule.watchIds.includes(w.id)} /> {w.name}
                </label>
              ))}
            </div>
          )}
          <label class="inline-field for-stories">
            Only once a story is carried by
            <input type="number" name="minSources" value={rule.minSources} min={1} max={100} class="short" />
            outlets
          </label>
        </fieldset>

        <fieldset class="for-digest">
          <legend>Digest schedule</legend>
          <span class="hint">For digest rules. One message per window with every story that matched in it; an empty window sends nothing.</span>
          <div class="two-col">
            <label>
              Cron schedule
              <input type="text" name="schedule" value={rule.schedule} placeholder="0 8 * * *" spellcheck={false} class="mono" />
              <span class="hint">
                <code>0 8 * * *</code> daily at 08:00 · <code>0 8 * * 1-5</code> weekdays · <code>0 8,18 * * *</code> twice a day · <code>0 */4 * * *</code>{' '}
                every 4 h
              </span>
            </label>
            <label>
              Time zone
              <input type="text" name="timezone" value={rule.timezone} placeholder="UTC" list="timezones" spellcheck={false} />
              <datalist id="timezones">
                {timezones.map((tz) => (
                  <option value={tz}></option>
                ))}
              </datalist>
              <span class="hint">IANA name, e.g. Asia/Seoul, Europe/Berlin, America/New_York.</span>
            </label>
          </div>
          {nextDigests.length > 0 ? (
            <p class="subtle small">Next digests: {nextDigests.map((d) => formatInZone(d, rule.timezone || 'UTC')).join(' · ')}</p>
          ) : null}
        </fieldset>

        <fieldset class="for-feed-health">
          <legend>Feed health</legend>
          <label class="inline-field">
            Notify once a feed has been failing for
            <input type="number" name="failingHours" value={rule.failingHours} min={1} max={720} class="short" />
            hours (once per failure episode)
          </label>
        </fieldset>

        <fieldset class="for-spike">
          <legend>Spike</legend>
          <span class="hint">
            One alert when a watch's matches in the window exceed its usual rate (its average per window over the week, or four weeks, before) by the factor;
            the next alert only after the rate fell back under it.
          </span>
          <div class="three-col">
            <label>
              Window
              <select name="spikeWindow">
                <option value="hour" selected={rule.spikeWindow === 'hour'}>
                  Last hour
                </option>
                <option value="day" selected={rule.spikeWindow === 'day'}>
                  Last 24 hours
                </option>
              </select>
            </label>
            <label>
              More than × usual
              <input type="number" name="spikeFactor" value={rule.spikeFactor} min={1.1} max={1000} step={0.1} class="short" />
            </label>
            <label>
              At least (matches)
              <input type="number" name="spikeMinCount" value={rule.spikeMinCount} min={1} max={100000} class="short" />
            </label>
          </div>
        </fieldset>

        <fieldset>
          <legend>Mute</legend>
          {muted ? (
            <p class="notice small">
              Muted until {formatUtcMinute(rule.mutedUntil!)}
              {heldCount > 0 ? ` · ${plural(heldCount, 'alert', 'alerts')} held` : ''}.
            </p>
          ) : null}
          <div class="two-col">
            <label>
              {muted ? 'Change the mute' : 'Mute for'}
              <select name="mute">
                {MUTE_CHOICES.map((c) => (
                  <option value={c.value}>{c.value === '' && !muted ? 'Not muted' : c.label}</option>
                ))}
                {muted ? <option value="0">Unmute now</option> : null}
              </select>
            </label>
            <div>
              <span class="label">When the mute ends</span>
              <div class="choices">
                <label class="check">
                  <input type="radio" name="mutePolicy" value="send" checked={rule.mutePolicy === 'send'} /> send the alerts held meanwhile
                </label>
                <label class="check">
                  <input type="radio" name="mutePolicy" value="drop" checked={rule.mutePolicy === 'drop'} /> drop them
                </label>
              </div>
            </div>
          </div>
        </fieldset>

        <label class="check">
          <input type="checkbox" name="enabled" value="1" checked={rule.enabled} /> Enabled
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            {isNew ? 'Create rule' : 'Save changes'}
          </button>
          <a href="/channels#rules">Cancel</a>
        </div>
      </form>
      {!isNew ? (
        <form method="post" action={`/channels/rules/${rule.id}/delete`} class="danger-zone">
          <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
          <button type="submit" class="danger">
            Delete this rule
          </button>
        </form>
      ) : null}
    </PageLayout>
  );
}
