import { formatDuration } from './channel-format';

/** What "Send test" reports: the real outcome of one attempt through the channel. */
export interface ChannelTestView {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Swap target of a channel's "Send test" result. */
export const channelTestResultId = (channelId: number) => `channel-test-${channelId}`;

/** The outcome of a test send, with the peer's own error text when it failed. */
export function ChannelTestResult({ channelId, result }: { channelId: number; result: ChannelTestView | null }) {
  return (
    <div id={channelTestResultId(channelId)} class="test-result" aria-live="polite">
      {result === null ? null : result.ok ? (
        <span class="status-ok">
          ✓ Delivered{result.statusCode !== null ? ` (${result.statusCode})` : ''} in {formatDuration(result.durationMs)}
        </span>
      ) : (
        <span class="status-error">
          ✗ Failed after {formatDuration(result.durationMs)}: {result.error ?? 'unknown error'}
        </span>
      )}
    </div>
  );
}
