-- Call-up notices that reach people (activation/callup.hpp): the public answer link finds a
-- notice by its code alone, a volunteer finds their own by person; the language a notice was
-- written in; reminders, kept so that a second one within 30 minutes is refused; and the
-- language a person reads (registry), which the notice text follows.
CREATE INDEX activation_notices_code ON activation_notices(code);
CREATE INDEX activation_notices_person ON activation_notices(person_id);
CREATE INDEX activation_notices_unit ON activation_notices(activation_id, unit_id);
ALTER TABLE activation_notices ADD COLUMN language TEXT NOT NULL DEFAULT 'kk';

CREATE TABLE activation_reminders (
  id INTEGER PRIMARY KEY,
  activation_id INTEGER NOT NULL REFERENCES activations(id),
  unit_id INTEGER,
  sent_by TEXT NOT NULL,
  sent_at BIGINT NOT NULL,
  messages INTEGER NOT NULL
);
CREATE INDEX activation_reminders_activation ON activation_reminders(activation_id, sent_at);

ALTER TABLE people ADD COLUMN language TEXT;
