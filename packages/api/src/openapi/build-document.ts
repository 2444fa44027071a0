import { z } from 'zod';
import { MAX_ROW_ID } from '../validation';
import { type ApiOperation, type ApiResponse, apiOperations, namedSchemas } from './operations';

type JsonSchema = Record<string, unknown>;

const componentRef = (name: string) => `#/components/schemas/${name}`;

/*
 * Failures every operation of a kind can answer, from the middleware and the shared parsers
 * rather than the route: said once here, and overridden by an operation's own wording.
 */
function commonFailures(op: ApiOperation): Record<number, string> {
  const reads = op.body !== undefined || op.query !== undefined;
  const failures: Record<number, string> = { 401: 'No session or bearer token' };
  if (op.path.includes('{id}')) failures[404] = 'No such row';
  if (reads) failures[400] = 'A field is missing, malformed or out of range (the message names it)';
  if (op.body) failures[413] = 'Body larger than 1 MB (10 MB for a document)';
  if (reads) failures[422] = 'Text holding U+0000, or a value past a length limit';
  return failures;
}

/**
 * zod's JSON Schema as a document wants it: no `$schema`/`$id` on each schema, and without the
 * ±2^53 bounds zod gives every integer.
 */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$schema' || key === '$id') continue;
    if (key === 'minimum' && item === Number.MIN_SAFE_INTEGER) continue;
    if (key === 'maximum' && item === Number.MAX_SAFE_INTEGER) continue;
    out[key] = tidy(item);
  }
  return out;
}

/** The OpenAPI 3.1 document of {@link apiOperations}, generated from the schemas the routes parse with. */
export function buildOpenApiDocument() {
  // One registry pass over every schema the document shows, so a named schema inside another
  // becomes a $ref; the unnamed ones (lists, queries) get a placeholder id and are written inline.
  const registry = z.registry<{ id: string }>();
  const names = new Map<z.ZodType, string>();
  for (const [name, schema] of Object.entries(namedSchemas)) {
    registry.add(schema, { id: name });
    names.set(schema, name);
  }
  const inline = new Map<z.ZodType, string>();
  const show = (schema: z.ZodType | undefined) => {
    if (!schema || names.has(schema) || inline.has(schema)) return;
    inline.set(schema, `inline-${inline.size}`);
    registry.add(schema, { id: inline.get(schema)! });
  };
  for (const op of apiOperations) {
    show(op.query);
    if (op.body instanceof z.ZodType) show(op.body);
    for (const response of Object.values(op.responses)) show(response.json);
  }
  const { schemas } = z.toJSONSchema(registry, { io: 'input', uri: componentRef, unrepresentable: 'any' });
  const schemaOf = (schema: z.ZodType): JsonSchema => {
    const name = names.get(schema);
    return name ? { $ref: componentRef(name) } : (tidy(schemas[inline.get(schema)!]) as JsonSchema);
  };
  const components = Object.fromEntries([...names.values()].map((name) => [name, tidy(schemas[name])]));

  const parameters = (op: ApiOperation) => {
    const path = op.path.includes('{id}') ? [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: MAX_ROW_ID } }] : [];
    if (!op.query) return path;
    const query = schemaOf(op.query) as { properties: Record<string, JsonSchema>; required?: string[] };
    return [
      ...path,
      ...Object.entries(query.properties).map(([name, { description, ...schema }]) => ({
        name,
        in: 'query',
        required: query.required?.includes(name) ?? false,
        ...(description ? { description } : {}),
        schema,
      })),
    ];
  };
  const content = (response: ApiResponse) =>
    response.json
      ? { content: { 'application/json': { schema: schemaOf(response.json) } } }
      : response.media
        ? { content: Object.fromEntries(response.media.map((type) => [type, { schema: { type: 'string' } }])) }
        : {};
  const operation = (op: ApiOperation) => {
    const failures = Object.entries(commonFailures(op)).map(([status, description]) => [status, { description, json: namedSchemas.Error }] as const);
    const responses: Record<string, ApiResponse> = { ...Object.fromEntries(failures), ...op.responses };
    const params = parameters(op);
    return {
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content:
                op.body instanceof z.ZodType
                  ? { 'application/json': { schema: schemaOf(op.body) } }
                  : Object.fromEntries(op.body.media.map((type) => [type, { schema: { type: 'string' } }])),
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(responses)
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([status, response]) => [status, { description: response.description, ...content(response) }]),
      ),
    };
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of apiOperations) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = operation(op);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'newswatch API', version: '1', description: 'Feeds, watches, stories, alert channels, rules and deliveries.' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: components },
    paths,
  };
}
