// How many publishes this hub process runs at once. A publish streams its chunks to disk in
// bounded memory, but it still inflates, hashes and writes up to maxPackageBytes and holds a
// connection for up to the request timeout: past the limit a further publish is refused at
// once with 503 busy and a Retry-After, before its body is read. Per process (issue 8 will
// need no per-process state the other hub processes depend on; a limit per process is fine).

export const DEFAULT_MAX_CONCURRENT_PUBLISHES = 2;
/** What a refused publisher is told to wait, in seconds. */
export const BUSY_RETRY_AFTER_SECONDS = 30;

export type PublishGate = {
  /** A release function when a slot was free, undefined when every slot is taken. */
  tryEnter(): (() => void) | undefined;
  readonly running: number;
};

export function createPublishGate(limit = DEFAULT_MAX_CONCURRENT_PUBLISHES): PublishGate {
  let running = 0;
  return {
    tryEnter() {
      if (running >= limit) return undefined;
      running += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        running -= 1;
      };
    },
    get running() {
      return running;
    },
  };
}
