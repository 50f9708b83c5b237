/**
 * A task run every so often inside the server process, such as the case sweep.
 * Runs never overlap (a slow run delays the next instead of stacking up), a
 * failed run is reported and the schedule goes on, and stopping waits for the
 * run in progress so shutdown never cuts one off half-way. Written here rather
 * than taken from a cron library because it needs none of cron's calendar,
 * only these three guarantees.
 */
export interface PeriodicTask {
  /** Stop scheduling runs; resolves once the run in progress, if any, has finished. */
  stop(): Promise<void>;
}

export function startPeriodicTask(options: {
  everyMs: number;
  run: () => Promise<unknown>;
  onError: (error: unknown) => void;
}): PeriodicTask {
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(tick, options.everyMs);
    // A pending run must not keep the process alive on its own.
    timer.unref();
  };
  const tick = () => {
    timer = null;
    running = options
      .run()
      .then(() => undefined, options.onError)
      .finally(() => {
        running = null;
        schedule();
      });
  };

  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
