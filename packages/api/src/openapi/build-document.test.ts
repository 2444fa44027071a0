import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { buildOpenApiDocument } from './build-document';

const doc = buildOpenApiDocument();

type Schema = { required?: string[]; properties: Record<string, object>; oneOf?: object[] };
type Operation = { parameters?: { name: string; schema: object }[]; responses: Record<string, { content?: Record<string, { schema: object }> }> };

/** Every `METHOD /path` the app serves under /api/v1, in OpenAPI's spelling (`{id}`). */
function servedRoutes(): string[] {
  // Routes are only listed, never called: no request reaches the database.
  const app = createApp({ db: null as never, logger: pino({ level: 'silent' }), publicUrl: null, secureCookies: false, ready: async () => true });
  const routes = app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/'))
    .map(
      (r) =>
        `${r.method.toLowerCase()} ${r.path
          .slice('/api/v1'.length)
          .replace(/\/$/, '')
          .replace(/:(\w+)/g, '{$1}')}`,
    );
  return [...new Set(routes)].sort();
}

function documentedRoutes(): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
    .sort();
}

/** Every `$ref` anywhere in a value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => (key === '$ref' && typeof item === 'string' ? [item] : refsIn(item)));
}

describe('the OpenAPI document', () => {
  it('documents every route of the JSON API, and only those', () => {
    expect(documentedRoutes()).toEqual(servedRoutes());
  });

  it('resolves every reference to a component', () => {
    const refs = new Set(refsIn(doc));
    expect(refs.size).toBeGreaterThan(10);
    for (const ref of refs) expect(Object.keys(doc.components.schemas), ref).toContain(ref.replace('#/components/schemas/', ''));
  });

  it('states the limits the routes check, from the same schemas', () => {
    const schemas = doc.components.schemas as Record<string, Schema>;
    expect(schemas.FeedCreate).toMatchObject({ required: ['url'], properties: { title: { maxLength: 300 } } });
    expect(schemas.WatchCreate!.properties.query).toMatchObject({ minLength: 1, maxLength: 4000 });
    expect(schemas.RuleCreate!.properties.minSources).toMatchObject({ minimum: 1, maximum: 100 });
    expect(schemas.ChannelCreate!.oneOf).toHaveLength(2);
    const stories = doc.paths['/stories']!.get as Operation;
    expect(stories.parameters?.find((p) => p.name === 'limit')?.schema).toMatchObject({ minimum: 1, maximum: 200, default: 50 });
  });

  it('gives every operation its answers and failures in the error shape', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods) as [string, Operation][]) {
        const statuses = Object.keys(operation.responses).map(Number);
        expect(
          statuses.some((s) => s < 300),
          `${method} ${path}`,
        ).toBe(true);
        expect(operation.responses['401']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Error' });
        if (path.includes('{id}')) expect(statuses, `${method} ${path}`).toContain(404);
      }
    }
  });
});
