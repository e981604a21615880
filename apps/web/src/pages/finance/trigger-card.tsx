import { money } from '../../api';
import { usePartnership } from '../../access';
import { useSession } from '../../session';
import { nameOf, STATE_WORDS, StatusBadge, type Member } from './common';
import { TriggerActions } from './trigger-actions';

/** A trigger as GET …/triggers gives it (money as decimal strings). */
export interface Trigger {
  id: string;
  providerOrganisationId: string;
  windowStart: string;
  windowEnd: string;
  crossingNo: number;
  reason: string;
  fromState: string;
  toState: string;
  variation: string;
  adjustments: { partyId: string; name: string; role: string; amount: string }[];
  status: 'open' | 'acknowledged' | 'settled';
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgeNote: string | null;
  settledBy: string | null;
  settledAt: string | null;
  settleNote: string | null;
}

function Who({ id }: { id: string | null }) {
  const { user } = useSession();
  return <>{id === null ? 'someone' : id === user?.id ? 'you' : 'another user'}</>;
}

/** One trigger: what crossed, the money each party moves, its steps so far and the next one. */
export function TriggerCard({
  trigger: t,
  members,
  separation,
  onChanged,
}: {
  trigger: Trigger;
  members: Member[];
  separation: boolean;
  onChanged: (done: string) => void;
}) {
  const { can } = usePartnership();
  const provider = nameOf(members, t.providerOrganisationId);
  const headingId = `trigger-${t.id}`;
  return (
    <article aria-labelledby={headingId} className="trigger">
      <h3 id={headingId}>
        {provider}: trigger {t.crossingNo}, {t.windowStart} to {t.windowEnd}
      </h3>
      <p>
        <StatusBadge status={t.status} /> {t.reason === 'crossing' ? 'Crossed' : 'Adjusted'} from “
        {STATE_WORDS[t.fromState] ?? t.fromState}” to “{STATE_WORDS[t.toState] ?? t.toState}”;
        variation {money(t.variation, 'GBP', true)}.
      </p>
      <table>
        <caption>Money this trigger moves</caption>
        <thead>
          <tr>
            <th scope="col">Party</th>
            <th scope="col">Role</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          {t.adjustments.map((a) => (
            <tr key={a.partyId}>
              <th scope="row">{a.name}</th>
              <td>{a.role.replace('_', ' ')}</td>
              <td>{money(a.amount, 'GBP', true)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {t.acknowledgedAt && (
        <p className="small">
          Acknowledged by <Who id={t.acknowledgedBy} /> on {t.acknowledgedAt.slice(0, 10)}:{' '}
          {t.acknowledgeNote}
        </p>
      )}
      {t.settledAt && (
        <p className="small">
          Settled by <Who id={t.settledBy} /> on {t.settledAt.slice(0, 10)}: {t.settleNote}
        </p>
      )}
      {t.status !== 'settled' && can('triggers:act') && (
        <TriggerActions
          trigger={t}
          separation={separation}
          onChanged={(done) => onChanged(`${provider}: trigger ${t.crossingNo} ${done}.`)}
        />
      )}
    </article>
  );
}
