/// The tables and functions of the store in PostgreSQL, version ``version``.
///
/// Every request is one call of a PL/pgSQL function, so one round trip and one transaction:
/// the function takes the inbox's row lock, which orders its posts (FIFO across nodes) and its
/// polls, and checks the cluster-wide limits on the one `signalbox_meta` row in the same
/// transaction, so that they hold atomically for every node. Time is the database's
/// (`clock_timestamp()`), the one clock all nodes share.
enum PostgresSchema {
    /// The schema this build knows. A database with a newer one is refused at start.
    static let version = 1

    /// Serialises nodes that start at the same moment while one creates the schema.
    static let migrationLock: Int64 = 0x5369_676E_616C_01
    /// Elects the one node that sweeps at a time.
    static let sweepLock: Int64 = 0x5369_676E_616C_02

    /// The channel on which a post or a superseding poll names the inbox whose poll should look again.
    static let channel = "signalbox_inbox"

    /// The statements that create version 1, run in one transaction.
    static let statements: [String] = [
        """
        CREATE TABLE signalbox_meta (
            id boolean PRIMARY KEY DEFAULT true CHECK (id),
            schema_version integer NOT NULL,
            hash_key bytea NOT NULL,
            inbox_count bigint NOT NULL DEFAULT 0,
            byte_count bigint NOT NULL DEFAULT 0
        )
        """,
        // The key every node hashes passwords under: 32 random bytes made by the database.
        """
        INSERT INTO signalbox_meta (schema_version, hash_key)
        VALUES (1, uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()))
        """,
        """
        CREATE TABLE signalbox_inbox (
            name text PRIMARY KEY,
            salt bytea NOT NULL,
            password_hash bytea NOT NULL,
            idle_deadline timestamptz NOT NULL,
            poll_node text,
            poll_serial bigint,
            poll_until timestamptz,
            next_seq bigint NOT NULL DEFAULT 0
        )
        """,
        "CREATE INDEX signalbox_inbox_idle ON signalbox_inbox (idle_deadline)",
        """
        CREATE TABLE signalbox_message (
            id bigserial PRIMARY KEY,
            recipient text NOT NULL REFERENCES signalbox_inbox (name) ON DELETE CASCADE,
            seq bigint NOT NULL,
            sender text NOT NULL,
            body bytea NOT NULL,
            content_type text,
            posted_at timestamptz NOT NULL,
            expires_at timestamptz,
            handed_until timestamptz
        )
        """,
        "CREATE INDEX signalbox_message_queue ON signalbox_message (recipient, seq)",
        "CREATE INDEX signalbox_message_expiry ON signalbox_message (expires_at) WHERE expires_at IS NOT NULL",
        // The counters follow every deletion, whoever deletes (confirm, expiry, an inbox's cascade).
        """
        CREATE FUNCTION signalbox_messages_gone() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM gone) THEN
                UPDATE signalbox_meta SET byte_count = byte_count - (SELECT sum(octet_length(body)) FROM gone);
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER signalbox_messages_gone AFTER DELETE ON signalbox_message
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION signalbox_messages_gone()
        """,
        """
        CREATE FUNCTION signalbox_inboxes_gone() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM gone) THEN
                UPDATE signalbox_meta SET inbox_count = inbox_count - (SELECT count(*) FROM gone);
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER signalbox_inboxes_gone AFTER DELETE ON signalbox_inbox
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION signalbox_inboxes_gone()
        """,
        // Compares every byte, without stopping at the first difference (constant time).
        """
        CREATE FUNCTION signalbox_password_matches(p_salt bytea, p_stored bytea, p_digest bytea)
        RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
            SELECT bit_or(get_byte(h.hash, i) # get_byte(p_stored, i)) = 0
            FROM (SELECT sha256(p_salt || p_digest) AS hash) h, generate_series(0, 31) AS i
        $$
        """,
        """
        CREATE FUNCTION signalbox_alive(i signalbox_inbox, p_now timestamptz) RETURNS boolean
        LANGUAGE sql IMMUTABLE AS $$
            SELECT i.idle_deadline > p_now OR (i.poll_node IS NOT NULL AND i.poll_until > p_now)
        $$
        """,
        // Finds (and locks, when asked) the inbox, deleting it if it is dead, creating it if it is
        // missing, and checks the password: 'ok', 'created', 'unauthorized' or 'inbox_limit'.
        // Exactly one of two creators racing wins: the loser's INSERT waits for the winner's
        // commit, does nothing, and the loop checks its password against the winner's.
        """
        CREATE FUNCTION signalbox_open(p_name text, p_digest bytea, p_idle double precision,
            p_max_inboxes bigint, p_lock boolean, p_now timestamptz) RETURNS text
        LANGUAGE plpgsql AS $$
        DECLARE
            v_inbox signalbox_inbox;
            v_salt bytea;
        BEGIN
            LOOP
                IF p_lock THEN
                    SELECT * INTO v_inbox FROM signalbox_inbox WHERE name = p_name FOR UPDATE;
                ELSE
                    SELECT * INTO v_inbox FROM signalbox_inbox WHERE name = p_name;
                END IF;
                IF FOUND THEN
                    IF signalbox_alive(v_inbox, p_now) THEN
                        IF signalbox_password_matches(v_inbox.salt, v_inbox.password_hash, p_digest) THEN
                            RETURN 'ok';
                        END IF;
                        RETURN 'unauthorized';
                    END IF;
                    DELETE FROM signalbox_inbox WHERE name = p_name;
                END IF;
                UPDATE signalbox_meta SET inbox_count = inbox_count + 1 WHERE inbox_count < p_max_inboxes;
                IF NOT FOUND THEN
                    PERFORM signalbox_sweep_inboxes(p_now, 100);
                    UPDATE signalbox_meta SET inbox_count = inbox_count + 1 WHERE inbox_count < p_max_inboxes;
                    IF NOT FOUND THEN
                        RETURN 'inbox_limit';
                    END IF;
                END IF;
                v_salt := uuid_send(gen_random_uuid());
                INSERT INTO signalbox_inbox (name, salt, password_hash, idle_deadline)
                VALUES (p_name, v_salt, sha256(v_salt || p_digest), p_now + make_interval(secs => p_idle))
                ON CONFLICT (name) DO NOTHING;
                IF FOUND THEN
                    RETURN 'created';
                END IF;
                UPDATE signalbox_meta SET inbox_count = inbox_count - 1;
            END LOOP;
        END $$
        """,
        """
        CREATE FUNCTION signalbox_sweep_inboxes(p_now timestamptz, p_batch integer) RETURNS integer
        LANGUAGE plpgsql AS $$
        DECLARE
            v_count integer;
        BEGIN
            DELETE FROM signalbox_inbox WHERE name IN (
                SELECT name FROM signalbox_inbox
                WHERE idle_deadline <= p_now AND NOT (poll_node IS NOT NULL AND poll_until > p_now)
                LIMIT p_batch FOR UPDATE SKIP LOCKED);
            GET DIAGNOSTICS v_count = ROW_COUNT;
            RETURN v_count;
        END $$
        """,
        // Hands out the head of the queue (lease until p_now + p_lease) or nothing.
        """
        CREATE FUNCTION signalbox_take(p_name text, p_now timestamptz, p_lease double precision)
        RETURNS TABLE (message_id bigint, sender text, body bytea, content_type text, age_us bigint, pending bigint)
        LANGUAGE plpgsql AS $$
        DECLARE
            v_message signalbox_message;
        BEGIN
            DELETE FROM signalbox_message WHERE recipient = p_name AND expires_at <= p_now;
            SELECT * INTO v_message FROM signalbox_message m
            WHERE m.recipient = p_name AND (m.handed_until IS NULL OR m.handed_until <= p_now)
                AND (m.expires_at IS NULL OR m.expires_at > p_now)
            ORDER BY m.seq LIMIT 1 FOR UPDATE SKIP LOCKED;
            IF NOT FOUND THEN
                RETURN;
            END IF;
            UPDATE signalbox_message SET handed_until = p_now + make_interval(secs => p_lease) WHERE id = v_message.id;
            RETURN QUERY SELECT v_message.id, v_message.sender, v_message.body, v_message.content_type,
                (extract(epoch FROM p_now - v_message.posted_at) * 1000000)::bigint,
                (SELECT count(*) FROM signalbox_message m WHERE m.recipient = p_name
                    AND (m.handed_until IS NULL OR m.handed_until <= p_now));
        END $$
        """,
        // A GET: status 'unauthorized', 'inbox_limit', 'delivered', 'empty' or 'waiting'.
        // A poll waiting elsewhere is superseded: its node hears of it through the channel.
        """
        CREATE FUNCTION signalbox_receive(p_name text, p_digest bytea, p_idle double precision,
            p_max_inboxes bigint, p_wait double precision, p_node text, p_serial bigint, p_lease double precision)
        RETURNS TABLE (status text, message_id bigint, sender text, body bytea, content_type text, age_us bigint, pending bigint)
        LANGUAGE plpgsql AS $$
        DECLARE
            v_now timestamptz := clock_timestamp();
            v_status text;
            v_old_node text;
            v_taken record;
        BEGIN
            v_status := signalbox_open(p_name, p_digest, p_idle, p_max_inboxes, true, v_now);
            IF v_status IN ('unauthorized', 'inbox_limit') THEN
                RETURN QUERY SELECT v_status, NULL::bigint, NULL::text, NULL::bytea, NULL::text, NULL::bigint, NULL::bigint;
                RETURN;
            END IF;
            SELECT poll_node INTO v_old_node FROM signalbox_inbox WHERE name = p_name;
            SELECT * INTO v_taken FROM signalbox_take(p_name, v_now, p_lease);
            IF v_taken.message_id IS NOT NULL OR p_wait IS NULL THEN
                UPDATE signalbox_inbox SET poll_node = NULL, poll_serial = NULL, poll_until = NULL,
                    idle_deadline = v_now + make_interval(secs => p_idle) WHERE name = p_name;
            ELSE
                UPDATE signalbox_inbox SET poll_node = p_node, poll_serial = p_serial,
                    poll_until = v_now + make_interval(secs => p_wait),
                    idle_deadline = v_now + make_interval(secs => p_idle) WHERE name = p_name;
            END IF;
            IF v_old_node IS NOT NULL THEN
                PERFORM pg_notify('\(channel)', p_name);
            END IF;
            IF v_taken.message_id IS NOT NULL THEN
                RETURN QUERY SELECT 'delivered'::text, v_taken.message_id, v_taken.sender, v_taken.body,
                    v_taken.content_type, v_taken.age_us, v_taken.pending;
            ELSE
                RETURN QUERY SELECT CASE WHEN p_wait IS NULL THEN 'empty' ELSE 'waiting' END,
                    NULL::bigint, NULL::text, NULL::bytea, NULL::text, NULL::bigint, NULL::bigint;
            END IF;
        END $$
        """,
        // A waiting poll looks again (told by the channel or by its node's timer): 'superseded'
        // if a newer GET took its place, 'delivered' with the message, or 'waiting'.
        """
        CREATE FUNCTION signalbox_claim(p_name text, p_node text, p_serial bigint, p_idle double precision,
            p_lease double precision)
        RETURNS TABLE (status text, message_id bigint, sender text, body bytea, content_type text, age_us bigint, pending bigint)
        LANGUAGE plpgsql AS $$
        DECLARE
            v_now timestamptz := clock_timestamp();
            v_inbox signalbox_inbox;
            v_taken record;
        BEGIN
            SELECT * INTO v_inbox FROM signalbox_inbox WHERE name = p_name FOR UPDATE;
            IF NOT FOUND OR v_inbox.poll_node IS DISTINCT FROM p_node OR v_inbox.poll_serial IS DISTINCT FROM p_serial THEN
                RETURN QUERY SELECT 'superseded'::text, NULL::bigint, NULL::text, NULL::bytea, NULL::text, NULL::bigint, NULL::bigint;
                RETURN;
            END IF;
            SELECT * INTO v_taken FROM signalbox_take(p_name, v_now, p_lease);
            IF v_taken.message_id IS NULL THEN
                RETURN QUERY SELECT 'waiting'::text, NULL::bigint, NULL::text, NULL::bytea, NULL::text, NULL::bigint, NULL::bigint;
                RETURN;
            END IF;
            UPDATE signalbox_inbox SET poll_node = NULL, poll_serial = NULL, poll_until = NULL,
                idle_deadline = v_now + make_interval(secs => p_idle) WHERE name = p_name;
            RETURN QUERY SELECT 'delivered'::text, v_taken.message_id, v_taken.sender, v_taken.body,
                v_taken.content_type, v_taken.age_us, v_taken.pending;
        END $$
        """,
        // A waiting poll ended with no message (timed out, client gone): the 204 is an answer to
        // the owner, so the idle timer starts again.
        """
        CREATE FUNCTION signalbox_end_wait(p_name text, p_node text, p_serial bigint, p_idle double precision)
        RETURNS void LANGUAGE sql AS $$
            UPDATE signalbox_inbox SET poll_node = NULL, poll_serial = NULL, poll_until = NULL,
                idle_deadline = clock_timestamp() + make_interval(secs => p_idle)
            WHERE name = p_name AND poll_node = p_node AND poll_serial = p_serial
        $$
        """,
        // A POST: 'accepted', 'unauthorized', 'recipient_not_found', 'recipient_full',
        // 'inbox_limit' or 'byte_limit'. The recipient's row is locked first, the meta row last,
        // in every function, so that no two requests wait on each other in a circle.
        """
        CREATE FUNCTION signalbox_post(p_sender text, p_digest bytea, p_recipient text, p_body bytea,
            p_content_type text, p_idle double precision, p_message_timeout double precision,
            p_capacity integer, p_max_inboxes bigint, p_max_bytes bigint) RETURNS text
        LANGUAGE plpgsql AS $$
        DECLARE
            v_now timestamptz := clock_timestamp();
            v_recipient signalbox_inbox;
            v_found boolean;
            v_status text;
        BEGIN
            SELECT * INTO v_recipient FROM signalbox_inbox WHERE name = p_recipient FOR UPDATE;
            v_found := FOUND;
            IF v_found AND NOT signalbox_alive(v_recipient, v_now) THEN
                DELETE FROM signalbox_inbox WHERE name = p_recipient;
                v_found := false;
            END IF;
            v_status := signalbox_open(p_sender, p_digest, p_idle, p_max_inboxes, false, v_now);
            IF v_status IN ('unauthorized', 'inbox_limit') THEN
                RETURN v_status;
            END IF;
            IF NOT v_found THEN
                IF p_sender <> p_recipient THEN
                    RETURN 'recipient_not_found';
                END IF;
                SELECT * INTO v_recipient FROM signalbox_inbox WHERE name = p_recipient FOR UPDATE;
            END IF;
            DELETE FROM signalbox_message WHERE recipient = p_recipient AND expires_at <= v_now;
            -- A message handed to a poll is out of the queue, as in memory: it is gone once its
            -- answer was written, and only comes back if that failed.
            IF (SELECT count(*) FROM signalbox_message WHERE recipient = p_recipient
                    AND (handed_until IS NULL OR handed_until <= v_now)) >= p_capacity THEN
                RETURN 'recipient_full';
            END IF;
            UPDATE signalbox_meta SET byte_count = byte_count + octet_length(p_body)
            WHERE byte_count + octet_length(p_body) <= p_max_bytes;
            IF NOT FOUND THEN
                RETURN 'byte_limit';
            END IF;
            INSERT INTO signalbox_message (recipient, seq, sender, body, content_type, posted_at, expires_at)
            VALUES (p_recipient, v_recipient.next_seq, p_sender, p_body, p_content_type, v_now,
                CASE WHEN p_message_timeout > 0 THEN v_now + make_interval(secs => p_message_timeout) END);
            UPDATE signalbox_inbox SET next_seq = next_seq + 1 WHERE name = p_recipient;
            IF v_recipient.poll_node IS NOT NULL THEN
                PERFORM pg_notify('\(channel)', p_recipient);
            END IF;
            RETURN 'accepted';
        END $$
        """,
        // A message that could not be written goes back to the head of its queue.
        """
        CREATE FUNCTION signalbox_return(p_id bigint) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            v_recipient text;
        BEGIN
            UPDATE signalbox_message SET handed_until = NULL WHERE id = p_id RETURNING recipient INTO v_recipient;
            IF FOUND THEN
                PERFORM pg_notify('\(channel)', v_recipient);
            END IF;
        END $$
        """,
        // Deletes what expired, in bounded batches, on one node at a time: -1 when another node
        // holds the sweep, else the rows deleted.
        """
        CREATE FUNCTION signalbox_sweep(p_batch integer) RETURNS integer LANGUAGE plpgsql AS $$
        DECLARE
            v_now timestamptz := clock_timestamp();
            v_messages integer;
        BEGIN
            IF NOT pg_try_advisory_xact_lock(\(sweepLock)) THEN
                RETURN -1;
            END IF;
            DELETE FROM signalbox_message WHERE id IN (
                SELECT id FROM signalbox_message WHERE expires_at <= v_now
                LIMIT p_batch FOR UPDATE SKIP LOCKED);
            GET DIAGNOSTICS v_messages = ROW_COUNT;
            RETURN v_messages + signalbox_sweep_inboxes(v_now, p_batch);
        END $$
        """,
    ]
}
