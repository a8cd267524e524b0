/** Gives a slot back; calling it twice gives back one slot. */
export type Release = () => void;

interface Waiter {
  grant: () => void;
}

/**
 * At most `limit` holders at once and at most `maxQueue` waiting for a slot, each for a bounded
 * time: past either bound `acquire` answers `undefined` (refused) instead of piling up work.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly limit: number,
    readonly maxQueue: number,
  ) {}

  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }

  acquire(waitMs: number, signal?: AbortSignal): Promise<Release | undefined> {
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxQueue || waitMs <= 0 || signal?.aborted)
      return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', refuse);
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
      };
      const refuse = () => {
        leave();
        resolve(undefined);
      };
      const waiter: Waiter = {
        grant: () => {
          leave();
          this.active += 1;
          resolve(this.releaser());
        },
      };
      const timer = setTimeout(refuse, waitMs);
      signal?.addEventListener('abort', refuse, { once: true });
      this.waiting.push(waiter);
    });
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.waiting[0]?.grant();
    };
  }
}
