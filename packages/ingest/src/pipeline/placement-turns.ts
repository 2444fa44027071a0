import {
  lockClusterKeys,
  lockClusterKeysForSession,
  tryLockClusterKeysForSession,
  unlockClusterKeysForSession,
  type Database,
  type Kysely,
  type Transaction,
  type UncommittedStory,
} from '@newswatch/db';

/**
 * A placement's turn in a chain of placements of this process (place-backlog.ts): turns take
 * the cluster locks and decide in the order they were given, and a turn may decide while the
 * one before still writes its stories.
 */
export interface LockTurn {
  /** Waits until the turn before has decided, then holds the cluster locks on `keys` for this placement until it has ended. */
  lock(trx: Transaction<Database>, keys: readonly number[]): Promise<void>;
  /** Stories the turns before placed in transactions that have not committed: placement looks them up as stored. */
  uncommitted(): UncommittedStory[];
  /** This placement is decided (its clusters created, its profiles in this process's copy): the next turn may decide. */
  decided(stories: UncommittedStory[]): void;
  /** Waits until every turn before has committed; throws when one did not, for this placement may rest on its clusters. */
  earlierCommitted(): Promise<void>;
}

/** Why a turn gives up: one before it did not commit. */
export class EarlierPlacementFailed extends Error {
  constructor() {
    super('an earlier placement of this chain did not commit');
  }
}

/** A turn as its chain sees it. */
interface Turn extends LockTurn {
  end(committed: boolean): Promise<void>;
}

/**
 * The turns of one chain of placements. On PostgreSQL the cluster locks are held by a
 * connection of the chain's own, in its session, from a turn's decision until its commit —
 * not by the placing transaction: so the next turn can take them and decide (in memory, and
 * against what the turns before decided: `uncommitted`, this process's copy of the recent
 * clusters) while the one before still inserts its stories, the longest step of a placement.
 * Another process's writer waits for the keys as it would for a transaction's. A turn's insert
 * waits for the commit of the turns before (its stories may join their clusters), and fails
 * when one failed. Without that connection (PGlite: one connection, so transactions never
 * overlap), each transaction takes its own locks, in turn.
 */
export class PlacementTurns {
  readonly #session: Kysely<Database> | null;
  #taking: Promise<void> = Promise.resolve();
  #lastDecided: Promise<void> = Promise.resolve();
  #lastFinished: Promise<boolean> = Promise.resolve(true);
  readonly #uncommitted = new Map<Turn, UncommittedStory[]>();

  /** `session`: the connection holding the chain's locks, or null for locks held by each transaction. */
  constructor(session: Kysely<Database> | null) {
    this.#session = session;
  }

  /**
   * Runs `take` (taking this turn's items) after the previous turn's, and gives the items a
   * turn after the previous one's. `finish` must follow once the turn's transaction ended.
   */
  async take<T>(take: () => Promise<T>): Promise<{ taken: T; turn: LockTurn }> {
    const before = this.#taking;
    let takenOne!: () => void;
    this.#taking = new Promise((resolve) => (takenOne = resolve));
    await before;
    try {
      const taken = await take();
      return { taken, turn: this.#nextTurn() };
    } finally {
      takenOne();
    }
  }

  /** The turn's transaction ended (`committed` or not): its locks are released and its stories leave `uncommitted`. */
  async finish(turn: LockTurn, committed: boolean): Promise<void> {
    await (turn as Turn).end(committed);
  }

  #nextTurn(): Turn {
    const chain = this;
    const ready = this.#lastDecided;
    const earlierFinished = this.#lastFinished;
    let decide!: () => void;
    let finish!: (committed: boolean) => void;
    this.#lastDecided = new Promise((resolve) => (decide = resolve));
    const finished = new Promise<boolean>((resolve) => (finish = resolve)).then(async (committed) => committed && (await earlierFinished));
    this.#lastFinished = finished;
    let held: readonly number[] = [];
    const turn: Turn = {
      async lock(trx: Transaction<Database>, keys: readonly number[]) {
        await ready;
        const session = chain.#session;
        if (session === null) return lockClusterKeys(trx, keys);
        // Waiting while holding keys could close a cycle with another process's writer: when
        // one is held elsewhere, wait for the turns before to release theirs, then for it.
        if (!(await tryLockClusterKeysForSession(session, keys))) {
          await earlierFinished;
          await lockClusterKeysForSession(session, keys);
        }
        held = keys;
      },
      uncommitted: () => [...chain.#uncommitted].flatMap(([other, stories]) => (other === turn ? [] : stories)),
      decided(stories: UncommittedStory[]) {
        chain.#uncommitted.set(turn, stories);
        decide();
      },
      async earlierCommitted() {
        if (!(await earlierFinished)) throw new EarlierPlacementFailed();
      },
      async end(committed: boolean) {
        chain.#uncommitted.delete(turn);
        const session = chain.#session;
        if (session !== null && held.length > 0) {
          // A failed release leaves the keys to the chain's end, which releases every one.
          await unlockClusterKeysForSession(session, held).catch(() => undefined);
          held = [];
        }
        decide();
        finish(committed);
      },
    };
    return turn;
  }
}
