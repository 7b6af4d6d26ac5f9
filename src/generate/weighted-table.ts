// Weighted random choice over a fixed list, with cumulative weights precomputed once.
import type { Prng } from "./prng.js";

export class WeightedTable<T> {
  private readonly items: readonly T[];
  private readonly cumulative: readonly number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    const items: T[] = [];
    const cumulative: number[] = [];
    let total = 0;
    for (const [item, weight] of entries) {
      if (!(weight > 0)) continue;
      total += weight;
      items.push(item);
      cumulative.push(total);
    }
    if (items.length === 0) throw new RangeError("a weighted table needs a positive weight");
    this.items = items;
    this.cumulative = cumulative;
    this.total = total;
  }

  pick(prng: Prng): T {
    const target = prng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}
