/** What a poll that got an answer (200 or 304) writes on its feed: healthy again, as of now. */
export function healthyPollFields(status: number) {
  const now = new Date();
  return {
    last_status: status,
    last_error: null,
    last_fetched_at: now,
    last_success_at: now,
    consecutive_failures: 0,
    failing_since: null,
  };
}
