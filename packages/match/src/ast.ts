import type { QueryFieldName } from './fields';

/**
 * The parse tree of a query, before any folding: what the user wrote, with positions
 * (0-based UTF-16 indexes into the source) for error messages.
 */
export type QueryNode =
  /** A bare word, possibly with wildcards or hyphens: `sanction*`, `Jong-un`. */
  | { type: 'term'; text: string; position: number }
  /** `"Kim Jong Un"`; `position` is the opening quote. */
  | { type: 'phrase'; text: string; position: number }
  /** `{UN}`: case- and accent-sensitive; `position` is the `{`. */
  | { type: 'exact'; text: string; position: number }
  | { type: 'field'; field: QueryFieldName; child: QueryNode; position: number }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode; position: number }
  | { type: 'near'; left: QueryNode; right: QueryNode; distance: number; ordered: boolean; position: number };

/**
 * The query fully parenthesized, showing how it was understood:
 * `a OR b NOT c` → `(a OR (b AND (NOT c)))`.
 */
export function formatQuery(node: QueryNode): string {
  switch (node.type) {
    case 'term':
      return node.text;
    case 'phrase':
      return `"${node.text}"`;
    case 'exact':
      return `{${node.text}}`;
    case 'field':
      return `${node.field}:${formatQuery(node.child)}`;
    case 'and':
      return `(${node.children.map(formatQuery).join(' AND ')})`;
    case 'or':
      return `(${node.children.map(formatQuery).join(' OR ')})`;
    case 'not':
      return `(NOT ${formatQuery(node.child)})`;
    case 'near':
      return `(${formatQuery(node.left)} ${node.ordered ? 'ONEAR' : 'NEAR'}/${node.distance} ${formatQuery(node.right)})`;
  }
}
