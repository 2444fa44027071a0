/**
 * The JSON API contract (DESIGN §7), served at /api/v1/openapi.json. Hand-written: it is the
 * contract external tests rely on, so it changes only on purpose.
 */
const id = { type: 'integer', minimum: 1 } as const;
const error = {
  description: 'Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
} as const;
const list = (item: string) => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${item}` } }, nextCursor: { type: 'string' } },
});
const ok = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
const idParam = { name: 'id', in: 'path', required: true, schema: id };
const crud = (tag: string, schema: string, patch: object) => ({
  get: { tags: [tag], parameters: [idParam], responses: { 200: ok(ref(schema)), 404: error } },
  patch: { tags: [tag], parameters: [idParam], requestBody: body(patch), responses: { 200: ok(ref(schema)), 400: error, 404: error } },
  delete: { tags: [tag], parameters: [idParam], responses: { 204: { description: 'Deleted' }, 404: error } },
});

export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'newswatch API', version: '1', description: 'Feeds, watches, stories, alert channels, rules and deliveries.' },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              position: { type: 'integer', description: 'invalid_query only: character offset' },
              feedId: { type: 'integer', description: 'conflict on a feed URL: the feed that has it' },
              ruleId: { type: 'integer', description: 'conflict on a rule: the identical rule that exists' },
            },
          },
        },
      },
      Feed: {
        type: 'object',
        properties: {
          id,
          url: { type: 'string' },
          title: { type: ['string', 'null'] },
          siteUrl: { type: ['string', 'null'] },
          enabled: { type: 'boolean' },
          pollIntervalS: { type: ['integer', 'null'] },
          nextPollAt: { type: 'string', format: 'date-time' },
          lastStatus: { type: ['integer', 'null'] },
          lastFetchedAt: { type: ['string', 'null'] },
          lastSuccessAt: { type: ['string', 'null'] },
          consecutiveFailures: { type: 'integer' },
          failingSince: { type: ['string', 'null'] },
          lastError: { type: ['string', 'null'] },
          createdAt: { type: 'string' },
          websub: {
            type: ['object', 'null'],
            description: 'WebSub push subscription, when the feed advertises a hub and PUBLIC_URL is set',
            properties: {
              hub: { type: 'string' },
              state: { enum: ['pending', 'active', 'denied', 'failed'] },
              leaseUntil: { type: ['string', 'null'], description: 'active: end of the lease; otherwise when the hub is asked again' },
              error: { type: ['string', 'null'] },
            },
          },
        },
      },
      Watch: {
        type: 'object',
        properties: {
          id,
          name: { type: 'string' },
          query: { type: 'string' },
          enabled: { type: 'boolean' },
          createdAt: { type: 'string' },
          updatedAt: { type: 'string' },
          lastError: {
            type: ['string', 'null'],
            description: 'Why the watch was last skipped: its query no longer compiles, or it failed on a story. Cleared when the query is edited.',
          },
          lastErrorAt: { type: ['string', 'null'] },
        },
      },
      Span: {
        type: 'object',
        properties: { field: { type: 'string' }, start: { type: 'integer' }, end: { type: 'integer' } },
        description: 'UTF-16 offsets into the field text',
      },
      Story: {
        type: 'object',
        properties: {
          id,
          title: { type: 'string' },
          url: { type: ['string', 'null'] },
          feedId: id,
          feedTitle: { type: ['string', 'null'] },
          publishedAt: { type: 'string' },
          clusterId: { type: ['integer', 'null'] },
          clusterSize: { type: 'integer' },
          sourcesCount: { type: 'integer' },
          state: { enum: ['new', 'reviewed', 'starred', 'dismissed'] },
          summary: { type: 'string' },
          matches: {
            type: 'array',
            items: { type: 'object', properties: { watchId: id, watchName: { type: 'string' }, spans: { type: 'array', items: ref('Span') } } },
          },
        },
      },
      Channel: {
        type: 'object',
        properties: {
          id,
          kind: { enum: ['webhook', 'email'] },
          name: { type: 'string' },
          url: { type: 'string' },
          format: { enum: ['json', 'slack', 'discord', 'teams'] },
          to: { type: 'array', items: { type: 'string' } },
          secretHint: { type: ['string', 'null'] },
          secret: { type: 'string', description: 'Only in the 201 answer' },
          enabled: { type: 'boolean' },
          rateLimitPerMinute: { type: ['integer', 'null'], description: 'More alerts than this in a minute go out as one combined message; null = no limit' },
        },
      },
      Rule: {
        type: 'object',
        properties: {
          id,
          channelId: id,
          watchId: { type: ['integer', 'null'], description: 'The one watch of the rule; null for all watches or several (see watchIds)' },
          watchIds: {
            type: ['array', 'null'],
            items: { type: 'integer' },
            description: 'Every watch the rule covers; null = all watches. Write watchIds for several.',
          },
          mode: { enum: ['instant', 'digest', 'feed-health'] },
          schedule: { type: ['string', 'null'], description: 'Cron expression of a digest, e.g. "0 8 * * *"' },
          timezone: { type: ['string', 'null'], description: 'IANA zone of the schedule, e.g. Asia/Seoul' },
          mutedUntil: { type: ['string', 'null'] },
          mutePolicy: { enum: ['send', 'drop'], description: 'What happens to alerts held while muted when the mute ends' },
          failingHours: { type: ['integer', 'null'], description: 'feed-health rules: notify once a feed has failed this long' },
          minSources: { type: 'integer', description: 'Alert only once a story is carried by this many outlets' },
          enabled: { type: 'boolean' },
        },
      },
      Delivery: {
        type: 'object',
        properties: {
          id,
          ruleId: { type: ['integer', 'null'] },
          channelId: id,
          channelName: { type: 'string' },
          clusterId: { type: ['integer', 'null'] },
          idempotencyKey: { type: 'string', description: 'Sent as webhook-id / X-Newswatch-Delivery: the same on every retry' },
          status: { enum: ['pending', 'sending', 'sent', 'failed', 'dead', 'combined'] },
          attempts: { type: 'integer' },
          combinedInto: { type: ['integer', 'null'], description: 'status combined: the delivery (one message) that carried this alert during a storm' },
          nextAttemptAt: { type: 'string' },
          lastError: { type: ['string', 'null'] },
          lastStatusCode: { type: ['integer', 'null'] },
          sentAt: { type: ['string', 'null'] },
          attemptLog: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                attemptedAt: { type: 'string' },
                statusCode: { type: ['integer', 'null'] },
                error: { type: ['string', 'null'] },
                durationMs: { type: 'integer' },
              },
            },
          },
        },
      },
    },
  },
  paths: {
    '/feeds': {
      get: { tags: ['feeds'], responses: { 200: ok(list('Feed')) } },
      post: {
        tags: ['feeds'],
        requestBody: body({ type: 'object', required: ['url'], properties: { url: { type: 'string' }, title: { type: 'string' } } }),
        responses: {
          201: ok(ref('Feed'), 'Created; polled at once'),
          400: error,
          409: error,
          413: error,
          422: { ...error, description: 'URL longer than 2,048 characters, or text holding U+0000' },
        },
      },
    },
    '/feeds/import': {
      post: {
        tags: ['feeds'],
        description:
          'Subscribes to every feed of an OPML 1.0/2.0 document (folders flattened). URLs already subscribed are skipped; outlines without a usable http(s) xmlUrl are listed in `invalid`. New feeds are due at once. At most 10 MB.',
        requestBody: {
          required: true,
          content: {
            'text/xml': { schema: { type: 'string' } },
            'application/xml': { schema: { type: 'string' } },
            'text/x-opml': { schema: { type: 'string' } },
          },
        },
        responses: {
          200: ok(
            {
              type: 'object',
              required: ['added', 'skipped', 'invalid', 'total'],
              properties: {
                added: { type: 'integer' },
                skipped: { type: 'integer', description: 'Already subscribed, or listed twice' },
                invalid: {
                  type: 'array',
                  items: { type: 'object', required: ['url', 'reason'], properties: { url: { type: 'string' }, reason: { type: 'string' } } },
                },
                total: { type: 'integer', description: 'Feed outlines in the document: added + skipped + invalid' },
              },
            },
            'Imported',
          ),
          400: error,
          413: error,
          415: error,
          422: { ...error, description: 'Not an OPML document, or a hostile one (entity expansion, absurd nesting)' },
        },
      },
    },
    '/feeds/export': {
      get: {
        tags: ['feeds'],
        description: 'Every subscription as an OPML 2.0 document, served as an attachment.',
        responses: { 200: { description: 'OPML 2.0', content: { 'application/xml': { schema: { type: 'string' } } } } },
      },
    },
    '/feeds/{id}': crud('feeds', 'Feed', {
      type: 'object',
      properties: { url: { type: 'string' }, title: { type: ['string', 'null'] }, enabled: { type: 'boolean' }, pollIntervalS: { type: ['integer', 'null'] } },
    }),
    '/feeds/{id}/refresh': {
      post: { tags: ['feeds'], parameters: [idParam], responses: { 202: ok({ type: 'object' }, 'Poll starts within a second'), 404: error } },
    },
    '/watches': {
      get: { tags: ['watches'], responses: { 200: ok(list('Watch')) } },
      post: {
        tags: ['watches'],
        requestBody: body({ type: 'object', required: ['name', 'query'], properties: { name: { type: 'string' }, query: { type: 'string' } } }),
        responses: { 201: ok(ref('Watch')), 400: error, 422: error },
      },
    },
    '/watches/{id}': crud('watches', 'Watch', {
      type: 'object',
      properties: { name: { type: 'string' }, query: { type: 'string' }, enabled: { type: 'boolean' } },
    }),
    '/stories': {
      get: {
        tags: ['stories'],
        parameters: ['watch', 'matched', 'q', 'feed', 'since', 'until', 'state', 'limit', 'cursor'].map((name) => ({
          name,
          in: 'query',
          schema: { type: 'string' },
        })),
        responses: { 200: ok(list('Story')), 400: error },
      },
    },
    '/stories/{id}': {
      get: { tags: ['stories'], parameters: [idParam], responses: { 200: ok(ref('Story')), 404: error } },
      patch: {
        tags: ['stories'],
        parameters: [idParam],
        requestBody: body({ type: 'object', required: ['state'], properties: { state: { enum: ['new', 'reviewed', 'starred', 'dismissed'] } } }),
        responses: { 200: ok({ type: 'object' }), 404: error },
      },
    },
    '/channels': {
      get: { tags: ['channels'], responses: { 200: ok(list('Channel')) } },
      post: { tags: ['channels'], requestBody: body(ref('Channel')), responses: { 201: ok(ref('Channel')), 400: error } },
    },
    '/channels/{id}': crud('channels', 'Channel', { type: 'object' }),
    '/channels/{id}/test': {
      post: {
        tags: ['channels'],
        parameters: [idParam],
        responses: {
          200: ok({ type: 'object', properties: { ok: { type: 'boolean' }, statusCode: { type: ['integer', 'null'] }, error: { type: ['string', 'null'] } } }),
          404: error,
        },
      },
    },
    '/rules': {
      get: { tags: ['rules'], responses: { 200: ok(list('Rule')) } },
      post: {
        tags: ['rules'],
        requestBody: body(ref('Rule')),
        responses: { 201: ok(ref('Rule')), 400: error, 409: { ...error, description: 'An identical rule exists (ruleId)' }, 422: error },
      },
    },
    '/rules/{id}': crud('rules', 'Rule', { type: 'object' }),
    '/deliveries': {
      get: {
        tags: ['deliveries'],
        parameters: [
          { name: 'status', in: 'query', schema: { enum: ['pending', 'sending', 'sent', 'failed', 'dead', 'combined'] } },
          { name: 'cursor', in: 'query', schema: { type: 'string' } },
        ],
        responses: { 200: ok(list('Delivery')) },
      },
    },
    '/deliveries/{id}': { get: { tags: ['deliveries'], parameters: [idParam], responses: { 200: ok(ref('Delivery')), 404: error } } },
    '/deliveries/{id}/retry': { post: { tags: ['deliveries'], parameters: [idParam], responses: { 202: ok({ type: 'object' }), 404: error, 409: error } } },
  },
};
