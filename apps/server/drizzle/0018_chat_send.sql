-- A whole chat send in one call, so a send is three round trips (begin, this, commit). Each statement of a
-- plpgsql function reads with a fresh snapshot and runs a plan cached for the session: the checks after the
-- room lock see what the previous writer of the room committed, as separate statements would.
-- SECURITY INVOKER (the default): it runs as the app role, under the tenant's row-level security.
CREATE FUNCTION chat_send(
	p_account_id integer, p_room_id uuid, p_author_id uuid, p_client_id text, p_message_id uuid, p_body text,
	p_preview text, p_reply_to_id uuid, p_conversation_display_id integer, p_mention_candidates uuid[],
	p_at timestamptz, p_event jsonb
) RETURNS TABLE (is_member boolean, existing_id uuid, seq bigint, event_seq bigint, mentions json, member_ids json)
LANGUAGE plpgsql AS $$
DECLARE
	v_archived_at timestamptz;
	v_existing uuid;
	v_mentions uuid[];
	v_seq bigint;
	v_event_seq bigint;
BEGIN
	SELECT r.archived_at INTO v_archived_at FROM chat_rooms r
	 WHERE r.account_id = p_account_id AND r.id = p_room_id FOR UPDATE;
	IF NOT FOUND OR NOT EXISTS (
		SELECT 1 FROM chat_room_members m
		 WHERE m.account_id = p_account_id AND m.room_id = p_room_id AND m.user_id = p_author_id
	) THEN
		RETURN QUERY SELECT false, NULL::uuid, NULL::bigint, NULL::bigint, NULL::json, NULL::json;
		RETURN;
	END IF;
	SELECT m.id INTO v_existing FROM chat_messages m
	 WHERE m.account_id = p_account_id AND m.room_id = p_room_id AND m.author_id = p_author_id
	   AND m.client_id = p_client_id;
	IF v_existing IS NOT NULL OR v_archived_at IS NOT NULL THEN
		RETURN QUERY SELECT true, v_existing, NULL::bigint, NULL::bigint, NULL::json, NULL::json;
		RETURN;
	END IF;
	SELECT coalesce(array_agg(au.user_id), '{}') INTO v_mentions
	  FROM account_users au JOIN users u ON u.id = au.user_id
	 WHERE au.account_id = p_account_id AND au.user_id = ANY(p_mention_candidates) AND u.status = 'active';
	UPDATE chat_rooms r
	   SET last_message_seq = r.last_message_seq + 1, last_event_seq = r.last_event_seq + 1,
	       last_message_at = p_at, last_message_preview = p_preview
	 WHERE r.account_id = p_account_id AND r.id = p_room_id
	RETURNING r.last_message_seq, r.last_event_seq INTO v_seq, v_event_seq;
	INSERT INTO chat_messages (id, account_id, room_id, seq, kind, author_id, body, client_id, reply_to_id,
	                           conversation_display_id, mentions, created_at)
	VALUES (p_message_id, p_account_id, p_room_id, v_seq, 'user', p_author_id, p_body, p_client_id, p_reply_to_id,
	        p_conversation_display_id, v_mentions, p_at);
	IF p_event IS NOT NULL THEN
		INSERT INTO chat_room_events (account_id, room_id, seq, type, payload)
		VALUES (p_account_id, p_room_id, v_event_seq, 'message.created',
		        jsonb_set(jsonb_set(jsonb_set(p_event, '{seq}', to_jsonb(v_event_seq)),
		          '{message,seq}', to_jsonb(v_seq)), '{message,mentions}', to_jsonb(v_mentions)));
	END IF;
	UPDATE chat_room_members m SET last_read_seq = greatest(m.last_read_seq, v_seq)
	 WHERE m.account_id = p_account_id AND m.room_id = p_room_id AND m.user_id = p_author_id;
	UPDATE chat_room_members m SET mention_count = m.mention_count + 1
	 WHERE m.account_id = p_account_id AND m.room_id = p_room_id AND m.user_id = ANY(v_mentions)
	   AND m.user_id <> p_author_id;
	RETURN QUERY SELECT true, NULL::uuid, v_seq, v_event_seq, to_json(v_mentions),
		(SELECT coalesce(json_agg(m.user_id), '[]') FROM chat_room_members m
		  WHERE m.account_id = p_account_id AND m.room_id = p_room_id);
END
$$;
