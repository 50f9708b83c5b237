/**
 * Long import work (validating, applying) runs after the HTTP request that
 * started it has been answered; its progress lives in the imports table, where
 * any server process can report it. The work itself is crash-safe by its
 * ledger, so if this process dies the import is resumed by asking again.
 * One job per import at a time in this process; closing waits for them.
 */
export class ImportJobs {
  private readonly running = new Map<string, Promise<void>>();

  /** Start work for an import, unless work for it is already running here (asking twice starts it once). */
  start(importId: string, work: () => Promise<void>, onFailure: (error: unknown) => Promise<void>): void {
    if (this.running.has(importId)) return;
    const job = work()
      .catch((error) => onFailure(error).catch(() => {}))
      .finally(() => this.running.delete(importId));
    this.running.set(importId, job);
  }

  /** Let every running job finish (a server shutting down, a test ending). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }
}
