import type { ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { PartnershipLayout } from './access';
import { AdminIndex, AdminLayout, RequireAdmin } from './pages/admin/admin-layout';
import { MembersPage } from './pages/admin/members';
import { OutcomePage } from './pages/admin/outcome';
import { OutcomesPage } from './pages/admin/outcomes';
import { ProxiesPage } from './pages/admin/proxies';
import { WebhooksPage } from './pages/admin/webhooks';
import { FinanceIndex, ReturnsPage, SurplusPage, TriggersPage } from './pages/finance';
import { DuePage } from './pages/delivery/due';
import { DeliveryLayout } from './pages/delivery/layout';
import { LogRecordPage } from './pages/delivery/log-record';
import { RecordPage } from './pages/delivery/record';
import { RecordsPage } from './pages/delivery/records';
import { UploadPage } from './pages/delivery/upload';
import { OverviewPage } from './pages/overview';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/password-reset';
import { PartnershipsPage } from './pages/partnerships';
import { SignInPage } from './pages/sign-in';
import { SessionProvider, useSession } from './session';

/** Pages that need a signed-in person send everyone else to sign in, and back afterwards. */
function RequireSession({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <p aria-busy="true">Loading…</p>;
  if (user === null)
    return (
      <Navigate to="/app/sign-in" replace state={{ from: location.pathname + location.search }} />
    );
  return children;
}

function Layout({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  return (
    <>
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header className="site">
        <Link to="/app" className="brand">
          Outcomes Ledger
        </Link>
        {user && (
          <nav aria-label="Account">
            <span>{user.name}</span>{' '}
            <button type="button" onClick={() => void signOut()}>
              Sign out
            </button>
          </nav>
        )}
      </header>
      <div id="content">{children}</div>
    </>
  );
}

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Layout>
          <Routes>
            <Route path="/app/sign-in" element={<SignInPage />} />
            <Route path="/app/forgot-password" element={<ForgotPasswordPage />} />
            <Route path="/app/reset-password" element={<ResetPasswordPage />} />
            <Route
              path="/app"
              element={
                <RequireSession>
                  <PartnershipsPage />
                </RequireSession>
              }
            />
            <Route
              path="/app/partnerships/:partnershipId"
              element={
                <RequireSession>
                  <PartnershipLayout />
                </RequireSession>
              }
            >
              <Route index element={<Navigate to="overview" replace />} />
              <Route path="overview" element={<OverviewPage />} />
              {/* provider pages: delivery/* */}
              <Route path="delivery" element={<DeliveryLayout />}>
                <Route index element={<DuePage />} />
                <Route path="new" element={<LogRecordPage />} />
                <Route path="imports" element={<UploadPage />} />
                <Route path="records" element={<RecordsPage />} />
                <Route path="records/:recordId" element={<RecordPage />} />
              </Route>
              {/* finance pages: finance/* */}
              <Route path="finance">
                <Route index element={<FinanceIndex />} />
                <Route path="returns" element={<ReturnsPage />} />
                <Route path="surplus" element={<SurplusPage />} />
                <Route path="triggers" element={<TriggersPage />} />
              </Route>
              {/* admin pages: admin/* */}
              <Route path="admin" element={<AdminLayout />}>
                <Route index element={<AdminIndex />} />
                <Route
                  path="members"
                  element={
                    <RequireAdmin page="members">
                      <MembersPage />
                    </RequireAdmin>
                  }
                />
                <Route
                  path="outcomes"
                  element={
                    <RequireAdmin page="outcomes">
                      <OutcomesPage />
                    </RequireAdmin>
                  }
                />
                <Route
                  path="outcomes/:outcomeId"
                  element={
                    <RequireAdmin page="outcomes">
                      <OutcomePage />
                    </RequireAdmin>
                  }
                />
                <Route
                  path="proxies"
                  element={
                    <RequireAdmin page="proxies">
                      <ProxiesPage />
                    </RequireAdmin>
                  }
                />
                <Route
                  path="webhooks"
                  element={
                    <RequireAdmin page="webhooks">
                      <WebhooksPage />
                    </RequireAdmin>
                  }
                />
              </Route>
            </Route>
            <Route path="*" element={<Navigate to="/app" replace />} />
          </Routes>
        </Layout>
      </BrowserRouter>
    </SessionProvider>
  );
}
