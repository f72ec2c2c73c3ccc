-- `chat_send_many` as one set-based statement instead of a `chat_send` call per send: a batch of plain
-- sends (no reply, reference or mentions) costs one room update per room, one insert of all its messages
-- and of all its events, and one read-mark update per room and author, instead of eight statements per
-- send. What each send is answered does not change (0023): the rooms are locked first, in id order, by a
-- statement of its own, so the statement after it sees whatever the batch it waited for committed; a send
-- that is refused (not a member, a client id already stored, an archived room) is answered in its row and
-- stores nothing; of the copies of one client id in a batch the first is stored and the others answer its
-- id; seqs follow the order of `p_sends` within each room. The sends are read with `jsonb_to_recordset`, so
-- the lookups compare typed columns: under row level security only leakproof comparisons such as
-- `uuid = uuid` may use an index, and an expression over the jsonb would scan the account's messages. Each
-- send's room, membership and stored copy are looked up by key (lateral, `LIMIT 1`): the planner takes
-- the batch for 100 rows and would otherwise hash all of the account's rooms and members for a few sends.
CREATE OR REPLACE FUNCTION chat_send_many(p_account_id integer, p_sends jsonb)
RETURNS TABLE (ord integer, is_member boolean, existing_id uuid, seq bigint, event_seq bigint, member_ids json)
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM chat_rooms r
	 WHERE r.account_id = p_account_id
	   AND r.id = ANY (ARRAY(SELECT s.room_id FROM jsonb_to_recordset(p_sends) AS s(room_id uuid)))
	 ORDER BY r.id FOR UPDATE;
	RETURN QUERY
	WITH sends AS (
		SELECT s.position::integer AS position, s.room_id, s.author_id, s.client_id, s.message_id, s.body,
		       s.preview, s.sent_at, s.event
		  FROM ROWS FROM (jsonb_to_recordset(p_sends) AS (room_id uuid, author_id uuid, client_id text, id uuid,
		                  body text, preview text, at timestamptz, event jsonb)) WITH ORDINALITY
		       AS s(room_id, author_id, client_id, message_id, body, preview, sent_at, event, position)
	),
	checked AS (
		SELECT s.*, coalesce(room.found AND membership.found, false) AS member, room.archived_at IS NOT NULL AS archived,
		       stored.id AS stored_id,
		       first_value(s.message_id) OVER copies AS first_copy_id,
		       row_number() OVER copies = 1 AS first_copy
		  FROM sends s
		  LEFT JOIN LATERAL (
		    SELECT true AS found, r.archived_at FROM chat_rooms r
		     WHERE r.account_id = p_account_id AND r.id = s.room_id LIMIT 1
		  ) room ON true
		  LEFT JOIN LATERAL (
		    SELECT true AS found FROM chat_room_members m
		     WHERE m.account_id = p_account_id AND m.room_id = s.room_id AND m.user_id = s.author_id LIMIT 1
		  ) membership ON true
		  LEFT JOIN LATERAL (
		    SELECT m.id FROM chat_messages m
		     WHERE m.account_id = p_account_id AND m.room_id = s.room_id AND m.author_id = s.author_id
		       AND m.client_id = s.client_id LIMIT 1
		  ) stored ON true
		WINDOW copies AS (PARTITION BY s.room_id, s.author_id, s.client_id ORDER BY s.position)
	),
	accepted AS (
		SELECT c.position, c.room_id, c.author_id, c.client_id, c.message_id, c.body, c.preview, c.sent_at,
		       c.event,
		       row_number() OVER in_room AS nth,
		       count(*) OVER (PARTITION BY c.room_id) AS in_room
		  FROM checked c
		 WHERE c.member AND c.stored_id IS NULL AND NOT c.archived AND c.first_copy
		WINDOW in_room AS (PARTITION BY c.room_id ORDER BY c.position)
	),
	rooms AS (
		UPDATE chat_rooms r
		   SET last_message_seq = r.last_message_seq + a.in_room, last_event_seq = r.last_event_seq + a.in_room,
		       last_message_at = a.sent_at, last_message_preview = a.preview
		  FROM accepted a
		 WHERE a.nth = a.in_room AND r.account_id = p_account_id AND r.id = a.room_id
		RETURNING r.id AS room_id, r.last_message_seq - a.in_room AS message_base,
		          r.last_event_seq - a.in_room AS event_base,
		          (SELECT coalesce(json_agg(m.user_id), '[]') FROM chat_room_members m
		            WHERE m.account_id = p_account_id AND m.room_id = r.id) AS members
	),
	numbered AS (
		SELECT a.*, r.message_base + a.nth AS message_seq, r.event_base + a.nth AS message_event_seq, r.members
		  FROM accepted a JOIN rooms r ON r.room_id = a.room_id
	),
	messages AS (
		INSERT INTO chat_messages (id, account_id, room_id, seq, kind, author_id, body, client_id, mentions,
		                           created_at)
		SELECT n.message_id, p_account_id, n.room_id, n.message_seq, 'user', n.author_id, n.body, n.client_id,
		       '{}', n.sent_at
		  FROM numbered n
	),
	events AS (
		INSERT INTO chat_room_events (account_id, room_id, seq, type, payload)
		SELECT p_account_id, n.room_id, n.message_event_seq, 'message.created',
		       jsonb_set(jsonb_set(jsonb_set(n.event, '{seq}', to_jsonb(n.message_event_seq)),
		         '{message,seq}', to_jsonb(n.message_seq)), '{message,mentions}', '[]')
		  FROM numbered n
		 WHERE n.event IS NOT NULL
	),
	read_marks AS (
		UPDATE chat_room_members m SET last_read_seq = greatest(m.last_read_seq, w.last_seq)
		  FROM (SELECT n.room_id, n.author_id, max(n.message_seq) AS last_seq FROM numbered n
		         GROUP BY n.room_id, n.author_id) w
		 WHERE m.account_id = p_account_id AND m.room_id = w.room_id AND m.user_id = w.author_id
	)
	SELECT c.position, c.member,
	       CASE WHEN NOT c.member THEN NULL
	            WHEN c.stored_id IS NOT NULL THEN c.stored_id
	            WHEN c.archived OR c.first_copy THEN NULL
	            ELSE c.first_copy_id END,
	       n.message_seq, n.message_event_seq, n.members
	  FROM checked c LEFT JOIN numbered n ON n.position = c.position
	 ORDER BY c.position;
END
$$;
