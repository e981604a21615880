import { quantity } from '../../api';
import {
  gradeText,
  useOutcomeName,
  useProviderName,
  type DeliveryRecord,
} from '../../pages/delivery/data';

export const STATUS_TEXT: Record<DeliveryRecord['status'], string> = {
  claimed: 'Claimed',
  verified: 'Verified',
  disputed: 'Disputed',
  rejected: 'Rejected',
};

export const KIND_TEXT: Record<DeliveryRecord['kind'], string> = {
  original: 'Original',
  reversal: 'Reversal',
  amendment: 'Amendment',
};

/** One record's facts as a description list. */
export function RecordFacts({ record: r }: { record: DeliveryRecord }) {
  const outcomeName = useOutcomeName();
  const providerName = useProviderName();
  const rows: [string, string][] = [
    ['Record', r.id],
    ['Outcome', outcomeName(r.outcomeId)],
    ['Provider', providerName(r.providerOrganisationId)],
    ['Activity date', r.activityDate],
    ['Quantity', quantity(r.quantity, 4)],
    ['Provider’s reference', r.externalRef ?? '—'],
    ['Evidence reference', r.evidenceRef ?? '—'],
    ['Evidence grade claimed', gradeText(r.evidenceGrade)],
    ['Evidence grade assigned', r.verifierEvidenceGrade ? gradeText(r.verifierEvidenceGrade) : '—'],
    ['Kind', KIND_TEXT[r.kind]],
    ['Status', STATUS_TEXT[r.status]],
  ];
  if (r.correctsId) rows.push(['Corrects record', r.correctsId]);
  if (r.correctionReason) rows.push(['Reason for the correction', r.correctionReason]);
  if (r.reviewNote) rows.push(['Review note', r.reviewNote]);
  return (
    <dl className="facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
