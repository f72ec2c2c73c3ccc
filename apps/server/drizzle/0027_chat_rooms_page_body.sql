-- The room list's first and next pages as the whole response body, `{"rooms":[…],"total":{…},"next_cursor":…}`,
-- written exactly as the Hub's JSON.stringify of the validated page wrote it (keys in the schema's order, no
-- spaces, timestamps as `toISOString()`, strings escaped by to_json, whose escapes are JSON.stringify's), so the
-- Hub sends it as it comes. Returning each room as a row cost the Hub a JSON.parse of each room and of the badge
-- totals repeated on every row, then the response schema's check and JSON.stringify of the page again, and
-- PostgreSQL the totals written 51 times and json_build_object's lookup of each value's type.
-- Everything else is 0026's: the statements are planned once per connection (plan_cache_mode), a user in 100
-- rooms or more has the page walked by `chat_rooms_activity` and the totals hashed, a user in fewer has both
-- read from their member rows with each room by its key (sequential scans off until then), and SECURITY
-- INVOKER keeps it under the tenant's row-level security. It reads one row past the page to tell whether a next
-- one exists; the totals come with every page, the empty page past the last room included.
DROP FUNCTION chat_rooms_page(integer, uuid, integer, bigint, uuid);--> statement-breakpoint
CREATE FUNCTION chat_rooms_page(
	p_account_id integer, p_user_id uuid, p_limit integer, p_before_micros bigint, p_before_id uuid
) RETURNS text
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
AS $$
DECLARE
	v_rooms integer;
	v_totals text;
	v_body text;
	v_before_at timestamptz := CASE WHEN p_before_id IS NULL THEN timestamptz 'infinity'
		ELSE timestamptz 'epoch' + p_before_micros * interval '1 microsecond' END;
	v_before_id uuid := coalesce(p_before_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
BEGIN
	-- At most 100 index entries, so the gate costs little however many rooms the user is in (see 0026).
	SELECT count(*)::integer INTO v_rooms FROM (
		SELECT 1 FROM chat_room_members m WHERE m.account_id = p_account_id AND m.user_id = p_user_id LIMIT 100
	) gate;
	IF v_rooms < 100 THEN
		SELECT '{"unread_count":' || coalesce(sum(CASE WHEN m.muted THEN 0 ELSE greatest(r.last_message_seq - m.last_read_seq, 0) END), 0)::integer
			|| ',"mention_count":' || coalesce(sum(m.mention_count), 0)::integer || '}'
		  INTO v_totals
		  FROM chat_room_members m
		 CROSS JOIN LATERAL (SELECT r.last_message_seq FROM chat_rooms r WHERE r.id = m.room_id LIMIT 1) r
		 WHERE m.account_id = p_account_id AND m.user_id = p_user_id;
		SELECT '{"rooms":[' || coalesce(string_agg(page.room, ',' ORDER BY page.n) FILTER (WHERE page.n <= p_limit), '')
			|| '],"total":' || v_totals || ',"next_cursor":' || CASE WHEN count(*) > p_limit
				THEN '"' || max((extract(epoch FROM page.activity) * 1000000)::bigint || '_' || page.id) FILTER (WHERE page.n = p_limit) || '"'
				ELSE 'null' END || '}'
		  INTO v_body
		  FROM (
			SELECT '{"id":"' || r.id || '","kind":"' || r.kind || '","name":' || coalesce(to_json(r.name)::text, 'null')
					|| ',"description":' || coalesce(to_json(r.description)::text, 'null')
					|| ',"chatwoot_team_id":' || coalesce(r.chatwoot_team_id::text, 'null')
					|| ',"conversation_display_id":' || coalesce(r.conversation_display_id::text, 'null')
					|| ',"created_by":' || coalesce('"' || r.created_by || '"', 'null')
					|| ',"created_at":"' || to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
					|| '","archived_at":' || coalesce('"' || to_char(r.archived_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')
					|| ',"last_message_seq":' || r.last_message_seq || ',"last_event_seq":' || r.last_event_seq
					|| ',"last_message_at":' || coalesce('"' || to_char(r.last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')
					|| ',"last_message_preview":' || coalesce(to_json(r.last_message_preview)::text, 'null')
					|| ',"my_role":"' || m.role || '","last_read_seq":' || m.last_read_seq
					|| ',"unread_count":' || greatest(r.last_message_seq - m.last_read_seq, 0)
					|| ',"mention_count":' || m.mention_count || ',"muted":' || m.muted
					|| ',"notification_level":"' || m.notification_level || '","dm_user":' || coalesce(CASE WHEN r.kind = 'dm' THEN (
						SELECT '{"id":"' || u.id || '","name":' || to_json(u.name)::text
							|| ',"avatar_url":' || coalesce(to_json(u.avatar_url)::text, 'null') || '}'
						  FROM chat_room_members other JOIN users u ON u.id = other.user_id
						 WHERE other.room_id = r.id AND other.user_id <> p_user_id LIMIT 1) END, 'null') || '}' AS room,
				CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END AS activity, r.id,
				row_number() OVER (ORDER BY CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END DESC, r.id DESC) AS n
			  FROM chat_room_members m
			 CROSS JOIN LATERAL (SELECT * FROM chat_rooms r WHERE r.id = m.room_id AND r.account_id = p_account_id LIMIT 1) r
			 WHERE m.account_id = p_account_id AND m.user_id = p_user_id
			   AND (CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END, r.id) < (v_before_at, v_before_id)
			 ORDER BY CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END DESC, r.id DESC
			 LIMIT p_limit + 1
		  ) page;
		RETURN v_body;
	END IF;
	-- The totals of a user in many rooms read the account's rooms whole.
	PERFORM set_config('enable_seqscan', 'on', true);
	SELECT '{"unread_count":' || coalesce(sum(CASE WHEN m.muted THEN 0 ELSE greatest(r.last_message_seq - m.last_read_seq, 0) END), 0)::integer
		|| ',"mention_count":' || coalesce(sum(m.mention_count), 0)::integer || '}'
	  INTO v_totals
	  FROM chat_room_members m JOIN chat_rooms r ON r.id = m.room_id
	 WHERE m.account_id = p_account_id AND m.user_id = p_user_id;
	SELECT '{"rooms":[' || coalesce(string_agg(page.room, ',' ORDER BY page.n) FILTER (WHERE page.n <= p_limit), '')
		|| '],"total":' || v_totals || ',"next_cursor":' || CASE WHEN count(*) > p_limit
			THEN '"' || max((extract(epoch FROM page.activity) * 1000000)::bigint || '_' || page.id) FILTER (WHERE page.n = p_limit) || '"'
			ELSE 'null' END || '}'
	  INTO v_body
	  FROM (
		SELECT '{"id":"' || r.id || '","kind":"' || r.kind || '","name":' || coalesce(to_json(r.name)::text, 'null')
				|| ',"description":' || coalesce(to_json(r.description)::text, 'null')
				|| ',"chatwoot_team_id":' || coalesce(r.chatwoot_team_id::text, 'null')
				|| ',"conversation_display_id":' || coalesce(r.conversation_display_id::text, 'null')
				|| ',"created_by":' || coalesce('"' || r.created_by || '"', 'null')
				|| ',"created_at":"' || to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
				|| '","archived_at":' || coalesce('"' || to_char(r.archived_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')
				|| ',"last_message_seq":' || r.last_message_seq || ',"last_event_seq":' || r.last_event_seq
				|| ',"last_message_at":' || coalesce('"' || to_char(r.last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')
				|| ',"last_message_preview":' || coalesce(to_json(r.last_message_preview)::text, 'null')
				|| ',"my_role":"' || m.role || '","last_read_seq":' || m.last_read_seq
				|| ',"unread_count":' || greatest(r.last_message_seq - m.last_read_seq, 0)
				|| ',"mention_count":' || m.mention_count || ',"muted":' || m.muted
				|| ',"notification_level":"' || m.notification_level || '","dm_user":' || coalesce(CASE WHEN r.kind = 'dm' THEN (
					SELECT '{"id":"' || u.id || '","name":' || to_json(u.name)::text
						|| ',"avatar_url":' || coalesce(to_json(u.avatar_url)::text, 'null') || '}'
					  FROM chat_room_members other JOIN users u ON u.id = other.user_id
					 WHERE other.room_id = r.id AND other.user_id <> p_user_id LIMIT 1) END, 'null') || '}' AS room,
			CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END AS activity, r.id,
			row_number() OVER (ORDER BY CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END DESC, r.id DESC) AS n
		  FROM chat_room_members m JOIN chat_rooms r ON r.id = m.room_id
		 WHERE r.account_id = p_account_id AND m.account_id = p_account_id AND m.user_id = p_user_id
		   AND (CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END, r.id) < (v_before_at, v_before_id)
		 ORDER BY CASE WHEN r.last_message_at IS NULL THEN r.created_at ELSE r.last_message_at END DESC, r.id DESC
		 LIMIT p_limit + 1
	  ) page;
	RETURN v_body;
END
$$;
