/**
 * Wait before the next attempt after `attemptsSoFar` failed attempts (0 for the first failure):
 * base × 2^attemptsSoFar, ±20% jitter (so receivers coming back are not hit by every sender at
 * once), never more than `maxMs`.
 */
export function retryDelayMs(
  attemptsSoFar: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = baseMs * 2 ** Math.min(Math.max(0, attemptsSoFar), 40);
  const jittered = exponential * (0.8 + 0.4 * random());
  return Math.round(Math.min(maxMs, jittered));
}
