import type { z } from 'zod';

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

/**
 * A typed whole number as the schemas take it: digits become a number, an empty field is
 * absent, and anything else stays text so the schema refuses it (`Number` would take `1e3`).
 */
export function formCount(raw: string): number | string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : value;
}

/** A typed decimal number (`2.5`) as the schemas take it, like {@link formCount}. */
export function formDecimal(raw: string): number | string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  return /^\d{1,9}(\.\d{1,6})?$/.test(value) ? Number(value) : value;
}

/** What a form says about a problem with one of its fields: a sentence, or one made from the issue. */
export type FieldWording = Record<string, string | ((issue: z.core.$ZodIssue) => string)>;

/**
 * Checks a form with its resource's schema, the one the JSON route parses with, once its strings
 * are turned into the shape that schema takes: the data, or the first problem in the form's own
 * words (a field without wording gets the API's message).
 */
export function checkForm<T extends z.ZodType>(
  schema: T,
  input: unknown,
  wording: FieldWording,
): { ok: true; data: z.output<T> } | { ok: false; problem: string } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  const words = wording[String(issue.path[0] ?? '')];
  if (words === undefined) return { ok: false, problem: `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}` };
  return { ok: false, problem: typeof words === 'function' ? words(issue) : words };
}
