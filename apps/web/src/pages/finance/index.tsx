import { Navigate } from 'react-router';
import { usePartnership } from '../../access';
import { financePages } from './common';

export { ReturnsPage } from './returns';
export { SurplusPage } from './surplus';
export { TriggersPage } from './triggers';

/** /finance opens the first finance page the caller may read. */
export function FinanceIndex() {
  const { can, partnershipName } = usePartnership();
  const first = financePages(can)[0];
  if (first) return <Navigate to={first.to} replace />;
  return (
    <main>
      <h1>{partnershipName}: finance</h1>
      <p>Your role in this partnership does not include the open book.</p>
    </main>
  );
}
