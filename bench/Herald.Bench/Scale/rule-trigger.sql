-- What the rules trigger of PostgreSQL migration 5 costs a storing transaction: 20,000 single-row inserts into a
-- copy of article_ids, without the trigger, with it and no rules (the EXISTS check only), and with one rule (each
-- new row queued). Run: psql "$HERALD_TEST_POSTGRES" -f bench/Herald.Bench/Scale/rule-trigger.sql | grep -E "Time|queued"
-- (it works in a scratch schema rule_trigger_bench, dropped at the end).
\set ON_ERROR_STOP 1
DROP SCHEMA IF EXISTS rule_trigger_bench CASCADE;
CREATE SCHEMA rule_trigger_bench;
SET search_path = rule_trigger_bench;
CREATE TABLE article_ids (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key bigint NOT NULL UNIQUE, id text NOT NULL UNIQUE, at timestamptz NOT NULL);
CREATE TABLE rules (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, action text NOT NULL);
CREATE TABLE rule_queue (seq bigint PRIMARY KEY);
\timing on
-- without the trigger
DO $$ BEGIN FOR i IN 1..20000 LOOP INSERT INTO article_ids(key, id, at) VALUES (i, 'a' || i, now()); END LOOP; END $$;
CREATE FUNCTION herald_queue_for_rules() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF EXISTS (SELECT 1 FROM rules) THEN
        INSERT INTO rule_queue (seq) SELECT seq FROM arrived ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $f$;
CREATE TRIGGER q AFTER INSERT ON article_ids REFERENCING NEW TABLE AS arrived FOR EACH STATEMENT EXECUTE FUNCTION herald_queue_for_rules();
-- with the trigger, no rules
DO $$ BEGIN FOR i IN 20001..40000 LOOP INSERT INTO article_ids(key, id, at) VALUES (i, 'a' || i, now()); END LOOP; END $$;
INSERT INTO rules(action) VALUES ('drop');
-- with the trigger and one rule (each insert is queued)
DO $$ BEGIN FOR i IN 40001..60000 LOOP INSERT INTO article_ids(key, id, at) VALUES (i, 'a' || i, now()); END LOOP; END $$;
\timing off
SELECT count(*) AS queued FROM rule_queue;
DROP SCHEMA rule_trigger_bench CASCADE;
