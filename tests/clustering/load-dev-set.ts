import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One item of the clustering dev set: what a feed delivers, plus the news event it belongs to. */
export interface DevSetItem {
  id: string;
  /** The event label: items with the same label are one cluster. */
  event: string;
  /** The feed's title, e.g. "Reuters". */
  outlet: string;
  url: string;
  title: string;
  /** The feed's description or lede, 1–3 sentences. */
  summary: string;
  /** Body text; empty when the feed gives only a summary. */
  content: string;
  /** ISO 8601 UTC, e.g. "2026-12-01T22:14:00Z". */
  publishedAt: string;
  /** Why a hard case is labelled the way it is. */
  notes?: string;
  /** Set on an AMP or tracking-parameter copy of another item's URL: that item's id. */
  variantOf?: string;
}

/** The folder holding the dev set's JSON files. */
export const DEV_SET_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');

const REQUIRED_FIELDS = ['id', 'event', 'outlet', 'url', 'title', 'summary', 'content', 'publishedAt'] as const;
const OPTIONAL_FIELDS = ['notes', 'variantOf'] as const;

/**
 * Reads every `*.json` file of the dev set (each an array of items) and returns all items in
 * feed order: by `publishedAt`, then by id so that equal times keep one order on every run.
 * Throws, naming the file and item, on a missing or non-string field or an unknown one.
 */
export function loadDevSet(dir: string = DEV_SET_DIR): DevSetItem[] {
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const items = files.flatMap((name) => readItems(path.join(dir, name)));
  return items.sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function readItems(file: string): DevSetItem[] {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${path.basename(file)}: expected an array of items`);
  return parsed.map((raw: unknown, index) => toItem(raw, `${path.basename(file)} item ${index}`));
}

function toItem(raw: unknown, where: string): DevSetItem {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${where}: expected an object`);
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(REQUIRED_FIELDS as readonly string[]).includes(key) && !(OPTIONAL_FIELDS as readonly string[]).includes(key)) {
      throw new Error(`${where}: unknown field "${key}"`);
    }
  }
  for (const key of REQUIRED_FIELDS) {
    if (typeof record[key] !== 'string') throw new Error(`${where}: field "${key}" must be a string`);
  }
  for (const key of OPTIONAL_FIELDS) {
    if (key in record && typeof record[key] !== 'string') throw new Error(`${where}: field "${key}" must be a string when present`);
  }
  return record as unknown as DevSetItem;
}
