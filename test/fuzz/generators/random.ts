import fc from 'fast-check';
import type { GenContext } from './spec';

/** FNV-1a: a stable 32-bit seed per operation and category, from the run's seed. */
export function deriveSeed(seed: number, ...parts: string[]): number {
  let h = 0x811c9dc5 ^ seed;
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
}

/** Deterministic shuffle (mulberry32). */
export function shuffle<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** `n` values drawn from `arb`, the same ones for the same seed. */
export function sample<T>(arb: fc.Arbitrary<T>, n: number, seed: number): T[] {
  if (n <= 0) return [];
  return fc.sample(arb, { seed, numRuns: n });
}

/** How many requests to draw at random: `base`, scaled by FUZZ_RUNS, at least one. */
export const count = (base: number, ctx: GenContext): number =>
  Math.max(1, Math.round(base * ctx.scale));
