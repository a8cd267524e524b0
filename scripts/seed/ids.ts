import { createHash } from 'node:crypto';

/** Deterministic hex id of `bytes` bytes from a seed string (trace ids 16, span ids 8). */
export function hexId(seed: string, bytes: 8 | 16): string {
  return createHash('sha256')
    .update(seed)
    .digest('hex')
    .slice(0, bytes * 2);
}

/** A UUID-shaped deterministic id (Spark query ids and run ids are UUIDs). */
export function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Small seeded PRNG (mulberry32) so every run of the seed writes the same values. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Spark standalone app id for a start time: app-YYYYMMDDHHMMSS-NNNN (UTC). */
export function sparkAppId(startMs: number, sequence: number): string {
  const d = new Date(startMs);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return `app-${stamp}-${p(sequence, 4)}`;
}
