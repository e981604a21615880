import { useMemo } from 'react';
import type { ReportFigures } from '@ol/outcomes';
import { money, percent, quantity } from '../api';

export function Headline({
  figures: f,
  onDrill,
  drill,
}: {
  figures: ReportFigures;
  onDrill: () => void;
  drill: boolean;
}) {
  const t = f.totals;
  const prevention = useMemo(() => preventionShare(f), [f]);
  return (
    <section aria-labelledby="headline-heading" className="headline">
      <h2 id="headline-heading">Headline</h2>
      <dl className="cards">
        <div>
          <dt>Social value (present value)</dt>
          <dd>
            <button
              type="button"
              className="link"
              aria-expanded={drill}
              aria-controls="valuation-lines"
              onClick={onDrill}
            >
              {money(t.presentValue, f.partnership.currency)}
            </button>
          </dd>
          <dd className="small">
            {money(t.presentValueFromClaims)} rests on claimed, unverified delivery (
            {t.countedDelivery} counted)
          </dd>
        </div>
        <div>
          <dt>SROI ratio</dt>
          <dd>{t.sroiRatioText ?? t.ratioUnavailableReason ?? '—'}</dd>
        </div>
        <div>
          <dt>Investment</dt>
          <dd>
            {t.investment === null ? 'Withheld' : money(t.investment, f.partnership.currency)}
          </dd>
          <dd className="small">{t.investmentBasis}</dd>
        </div>
        <div>
          <dt>Payback</dt>
          <dd>
            {t.paybackMonths === null
              ? (t.paybackUnavailableReason ?? '—')
              : `${t.paybackMonths} months`}
          </dd>
        </div>
        <div>
          <dt>Prevention share</dt>
          <dd>{prevention === null ? '—' : percent(prevention)}</dd>
        </div>
      </dl>
      {f.warnings.length > 0 && (
        <ul className="warnings">
          {f.warnings.map((w) => (
            <li key={w.code + w.text}>{w.text}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The prevention outcomes' share of the total present value, as a 4-place fraction string. */
function preventionShare(f: ReportFigures): string | null {
  const total = toUnits(f.totals.presentValue);
  if (total <= 0n) return null;
  let prevention = 0n;
  for (const o of f.outcomes) {
    if (o.isPrevention && o.presentValue !== null && o.valuedIn === null)
      prevention += toUnits(o.presentValue);
  }
  // fraction = prevention / total, 4 places, half up (integers in pence: exact).
  const scaledShare = (prevention * 20000n + total) / (2n * total);
  const text = scaledShare.toString().padStart(5, '0');
  return `${text.slice(0, -4)}.${text.slice(-4)}`;
}

/** A money string in pence as a BigInt (2 places). */
function toUnits(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const units = BigInt(whole || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -units : units;
}

/** The drill-down from the total: each valuation line with its working. */
export function ValuationLines({ figures: f }: { figures: ReportFigures }) {
  const names = new Map(f.outcomes.map((o) => [o.outcomeId, `${o.code} ${o.title}`]));
  // The working names outcomes by id; a reader sees the code (ids are never shown).
  const codes = new Map(f.outcomes.map((o) => [o.outcomeId, o.code]));
  const words = (text: string) =>
    text.replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
      (id) => codes.get(id) ?? 'an outcome',
    );
  return (
    <section id="valuation-lines" aria-labelledby="lines-heading">
      <h2 id="lines-heading">How the social value is worked out</h2>
      <ol className="steps">
        {f.explanation.map((s) => (
          <li key={s.code}>{words(s.text)}</li>
        ))}
      </ol>
      {f.valuationLines.map((line, i) =>
        line.monetised ? (
          <details key={i}>
            <summary>
              {names.get(line.outcomeId)}: {money(line.presentValue)}
            </summary>
            <p>{line.basisText}</p>
            <ol className="steps">
              {line.explanation.map((s) => (
                <li key={s.code}>{words(s.text)}</li>
              ))}
            </ol>
          </details>
        ) : (
          <p key={i}>
            {names.get(line.outcomeId)}: {quantity(line.quantity)} {line.unit ?? ''} (not monetised:{' '}
            {line.reason})
          </p>
        ),
      )}
    </section>
  );
}
