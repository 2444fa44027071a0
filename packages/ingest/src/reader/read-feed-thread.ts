import { parentPort } from 'node:worker_threads';
import { readFeed } from '../pipeline/read-feed';
import type { ReaderMessage, ReadRequest } from './read-messages';

/**
 * A reader thread of `FeedReaderPool`: reads one feed document at a time (decode, parse,
 * normalize) and posts the reading back. Plain data crosses: dates as dates, errors as their
 * message (what the poll records on the feed).
 */
const port = parentPort;
if (!port) throw new Error('read-feed-thread runs as a worker thread of FeedReaderPool');

port.on('message', async (request: ReadRequest) => {
  let answer: ReaderMessage;
  try {
    const body = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    const doc = { body, contentType: request.contentType, contentLanguage: request.contentLanguage, url: request.url };
    answer = { kind: 'read', reading: await readFeed(doc, request.options) };
  } catch (error) {
    answer = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});
port.postMessage({ kind: 'ready' } satisfies ReaderMessage);
