import { z } from 'zod';
import {
  channelCreatedJsonSchema,
  channelCreateSchema,
  channelJsonSchema,
  channelPatchSchema,
  channelTestJsonSchema,
  emailChannelCreateSchema,
  webhookChannelCreateSchema,
} from '../schemas/channel';
import { clusterJsonSchema } from '../schemas/cluster';
import { deliveryDetailJsonSchema, deliveryJsonSchema } from '../schemas/delivery';
import { deliveryListQuerySchema } from '../schemas/delivery-query';
import { feedCreateSchema, feedImportJsonSchema, feedJsonSchema, feedPatchSchema } from '../schemas/feed';
import { ruleCreateSchema, ruleJsonSchema, rulePatchSchema } from '../schemas/rule';
import { errorJsonSchema, listJsonSchema, queuedJsonSchema, spanJsonSchema } from '../schemas/shared';
import { storyDetailJsonSchema, storyJsonSchema, storyPatchSchema, storyStateJsonSchema } from '../schemas/story';
import { storyListQuerySchema } from '../schemas/story-query';
import { watchCreateSchema, watchJsonSchema, watchPatchSchema, watchPreviewJsonSchema, watchPreviewRequestSchema } from '../schemas/watch';

/** An answer of an operation: a JSON body of a schema, a document of other media types, or none. */
export type ApiResponse = { description: string; json?: z.ZodType; media?: readonly string[] };

/** One route of `/api/v1`: the schemas it reads and answers with. Its `{id}` is a row id; a failure answers {@link errorJsonSchema}. */
export interface ApiOperation {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI path below `/api/v1`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  query?: z.ZodObject;
  /** A JSON body, or a document of these media types. */
  body?: z.ZodType | { media: readonly string[] };
  responses: Record<number, ApiResponse>;
}

/**
 * Schemas that stand in `components.schemas` under these names, referenced wherever they are
 * used; anything else is written inline.
 */
export const namedSchemas = {
  Error: errorJsonSchema,
  Span: spanJsonSchema,
  Feed: feedJsonSchema,
  FeedCreate: feedCreateSchema,
  FeedPatch: feedPatchSchema,
  FeedImport: feedImportJsonSchema,
  Watch: watchJsonSchema,
  WatchCreate: watchCreateSchema,
  WatchPatch: watchPatchSchema,
  WatchPreviewRequest: watchPreviewRequestSchema,
  WatchPreview: watchPreviewJsonSchema,
  Story: storyJsonSchema,
  StoryDetail: storyDetailJsonSchema,
  StoryPatch: storyPatchSchema,
  Cluster: clusterJsonSchema,
  Channel: channelJsonSchema,
  ChannelCreated: channelCreatedJsonSchema,
  ChannelCreate: channelCreateSchema,
  WebhookChannelCreate: webhookChannelCreateSchema,
  EmailChannelCreate: emailChannelCreateSchema,
  ChannelPatch: channelPatchSchema,
  ChannelTest: channelTestJsonSchema,
  Rule: ruleJsonSchema,
  RuleCreate: ruleCreateSchema,
  RulePatch: rulePatchSchema,
  Delivery: deliveryJsonSchema,
  DeliveryDetail: deliveryDetailJsonSchema,
  Queued: queuedJsonSchema,
} satisfies Record<string, z.ZodType>;

const ok = (json: z.ZodType, description = 'OK'): ApiResponse => ({ description, json });
const failure = (description: string): ApiResponse => ({ description, json: errorJsonSchema });
const deleted: ApiResponse = { description: 'Deleted' };

/** The list of a resource, newest first where it has a query. */
function listOperation(tag: string, summary: string, item: z.ZodType, query?: z.ZodObject): ApiOperation {
  return { method: 'get', path: `/${tag}`, tag, summary, ...(query ? { query } : {}), responses: { 200: ok(listJsonSchema(item)) } };
}

/** The read, change and delete of one row of a resource. */
function rowOperations(tag: string, what: string, json: z.ZodType, patch: z.ZodType, patchErrors: Record<number, ApiResponse> = {}): ApiOperation[] {
  const path = `/${tag}/{id}`;
  return [
    { method: 'get', path, tag, summary: `One ${what}`, responses: { 200: ok(json) } },
    { method: 'patch', path, tag, summary: `Change a ${what}`, body: patch, responses: { 200: ok(json), ...patchErrors } },
    { method: 'delete', path, tag, summary: `Delete a ${what}`, responses: { 204: deleted } },
  ];
}

