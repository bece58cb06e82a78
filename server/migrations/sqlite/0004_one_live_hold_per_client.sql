-- One live hold per client per service, enforced by the database (not only by the server that
-- creates holds): a new hold supersedes the client's previous one for the service, and at most
-- one unused, unsuperseded hold may exist for a (client, service).
ALTER TABLE hold ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1));

-- Before this migration a previous hold was let go by setting its expiry to "now" and left unused:
-- keep the latest unused hold of each client and service, supersede the others.
UPDATE hold SET superseded = 1
 WHERE used = 0
   AND EXISTS (SELECT 1 FROM hold AS later
                WHERE later.client = hold.client AND later.service_id = hold.service_id AND later.used = 0
                  AND (later.expires_at > hold.expires_at OR (later.expires_at = hold.expires_at AND later.id > hold.id)));

CREATE UNIQUE INDEX hold_one_live_per_client ON hold (client, service_id) WHERE used = 0 AND superseded = 0;
