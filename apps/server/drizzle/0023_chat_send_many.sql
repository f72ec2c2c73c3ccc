-- Plain chat sends of one account written together (group commit): one statement, so one round trip and
-- one commit for the batch. The rooms are locked first, in id order, so two batches sharing rooms cannot
-- deadlock; then each send is `chat_send` in arrival order, which answers a refused send (not a member,
-- a repeated client id, an archived room) in its row instead of raising, so one refusal leaves the others
-- stored. `ord` is the send's 1-based position in `p_sends`.
CREATE FUNCTION chat_send_many(p_account_id integer, p_sends jsonb)
RETURNS TABLE (ord integer, is_member boolean, existing_id uuid, seq bigint, event_seq bigint, member_ids json)
LANGUAGE plpgsql AS $$
DECLARE
	v_send record;
BEGIN
	PERFORM 1 FROM chat_rooms r
	 WHERE r.account_id = p_account_id
	   AND r.id IN (SELECT (s.value->>'room_id')::uuid FROM jsonb_array_elements(p_sends) s)
	 ORDER BY r.id FOR UPDATE;
	FOR v_send IN SELECT s.value, s.ordinality FROM jsonb_array_elements(p_sends) WITH ORDINALITY s LOOP
		RETURN QUERY SELECT v_send.ordinality::integer, c.is_member, c.existing_id, c.seq, c.event_seq, c.member_ids
		  FROM chat_send(p_account_id, (v_send.value->>'room_id')::uuid, (v_send.value->>'author_id')::uuid,
		         v_send.value->>'client_id', (v_send.value->>'id')::uuid, v_send.value->>'body',
		         v_send.value->>'preview', NULL, NULL, '{}', (v_send.value->>'at')::timestamptz,
		         v_send.value->'event') c;
	END LOOP;
END
$$;