/** Every route of the JSON API, in the order the document lists them. */
export const apiOperations: ApiOperation[] = [
  { method: 'get', path: '/openapi.json', tag: 'meta', summary: 'This document', responses: { 200: ok(z.object({}).loose(), 'OpenAPI 3.1') } },

  listOperation('feeds', 'Every subscription', feedJsonSchema),
  {
    method: 'post',
    path: '/feeds',
    tag: 'feeds',
    summary: 'Subscribe to a feed',
    body: feedCreateSchema,
    responses: {
      201: ok(feedJsonSchema, 'Created; polled at once'),
      409: failure('Already subscribed (feedId names the feed)'),
      422: failure('URL longer than 2,048 characters, or text holding U+0000'),
    },
  },
  {
    method: 'post',
    path: '/feeds/import',
    tag: 'feeds',
    summary: 'Import an OPML document',
    description:
      'Subscribes to every feed of an OPML 1.0/2.0 document (folders flattened). URLs already subscribed are skipped; outlines without a usable http(s) xmlUrl are listed in `invalid`. New feeds are due at once. At most 10 MB.',
    body: { media: ['text/xml', 'application/xml', 'text/x-opml'] },
    responses: {
      200: ok(feedImportJsonSchema, 'Imported'),
      400: failure('Empty body'),
      415: failure('A JSON or form body instead of the document'),
      422: failure('Not an OPML document, or a hostile one (entity expansion, absurd nesting)'),
      501: failure('This process cannot import feeds'),
    },
  },
  {
    method: 'get',
    path: '/feeds/export',
    tag: 'feeds',
    summary: 'Export every subscription as OPML',
    description: 'Every subscription as an OPML 2.0 document, served as an attachment.',
    responses: { 200: { description: 'OPML 2.0', media: ['application/xml'] }, 501: failure('This process cannot export feeds') },
  },
  ...rowOperations('feeds', 'feed', feedJsonSchema, feedPatchSchema, { 409: failure('Another feed has this URL (feedId names it)') }),
  {
    method: 'post',
    path: '/feeds/{id}/refresh',
    tag: 'feeds',
    summary: 'Poll a feed now',
    responses: { 202: ok(queuedJsonSchema, 'Poll starts within a second') },
  },

  listOperation('watches', 'Every watch', watchJsonSchema),
  {
    method: 'post',
    path: '/watches',
    tag: 'watches',
    summary: 'Save a watch query',
    body: watchCreateSchema,
    responses: { 201: ok(watchJsonSchema, 'Created; recent stories are matched in the background'), 422: failure('The query does not parse (position)') },
  },
  {
    method: 'post',
    path: '/watches/preview',
    tag: 'watches',
    summary: 'Try a query against stored stories',
    body: watchPreviewRequestSchema,
    responses: { 200: ok(watchPreviewJsonSchema), 422: failure('The query does not parse (position)') },
  },
  ...rowOperations('watches', 'watch', watchJsonSchema, watchPatchSchema, { 422: failure('The query does not parse (position)') }),

  listOperation('stories', 'Stored stories, newest first', storyJsonSchema, storyListQuerySchema),
  { method: 'get', path: '/stories/{id}', tag: 'stories', summary: 'One story', responses: { 200: ok(storyDetailJsonSchema) } },
  {
    method: 'patch',
    path: '/stories/{id}',
    tag: 'stories',
    summary: 'Set the triage state of a story',
    body: storyPatchSchema,
    responses: { 200: ok(storyStateJsonSchema) },
  },

  {
    method: 'get',
    path: '/clusters/{id}',
    tag: 'clusters',
    summary: 'One news event and every story of it',
    description:
      'A cluster groups the stories of one news event from any outlet (a story’s `clusterId`). Its stories come earliest published first, in the shape of `GET /stories`.',
    responses: { 200: ok(clusterJsonSchema), 422: failure('The id is not a positive integer') },
  },

  listOperation('channels', 'Every alert channel', channelJsonSchema),
  {
    method: 'post',
    path: '/channels',
    tag: 'channels',
    summary: 'Add a webhook or e-mail channel',
    body: channelCreateSchema,
    responses: { 201: ok(channelCreatedJsonSchema, 'Created; a signed webhook’s secret is in this answer only') },
  },
  ...rowOperations('channels', 'channel', channelJsonSchema, channelPatchSchema),
  {
    method: 'post',
    path: '/channels/{id}/test',
    tag: 'channels',
    summary: 'Send a test message',
    responses: { 200: ok(channelTestJsonSchema, 'What the channel answered'), 400: failure('This process does not send alerts') },
  },

  listOperation('rules', 'Every alert rule', ruleJsonSchema),
  {
    method: 'post',
    path: '/rules',
    tag: 'rules',
    summary: 'Send the alerts of watches to a channel',
    body: ruleCreateSchema,
    responses: {
      201: ok(ruleJsonSchema),
      409: failure('An identical rule exists (ruleId)'),
      422: failure('No such channel or watch'),
    },
  },
  ...rowOperations('rules', 'rule', ruleJsonSchema, rulePatchSchema, {
    409: failure('An identical rule exists (ruleId)'),
    422: failure('No such watch'),
  }),

  listOperation('deliveries', 'The delivery log, newest first', deliveryJsonSchema, deliveryListQuerySchema),
  { method: 'get', path: '/deliveries/{id}', tag: 'deliveries', summary: 'One delivery', responses: { 200: ok(deliveryDetailJsonSchema) } },
  {
    method: 'post',
    path: '/deliveries/{id}/retry',
    tag: 'deliveries',
    summary: 'Send a failed or dead delivery again',
    responses: { 202: ok(queuedJsonSchema, 'Queued'), 409: failure('Only failed or dead deliveries can be retried') },
  },
];
