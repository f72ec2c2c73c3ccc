-- The room list's first and next pages (`?limit=`, no search) in one call, so that PostgreSQL plans them
-- once per connection. As prepared statements under the default plan_cache_mode they were planned again on
-- every call (its generic estimate never won), 0.6-1.0 ms of planning for 0.8-2.5 ms of execution.
-- `plan_cache_mode` set on the function applies only while it runs, so the plans of the other statements
-- and functions (chat_send, Kanban) are left to the default choice. The generic page walks the account's
-- rooms by `chat_rooms_activity` from the most recent and probes the member row of each, which suits a user
-- in many of the account's rooms; a user in few rooms of an account with many would walk nearly all of them
-- (12-40 ms at 5,000 rooms), so below 100 member rows the page and the badge totals are read from the user's
-- member rows instead, each room by its key (the generic plan of a join would hash every room of the account).
-- The first page is the row comparison against ('infinity', the largest uuid), so both pages are one
-- statement. SECURITY INVOKER (the default): it runs as the app role, under the tenant's row-level security.
-- Each row is the API's `ChatRoom`, as `roomViewJson` in features/chat/repo.ts builds it for the other reads.
CREATE FUNCTION chat_rooms_page(
	p_account_id integer, p_user_id uuid, p_limit integer, p_before_micros bigint, p_before_id uuid
) RETURNS TABLE (room json, activity_micros text, totals json)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
AS $$
DECLARE
	v_rooms integer;
	v_totals json;
	v_before_at timestamptz := CASE WHEN p_before_id IS NULL THEN timestamptz 'infinity'
		ELSE timestamptz 'epoch' + p_before_micros * interval '1 microsecond' END;
	v_before_id uuid := coalesce(p_before_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
BEGIN
	-- At most 100 index entries, so the gate costs little however many rooms the user is in. Until the
	-- user is known to be in many rooms, sequential scans are off (restored on return, like every setting
	-- of the function): a generic plan estimates the member rows of any user alike (a third of the table
	-- on the bench's seed of three users) and would otherwise read every member row for a user in few.
	SELECT count(*)::integer INTO v_rooms FROM (
		SELECT 1 FROM chat_room_members m WHERE m.account_id = p_account_id AND m.user_id = p_user_id LIMIT 100
	) gate;
	IF v_rooms < 100 THEN
		-- A subquery with LIMIT is not joined but run per member row: each room by its key, a nested loop
		-- whatever the generic estimate of the user's member rows.
		SELECT json_build_object(
			'unread', coalesce(sum(CASE WHEN m.muted THEN 0 ELSE greatest(r.last_message_seq - m.last_read_seq, 0) END), 0)::integer,
			'mentions', coalesce(sum(m.mention_count), 0)::integer)
		  INTO v_totals
		  FROM chat_room_members m
		 CROSS JOIN LATERAL (SELECT r.last_message_seq FROM chat_rooms r WHERE r.id = m.room_id LIMIT 1) r
		 WHERE m.account_id = p_account_id AND m.user_id = p_user_id;
		RETURN QUERY
		SELECT json_build_object(
			'id', r.id, 'kind', r.kind, 'name', r.name, 'description', r.description,
			'chatwoot_team_id', r.chatwoot_team_id, 'conversation_display_id', r.conversation_display_id,
			'created_by', r.created_by,
			'created_at', to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
			'archived_at', to_char(r.archived_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
			'last_message_seq', r.last_message_seq, 'last_event_seq', r.last_event_seq,
			'last_message_at', to_char(r.last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
			'last_message_preview', r.last_message_preview,
			'my_role', m.role, 'last_read_seq', m.last_read_seq,
			'unread_count', greatest(r.last_message_seq - m.last_read_seq, 0),
			'mention_count', m.mention_count, 'muted', m.muted, 'notification_level', m.notification_level,
			'dm_user', CASE WHEN r.kind = 'dm' THEN (
				SELECT json_build_object('id', u.id, 'name', u.name, 'avatar_url', u.avatar_url)
				  FROM chat_room_members other JOIN users u ON u.id = other.user_id
				 WHERE other.room_id = r.id AND other.user_id <> p_user_id LIMIT 1) END),
			(extract(epoch FROM CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END)
				* 1000000)::bigint::text,
			v_totals
		  FROM chat_room_members m
		 CROSS JOIN LATERAL (SELECT * FROM chat_rooms r WHERE r.id = m.room_id AND r.account_id = p_account_id LIMIT 1) r
		 WHERE m.account_id = p_account_id AND m.user_id = p_user_id
		   AND (CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END, r.id)
		       < (v_before_at, v_before_id)
		 ORDER BY CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END DESC, r.id DESC
		 LIMIT p_limit;
		RETURN;
	END IF;
	-- The totals of a user in many rooms read the account's rooms whole.
	PERFORM set_config('enable_seqscan', 'on', true);
	SELECT json_build_object(
		'unread', coalesce(sum(CASE WHEN m.muted THEN 0 ELSE greatest(r.last_message_seq - m.last_read_seq, 0) END), 0)::integer,
		'mentions', coalesce(sum(m.mention_count), 0)::integer)
	  INTO v_totals
	  FROM chat_room_members m JOIN chat_rooms r ON r.id = m.room_id
	 WHERE m.account_id = p_account_id AND m.user_id = p_user_id;
	RETURN QUERY
	SELECT json_build_object(
		'id', r.id, 'kind', r.kind, 'name', r.name, 'description', r.description,
		'chatwoot_team_id', r.chatwoot_team_id, 'conversation_display_id', r.conversation_display_id,
		'created_by', r.created_by,
		'created_at', to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'archived_at', to_char(r.archived_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'last_message_seq', r.last_message_seq, 'last_event_seq', r.last_event_seq,
		'last_message_at', to_char(r.last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'last_message_preview', r.last_message_preview,
		'my_role', m.role, 'last_read_seq', m.last_read_seq,
		'unread_count', greatest(r.last_message_seq - m.last_read_seq, 0),
		'mention_count', m.mention_count, 'muted', m.muted, 'notification_level', m.notification_level,
		'dm_user', CASE WHEN r.kind = 'dm' THEN (
			SELECT json_build_object('id', u.id, 'name', u.name, 'avatar_url', u.avatar_url)
			  FROM chat_room_members other JOIN users u ON u.id = other.user_id
			 WHERE other.room_id = r.id AND other.user_id <> p_user_id LIMIT 1) END),
		(extract(epoch FROM CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END)
			* 1000000)::bigint::text,
		v_totals
	  FROM chat_room_members m JOIN chat_rooms r ON r.id = m.room_id
	 WHERE r.account_id = p_account_id AND m.account_id = p_account_id AND m.user_id = p_user_id
	   AND (CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END, r.id)
	       < (v_before_at, v_before_id)
	 ORDER BY CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END DESC, r.id DESC
	 LIMIT p_limit;
END
$$;
