-- ratui registry, schema 14: the notifications outbox.
-- A workflow step writes its notifications here in its own transaction (a refused step writes
-- none): the recipient kind and who it is, the address (NULL: no address is known, the message
-- is for delivery by hand), and the subject line and text rendered from the policy's template at
-- that moment. What a message says is never changed; only its state moves on, each move an audit
-- event: pending → sending (committed before the mail command runs) → sent, or back to pending
-- when the command fails; pending or sending → handled (by hand).
CREATE TABLE notification (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES request(id),
    step_sequence INTEGER NOT NULL,
    action TEXT NOT NULL,
    template_id TEXT NOT NULL,
    recipient_kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    address TEXT,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'handled')),
    state_at TEXT NOT NULL,
    state_by INTEGER REFERENCES operator(id),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_failure TEXT
);

-- The open ones (pending or in doubt), by id: `notify list --pending`, `notify send` and the
-- TUI's count seek here and never scan what was sent.
CREATE INDEX notification_open ON notification(id) WHERE state IN ('pending', 'sending');
-- A request's notifications, for its screen.
CREATE INDEX notification_request ON notification(request_id, id);

CREATE TRIGGER notification_no_delete BEFORE DELETE ON notification
BEGIN SELECT RAISE(ABORT, 'a notification is kept: it cannot be deleted'); END;
CREATE TRIGGER notification_message_kept BEFORE UPDATE OF
    id, request_id, step_sequence, action, template_id, recipient_kind, recipient, address, subject, body, created_at
ON notification
BEGIN SELECT RAISE(ABORT, 'a notification''s message is kept: only its state changes'); END;
CREATE TRIGGER notification_state_final BEFORE UPDATE OF state ON notification
WHEN OLD.state IN ('sent', 'handled')
BEGIN SELECT RAISE(ABORT, 'a notification sent or handled stays so'); END;
