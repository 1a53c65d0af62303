-- Browser sessions of the web UI (spec 04 §5.1, issue 17). The signed `session` cookie carries a
-- random session id; this table holds only its SHA-256, so logout (a deleted row) ends the
-- session on the server too and a copied cookie stops working, and a leaked table opens no
-- session. Rows past expires_at are dead and swept at the next login.
CREATE TABLE core.web_sessions (
    token_hash  text PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES core.users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX ix_web_sessions_user_id ON core.web_sessions (user_id);
CREATE INDEX ix_web_sessions_expires_at ON core.web_sessions (expires_at);
