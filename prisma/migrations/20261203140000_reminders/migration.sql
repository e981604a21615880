-- Reminders and escalations (issue 19, item 2): a policy per partnership, each step sent once
-- (its key in reminder_steps), and the channels a step goes out on: an in-app list per user,
-- the webhook outbox (notifications, as before) and email (an outbox of its own). Users choose
-- their channels.

-- A partnership's reminder policy in working days; NULL switches a step off. No row: nothing is
-- sent (libs/outcomes NO_REMINDERS). Ranges as libs/outcomes reminderPolicyProblems; overdue
-- reminders more often than the escalation (a reminder after it would never be sent).
CREATE TABLE reminder_policies (
  partnership_id                  uuid PRIMARY KEY REFERENCES partnerships (id),
  remind_before_working_days      smallint,
  overdue_every_working_days      smallint,
  escalate_after_working_days     smallint,
  trigger_escalation_working_days smallint,
  dispute_escalation_working_days smallint,
  updated_at                      timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT reminder_policies_days_check CHECK (
    remind_before_working_days BETWEEN 0 AND 130
    AND overdue_every_working_days BETWEEN 1 AND 130
    AND escalate_after_working_days BETWEEN 1 AND 130
    AND trigger_escalation_working_days BETWEEN 1 AND 130
    AND dispute_escalation_working_days BETWEEN 1 AND 130),
  CONSTRAINT reminder_policies_escalation_check CHECK (
    overdue_every_working_days < escalate_after_working_days)
);

-- Each step sent, once: the worker inserts the step's key with ON CONFLICT DO NOTHING and writes
-- the step's messages (in-app, webhook outbox, email outbox) in the same transaction only when
-- its insert took the key, so two workers, a retried job or a restarted worker send it once.
-- subject_key: what is chased (`obligation:<quarter>:<provider>:delivery|return`,
-- `trigger:<id>`, `dispute:<record>:<review event>`); step: `before`, `overdue-<n>`, `escalation`.
CREATE TABLE reminder_steps (
  partnership_id uuid NOT NULL REFERENCES partnerships (id),
  subject_key    text NOT NULL,
  step           text NOT NULL,
  event_type     text NOT NULL,
  as_of          date NOT NULL,
  recipients     integer NOT NULL DEFAULT 0,
  payload        jsonb NOT NULL,
  sent_at        timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, subject_key, step)
);
CREATE INDEX reminder_steps_sent_at_idx ON reminder_steps (partnership_id, sent_at);

-- A user's channels (no row: both on). Users are reference data, so no partnership_id.
CREATE TABLE notification_preferences (
  user_id    uuid PRIMARY KEY REFERENCES users (id),
  in_app     boolean NOT NULL DEFAULT true,
  email      boolean NOT NULL DEFAULT true,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- A user's in-app notifications, one per event and user; read_at NULL while unread.
CREATE TABLE user_notifications (
  partnership_id uuid NOT NULL REFERENCES partnerships (id),
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id        uuid NOT NULL REFERENCES users (id),
  event_type     text NOT NULL,
  event_key      text NOT NULL,
  title          text NOT NULL,
  body           text NOT NULL,
  link           text,
  payload        jsonb NOT NULL DEFAULT '{}',
  read_at        timestamptz(3),
  created_at     timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id)
);
CREATE UNIQUE INDEX user_notifications_partnership_id_user_id_event_key_key
  ON user_notifications (partnership_id, user_id, event_key);
CREATE INDEX user_notifications_user_id_created_at_idx ON user_notifications (user_id, created_at DESC);

-- The email outbox: one row per event and recipient. not_sent: no SMTP server configured
-- (SMTP_URL unset), kept for admins to read; pending rows are claimed by the worker with a lease
-- (FOR UPDATE SKIP LOCKED), retried with backoff, failed after the attempts run out.
CREATE TYPE email_status AS ENUM ('pending', 'sent', 'not_sent', 'failed');
CREATE TABLE emails (
  partnership_id  uuid NOT NULL REFERENCES partnerships (id),
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  event_type      text NOT NULL,
  event_key       text NOT NULL,
  user_id         uuid NOT NULL REFERENCES users (id),
  to_address      text NOT NULL,
  subject         text NOT NULL,
  body            text NOT NULL,
  status          email_status NOT NULL DEFAULT 'pending',
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
  last_error      text,
  sent_at         timestamptz(3),
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id)
);
CREATE UNIQUE INDEX emails_partnership_id_event_key_user_id_key ON emails (partnership_id, event_key, user_id);
CREATE INDEX emails_user_id_idx ON emails (user_id);
CREATE INDEX emails_due_idx ON emails (next_attempt_at) WHERE status = 'pending';
