/**
 * Serialises the calls that write to a session's workspace (or replace it), so that a long
 * import, a preview or a restore never has another write run into the middle of it: a write
 * made meanwhile waits its turn and then completes. Nothing times out and nothing is lost.
 * Reads do not queue: under WAL they read the last committed state while a write runs.
 *
 * Handlers on the shared connection are synchronous (better-sqlite3), so a write that is not
 * an import holds its turn only for the few milliseconds it runs.
 */
export interface RunningWrite {
  /** The call that holds the turn, e.g. `import/file`. */
  call: string;
  since: number;
}

export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private current: RunningWrite | null = null;
  private queued = 0;

  /** The write that holds the turn now, and how many wait behind it. */
  get state(): { running: RunningWrite | null; waiting: number } {
    return { running: this.current, waiting: this.queued };
  }

  run<T>(call: string, fn: () => T | Promise<T>): Promise<T> {
    this.queued++;
    const turn = this.tail.then(async () => {
      this.queued--;
      this.current = { call, since: Date.now() };
      try {
        return await fn();
      } finally {
        this.current = null;
      }
    });
    // The next write waits for this one whether it succeeds or fails.
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
