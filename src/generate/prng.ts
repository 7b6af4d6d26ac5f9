// Seeded pseudo-random number generator (sfc32) with small helpers; every random choice goes through one.

/** Murmur3-style 32-bit hash of a string, mixed with a 32-bit seed. */
export function hashString(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= text.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, "0"),
);

function hex8(n: number): string {
  return (
    (BYTE_HEX[n >>> 24] as string) +
    (BYTE_HEX[(n >>> 16) & 255] as string) +
    (BYTE_HEX[(n >>> 8) & 255] as string) +
    (BYTE_HEX[n & 255] as string)
  );
}

/** A small, fast, seedable generator (sfc32). Not cryptographic; deterministic for a given seed. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seedA: number, seedB = 0x9e3779b9, seedC = 0x243f6a88, seedD = 0xb7e15162) {
    this.a = seedA >>> 0;
    this.b = seedB >>> 0;
    this.c = seedC >>> 0;
    this.d = seedD >>> 0;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Next unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (((this.c << 21) | (this.c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max] (both inclusive). */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** Integer in [0, n) skewed towards 0 (exponent > 1 means stronger skew). */
  skewed(n: number, exponent: number): number {
    return Math.min(n - 1, Math.floor(n * this.next() ** exponent));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[this.int(items.length)] as T;
  }

  /** `count` distinct items in random order (all of them when count >= length). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + this.int(copy.length - i);
      const swap = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = swap;
    }
    return copy.slice(0, n);
  }

  /** `chars` lower-case hex digits. */
  hex(chars: number): string {
    let out = "";
    while (out.length < chars) out += hex8(this.uint32());
    return out.length === chars ? out : out.slice(0, chars);
  }

  /** Decimal digits string of the given length (first digit non-zero). */
  digits(length: number): string {
    let out = String(1 + this.int(9));
    while (out.length < length) out += String(this.int(10));
    return out;
  }

  /** A version-4-looking GUID. */
  guid(): string {
    const h = this.hex(32);
    const variant = "89ab"[this.int(4)] as string;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/** A generator seeded from (seed, key): the same key always gives the same stream. */
export function derivePrng(seed: number, key: string): Prng {
  return new Prng(hashString(key, seed), hashString(key, seed ^ 0x5bd1e995), seed, 0x27d4eb2f);
}

/** Finalizer of murmur3: spreads the bits of a 32-bit value. */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A GUID fixed by (seed, key): stable ids for the same finding across scans and resends. */
export function stableGuid(seed: number, key: string): string {
  const a = hashString(key, seed);
  const b = hashString(key, a ^ 0x5bd1e995);
  const c = mix32(a + 0x9e3779b9);
  const d = mix32(b ^ 0x7f4a7c15);
  const h = hex8(a) + hex8(b) + hex8(c) + hex8(d);
  const variant = "89ab"[d & 3] as string;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
