/** What the OPML upload did, or why the file was refused. */
export type FeedImportView =
  | { kind: 'error'; fileName: string | null; message: string }
  | { kind: 'done'; fileName: string | null; total: number; added: number; skipped: number; invalid: { url: string; reason: string }[] };

/* Beyond this many, the invalid outlines are counted rather than listed. */
const LISTED_INVALID = 50;

/** The result card shown above the feeds table after an OPML upload. */
export function FeedImportSummary({ result }: { result: FeedImportView }) {
  const name = result.fileName ? ` ${result.fileName}` : '';
  if (result.kind === 'error') {
    return (
      <section class="card import-summary" aria-live="polite">
        <h2>Import{name} failed</h2>
        <p class="error" role="alert">
          {result.message}
        </p>
      </section>
    );
  }
  return (
    <section class="card import-summary" aria-live="polite">
      <h2>Imported{name}</h2>
      <ul class="import-counts">
        <li>
          <strong>{result.added}</strong> added
        </li>
        <li>
          <strong>{result.skipped}</strong> already subscribed
        </li>
        <li class={result.invalid.length > 0 ? 'status-error' : undefined}>
          <strong>{result.invalid.length}</strong> invalid
        </li>
        <li class="subtle">of {result.total} in the file</li>
      </ul>
      {result.added > 0 ? <p class="subtle">New feeds are polled over the next minutes; their health shows below.</p> : null}
      {result.invalid.length > 0 ? (
        <details open={result.invalid.length <= 10}>
          <summary>Outlines that could not be subscribed</summary>
          <ul class="import-invalid">
            {result.invalid.slice(0, LISTED_INVALID).map((item) => (
              <li>
                <code>{item.url || '(no URL)'}</code> — {item.reason}
              </li>
            ))}
            {result.invalid.length > LISTED_INVALID ? <li class="subtle">and {result.invalid.length - LISTED_INVALID} more</li> : null}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
