/**
 * Runs tasks for the same key one after another, and tasks for different keys side by side.
 * A user's settings are read, merged and written back; two updates from one user can arrive
 * together, and without this the second write would drop the first one's change.
 */
export class SerialByKey<K> {
  private readonly running = new Map<K, Promise<unknown>>();

  /** Runs task once every earlier task for key has settled (a failed one does not block it). */
  async run<T>(key: K, task: () => Promise<T>): Promise<T> {
    const previous = this.running.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(task);
    this.running.set(key, current);
    try {
      return await current;
    } finally {
      if (this.running.get(key) === current) this.running.delete(key);
    }
  }
}
