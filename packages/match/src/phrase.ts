import { POSITION_BITS, type DocHits } from './doc-hits';
import type { MatchNode } from './match-node';

type PhraseNode = Extract<MatchNode, { kind: 'phrase' }>;
const FIELD_UNIT = 1 << POSITION_BITS;

/** The fields where every slot of the phrase occurs at all: the phrase can only be there. */
export function phraseFields(node: PhraseNode, hits: DocHits): number {
  let fields = node.fields;
  for (const slot of node.slots) fields &= hits.fieldsOf(slot);
  return fields;
}

/** Whether the phrase starts at this packed occurrence of its first slot. */
export function phraseAt(slots: readonly number[], packed: number, fields: number, hits: DocHits): boolean {
  if ((fields & (1 << Math.floor(packed / FIELD_UNIT))) === 0) return false;
  for (let k = 1; k < slots.length; k++) if (!hits.occursAt(slots[k]!, packed + k)) return false;
  return true;
}

/** Whether the phrase occurs anywhere, without building hits (evaluation runs for every candidate). */
export function phraseExists(node: PhraseNode, hits: DocHits): boolean {
  const fields = phraseFields(node, hits);
  if (fields === 0) return false;
  const list = hits.list;
  const first = hits.first(node.slots[0]!);
  const end = first + hits.count(node.slots[0]!);
  for (let j = first; j < end; j++) if (phraseAt(node.slots, list[j]!, fields, hits)) return true;
  return false;
}
