import type { Board, BoardStage, Card, CardEvent, CardNote, ChecklistItem } from '@whatpro/contracts';
import type { BoardRow, CardEventRow, CardRow, ChecklistItemRow, NoteRow, StageRow } from './repo';

const iso = (value: Date | null) => value?.toISOString() ?? null;

export function presentStage(row: StageRow, cardCount: number): BoardStage {
  return {
    id: row.id,
    board_id: row.boardId,
    name: row.name,
    colour: row.colour,
    position: row.position,
    wip_limit: row.wipLimit,
    maps_status: row.mapsStatus,
    maps_label: row.mapsLabel,
    is_in_progress: row.isInProgress,
    is_done: row.isDone,
    sla_hours: row.slaHours,
    actions: row.actions,
    card_count: cardCount,
  };
}

export function presentBoard(row: BoardRow, stages: StageRow[], counts: Map<string, number>): Board {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    is_default: row.isDefault,
    filter_inbox_ids: row.filterInboxIds,
    filter_team_ids: row.filterTeamIds,
    loss_reasons: row.lossReasons,
    archived_at: iso(row.archivedAt),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    stages: stages.map((stage) => presentStage(stage, counts.get(stage.id) ?? 0)),
  };
}

export function presentCard(row: CardRow, linked: readonly number[] = []): Card {
  const hasContact =
    row.contactId !== null ||
    row.contactName !== null ||
    row.contactPhone !== null ||
    row.contactEmail !== null;
  return {
    id: row.id,
    board_id: row.boardId,
    stage_id: row.stageId,
    position: row.position,
    title: row.title,
    description: row.description,
    conversation_display_id: row.conversationDisplayId,
    conversation_status: row.conversationStatus as Card['conversation_status'],
    linked_conversation_display_ids: [...linked],
    contact: hasContact
      ? { id: row.contactId, name: row.contactName, phone_number: row.contactPhone, email: row.contactEmail }
      : null,
    inbox_id: row.inboxId,
    team_id: row.teamId,
    assignee_user_id: row.assigneeUserId,
    labels: row.labels,
    priority: row.priority,
    due_at: iso(row.dueAt),
    value: row.value,
    outcome: row.outcome,
    loss_reason: row.lossReason,
    custom_attributes: row.customAttributes,
    stage_entered_at: row.stageEnteredAt.toISOString(),
    manual_stage_until_status_change: row.manualStageUntilStatusChange,
    cycle: row.cycle,
    last_activity_at: iso(row.lastActivityAt),
    first_reply_at: iso(row.firstReplyAt),
    waiting_since: iso(row.waitingSince),
    sla_breached_at: iso(row.slaBreachedAt),
    version: row.version,
    archived_at: iso(row.archivedAt),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function presentCardEvent(row: CardEventRow): CardEvent {
  return {
    id: row.id,
    card_id: row.cardId,
    board_id: row.boardId,
    type: row.type,
    from_stage_id: row.fromStageId,
    to_stage_id: row.toStageId,
    actor_user_id: row.actorUserId,
    cause: row.cause,
    data: row.data,
    at: row.at.toISOString(),
  };
}

export function presentChecklistItem(row: ChecklistItemRow): ChecklistItem {
  return {
    id: row.id,
    card_id: row.cardId,
    text: row.text,
    done: row.done,
    position: row.position,
    required_before_leaving: row.requiredBeforeLeaving,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function presentNote(row: NoteRow): CardNote {
  return {
    id: row.id,
    card_id: row.cardId,
    author_user_id: row.authorUserId,
    body: row.body,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
