/** A query syntax error with a caret under the character it points at. */
export function QueryError({ query, message, position }: { query: string; message: string; position: number | null }) {
  const line = position === null ? null : caretLine(query, position);
  return (
    <div class="query-error" role="alert">
      <strong>Query error:</strong> {message}
      {line ? (
        <pre class="caret">
          {line.text}
          {'\n'}
          {' '.repeat(line.column)}^
        </pre>
      ) : null}
    </div>
  );
}

/** The line of the query holding `position`, and the caret's column in it. */
function caretLine(query: string, position: number): { text: string; column: number } {
  const at = Math.max(0, Math.min(position, query.length));
  const start = query.lastIndexOf('\n', at - 1) + 1;
  const end = query.indexOf('\n', at);
  return { text: query.slice(start, end === -1 ? undefined : end), column: at - start };
}
