/** A form body as Hono parses it with `{ all: true }`: a repeated field is an array. */
export type FormBody = Record<string, string | File | (string | File)[]>;

/** One text field of a form; empty when absent (or a file). */
export function formText(form: FormBody, key: string): string {
  const value = form[key];
  return typeof value === 'string' ? value : '';
}

/** Every text value of a repeated field (ticked checkboxes), in order. */
export function formList(form: FormBody, key: string): string[] {
  const value = form[key];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
}
