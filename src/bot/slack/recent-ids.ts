// A bounded, time-limited memory of delivery ids, so a retried delivery is acknowledged without
// running twice in this process. Across processes the app's idempotency key is the guarantee.

export class RecentIds {
  private readonly seenAt = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when `id` was seen within the TTL; otherwise remembers it and returns false. */
  seen(id: string): boolean {
    const t = this.now();
    const at = this.seenAt.get(id);
    if (at !== undefined && t - at < this.ttlMs) return true;
    this.seenAt.delete(id);
    this.seenAt.set(id, t);
    this.evict(t);
    return false;
  }

  get size(): number {
    return this.seenAt.size;
  }

  // Map keeps insertion order, so the oldest entries come first.
  private evict(t: number): void {
    for (const [id, at] of this.seenAt) {
      if (this.seenAt.size <= this.max && t - at < this.ttlMs) break;
      this.seenAt.delete(id);
    }
  }
}
