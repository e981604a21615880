import { composeReport } from './compose';
import type { ReportInputs } from './inputs';
import { fullReportInputs, richReportInputs } from './scenarios/fixtures';

/** What a warm-up did. */
export interface WarmUp {
  /** Reports composed (and serialised). */
  readonly calls: number;
  /** Time spent, by the caller's clock (ms). */
  readonly elapsedMs: number;
}

/**
 * Composes sample reports (the scenario fixtures: every outcome kind, valuation basis, hierarchy,
 * uprating, own sensitivity cases and a grid) and serialises their figures, until `budgetMs` of
 * the caller's clock has passed or `maxCalls` reports are done. A worker does this once at boot,
 * before it takes jobs: the report code is then compiled and optimised by V8, so a fresh worker's
 * first real reports cost what later ones do instead of about twice as much. Pure: the clock is
 * the caller's, nothing is read or written.
 */
export function warmUpReports(budgetMs: number, clock: () => number, maxCalls = 1_000): WarmUp {
  const start = clock();
  if (!(budgetMs > 0)) return { calls: 0, elapsedMs: 0 };
  const samples: readonly ReportInputs[] = [richReportInputs(), fullReportInputs()];
  let calls = 0;
  let checksum = 0;
  while (calls < maxCalls && clock() - start < budgetMs) {
    const figures = composeReport(samples[calls % samples.length]);
    checksum += JSON.stringify(figures).length;
    calls += 1;
  }
  // The serialised figures are used, so no step of the work can be optimised away.
  if (checksum < 0) throw new Error('unreachable');
  return { calls, elapsedMs: clock() - start };
}
