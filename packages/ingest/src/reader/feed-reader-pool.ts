import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FeedBody, FeedReading, ReadFeedOptions } from '../pipeline/read-feed';
import type { FeedReader } from './feed-reader';
import type { ReaderMessage, ReadRequest } from './read-messages';

export interface FeedReaderPoolOptions {
  /** Reader threads at most (started as documents arrive); default: the cores but one, 1 to 4. */
  threads?: number;
  /** A document still being read after this long fails its poll, and its thread is replaced. */
  deadlineMs?: number;
  /** Heap of a reader thread (MB): a document that needs more fails its poll, not the process. */
  heapMb?: number;
  /** The thread's script; by default read-feed-thread beside this module (see {@link readerThreadScript}). */
  script?: URL;
}

/** Defaults of {@link FeedReaderPoolOptions}. */
export const READER_POOL_DEFAULTS = {
  threads: Math.min(4, Math.max(1, os.availableParallelism() - 1)),
  deadlineMs: 30_000,
  heapMb: 256,
} as const;

interface ReadJob {
  request: ReadRequest;
  resolve: (reading: FeedReading) => void;
  reject: (error: Error) => void;
}

interface ReaderThread {
  worker: Worker;
  /** Its modules are loaded: it takes documents. */
  ready: boolean;
  /** The document it reads now, if any, and that document's deadline. */
  job: ReadJob | undefined;
  deadline: NodeJS.Timeout | undefined;
}

/**
 * Reads feed documents (`readFeed`: decode, parse, normalize) on worker threads, so a poll
 * cycle's parsing runs beside its storing instead of taking turns with it on one thread, and
 * a document that would stall or exhaust the process (a parse that does not end, a heap that
 * fills) costs its own poll only: its thread is stopped and replaced. One document per thread
 * at a time; the rest wait in order.
 */
export class FeedReaderPool implements FeedReader {
  readonly #options: Required<FeedReaderPoolOptions>;
  readonly #threads = new Set<ReaderThread>();
  readonly #waiting: ReadJob[] = [];
  #closed = false;

  constructor(options: FeedReaderPoolOptions = {}) {
    const script = options.script ?? readerThreadScript();
    // A build without the thread's script would fail every poll; say so at start instead.
    if (!fs.existsSync(fileURLToPath(script))) throw new Error(`the feed reader thread's script is missing: ${fileURLToPath(script)}`);
    this.#options = { ...READER_POOL_DEFAULTS, ...options, script };
  }

  read(doc: FeedBody, options: ReadFeedOptions = {}): Promise<FeedReading> {
    if (this.#closed) return Promise.reject(new Error('the feed reader pool is closed'));
    return new Promise((resolve, reject) => {
      const request: ReadRequest = { body: doc.body, contentType: doc.contentType, contentLanguage: doc.contentLanguage ?? null, url: doc.url, options };
      this.#waiting.push({ request, resolve, reject });
      this.#dispatch();
    });
  }

  /** Stops every thread; documents not yet read fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#waiting.splice(0)) job.reject(new Error('the feed reader pool is closed'));
    await Promise.all([...this.#threads].map((thread) => this.#stop(thread, 'the feed reader pool is closed')));
  }

  /** Hands waiting documents to idle threads, starting threads (up to the limit) for the rest. */
  #dispatch(): void {
    let starting = 0;
    for (const thread of this.#threads) {
      if (this.#waiting.length === 0) return;
      if (!thread.ready) starting++;
      else if (!thread.job) this.#start(thread, this.#waiting.shift()!);
    }
    while (this.#waiting.length > starting && this.#threads.size < this.#options.threads) {
      this.#spawn();
      starting++;
    }
  }

  #start(thread: ReaderThread, job: ReadJob): void {
    thread.job = job;
    thread.worker.ref();
    thread.deadline = setTimeout(() => {
      void this.#stop(thread, `reading the feed took longer than ${this.#options.deadlineMs / 1000} s`);
    }, this.#options.deadlineMs);
    thread.worker.postMessage(job.request);
  }

  #spawn(): void {
    const worker = new Worker(this.#options.script, {
      // Not the parent's flags (a heap size, tsx's hooks): the thread sets its own.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.#options.heapMb },
    });
    const thread: ReaderThread = { worker, ready: false, job: undefined, deadline: undefined };
    this.#threads.add(thread);
    worker.on('message', (message: ReaderMessage) => {
      if (message.kind === 'ready') thread.ready = true;
      else if (message.kind === 'read') this.#finish(thread)?.resolve(message.reading);
      else this.#finish(thread)?.reject(new Error(message.message));
      this.#dispatch();
      // An idle thread does not keep the process alive; a starting or reading one does.
      if (!thread.job) worker.unref();
    });
    worker.on('error', (error) => void this.#stop(thread, failureMessage(error, this.#options.heapMb)));
    worker.on('exit', (code) => void this.#stop(thread, `the feed reader thread stopped (exit code ${code})`));
  }

  /** Ends `thread`'s current document, returning it. */
  #finish(thread: ReaderThread): ReadJob | undefined {
    clearTimeout(thread.deadline);
    const job = thread.job;
    thread.job = undefined;
    thread.deadline = undefined;
    return job;
  }

  /**
   * Stops `thread` (once), failing its document with `reason`; the others go on, on a new
   * thread if needed. A thread that stopped before it was ready fails the oldest waiting
   * document instead: a thread that cannot start costs a poll per attempt, not a loop.
   */
  async #stop(thread: ReaderThread, reason: string): Promise<void> {
    if (!this.#threads.delete(thread)) return;
    const failed = thread.ready ? this.#finish(thread) : this.#waiting.shift();
    failed?.reject(new Error(reason));
    await thread.worker.terminate();
    if (!this.#closed) this.#dispatch();
  }
}

/** What a poll records when its reader thread failed: out of memory is the document's size, said so. */
function failureMessage(error: Error & { code?: string }, heapMb: number): string {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') return `reading the feed needed more than the reader's ${heapMb} MB of memory`;
  return `the feed reader thread failed: ${error.message}`;
}

/**
 * The reader thread's script: dist/read-feed-thread.js beside the production bundle (whose
 * modules all live in dist/main.js), or, run from the TypeScript sources, the bootstrap that
 * registers tsx in the thread first.
 */
export function readerThreadScript(): URL {
  const fromSources = import.meta.url.endsWith('.ts');
  return new URL(fromSources ? './read-feed-thread.dev.mjs' : './read-feed-thread.js', import.meta.url);
}
