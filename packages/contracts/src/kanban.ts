import { z } from 'zod';
import { conversationStatuses } from './conversations';
import { safeText } from './text';

/**
 * Kanban boards of Chatwoot conversations (`/api/v1/accounts/:accountId/boards`). Ids named
 * `…inbox_id`, `…team_id` and `conversation_display_id` are Chatwoot's; every other id is the Hub's uuid.
 */

export const KANBAN_NAME_MAX_LENGTH = 120;
export const KANBAN_DESCRIPTION_MAX_LENGTH = 5_000;
export const KANBAN_NOTE_MAX_LENGTH = 10_000;
export const KANBAN_LABEL_MAX_LENGTH = 255;
export const KANBAN_MAX_STAGES = 30;
export const KANBAN_MAX_LOSS_REASONS = 50;
/** The most cards one list request returns; a board larger than this is read page by page. */
export const KANBAN_CARD_PAGE_MAX = 5_000;

export const cardPriorities = ['low', 'medium', 'high', 'urgent'] as const;
export type CardPriority = (typeof cardPriorities)[number];
export const cardOutcomes = ['won', 'lost'] as const;
export type CardOutcome = (typeof cardOutcomes)[number];
export const cardEventTypes = ['create', 'move', 'assign', 'archive', 'reopen', 'update', 'action'] as const;
export type CardEventType = (typeof cardEventTypes)[number];
/** Who made a change: a person, the automation following Chatwoot, or a reconcile catching up. */
export const cardEventCauses = ['user', 'automation', 'reconcile'] as const;
export type CardEventCause = (typeof cardEventCauses)[number];

const time = z.string().nullable();
const chatwootId = z.number().int().positive().max(2_147_483_647);
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f93ff');
const name = safeText().trim().min(1).max(KANBAN_NAME_MAX_LENGTH);
const description = safeText({ multiline: true }).max(KANBAN_DESCRIPTION_MAX_LENGTH);
const label = safeText().trim().min(1).max(KANBAN_LABEL_MAX_LENGTH);
const lossReason = safeText().trim().min(1).max(KANBAN_NAME_MAX_LENGTH);

export const boardStageSchema = z.object({
  id: z.uuid(),
  board_id: z.uuid(),
  name: z.string(),
  colour: z.string(),
  position: z.number(),
  wip_limit: z.number().int().nullable(),
  maps_status: z.enum(conversationStatuses).nullable(),
  maps_label: z.string().nullable(),
  is_in_progress: z.boolean(),
  is_done: z.boolean(),
  sla_hours: z.number().int().nullable(),
  actions: z.array(z.unknown()),
  /** Cards of this stage the caller may see (not archived). */
  card_count: z.number().int(),
});
export type BoardStage = z.infer<typeof boardStageSchema>;

export const boardSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  is_default: z.boolean(),
  filter_inbox_ids: z.array(z.number().int()),
  filter_team_ids: z.array(z.number().int()),
  loss_reasons: z.array(z.string()),
  archived_at: time,
  created_at: z.string(),
  updated_at: z.string(),
  stages: z.array(boardStageSchema),
});
export type Board = z.infer<typeof boardSchema>;
export const boardListSchema = z.object({ boards: z.array(boardSchema) });
export type BoardList = z.infer<typeof boardListSchema>;

const stageFields = {
  name,
  colour: colour.optional(),
  wip_limit: z.number().int().positive().max(100_000).nullable().optional(),
  maps_status: z.enum(conversationStatuses).nullable().optional(),
  maps_label: label.nullable().optional(),
  is_in_progress: z.boolean().optional(),
  is_done: z.boolean().optional(),
  sla_hours: z.number().int().positive().max(100_000).nullable().optional(),
};
const statusOrLabel = (stage: { maps_status?: unknown; maps_label?: unknown }) =>
  stage.maps_status == null || stage.maps_label == null;
const STATUS_OR_LABEL = { message: 'a stage follows a status or a label, not both', path: ['maps_label'] };

export const createBoardStageSchema = z.strictObject(stageFields).refine(statusOrLabel, STATUS_OR_LABEL);
export type CreateBoardStage = z.infer<typeof createBoardStageSchema>;

export const createBoardSchema = z.strictObject({
  name,
  description: description.nullable().optional(),
  is_default: z.boolean().optional(),
  filter_inbox_ids: z.array(chatwootId).max(500).optional(),
  filter_team_ids: z.array(chatwootId).max(500).optional(),
  loss_reasons: z.array(lossReason).max(KANBAN_MAX_LOSS_REASONS).optional(),
  /** The stages, left to right; a board without them starts empty. */
  stages: z.array(createBoardStageSchema).max(KANBAN_MAX_STAGES).optional(),
});
export type CreateBoard = z.infer<typeof createBoardSchema>;

export const updateBoardSchema = z
  .strictObject({
    name: name.optional(),
    description: description.nullable().optional(),
    is_default: z.boolean().optional(),
    filter_inbox_ids: z.array(chatwootId).max(500).optional(),
    filter_team_ids: z.array(chatwootId).max(500).optional(),
    loss_reasons: z.array(lossReason).max(KANBAN_MAX_LOSS_REASONS).optional(),
    archived: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type UpdateBoard = z.infer<typeof updateBoardSchema>;

/** `after_stage_id`: the stage this one goes right after; null puts it first, absent keeps its place (or last when new). */
const stagePlacement = { after_stage_id: z.uuid().nullable().optional() };

export const addBoardStageSchema = z
  .strictObject({ ...stageFields, ...stagePlacement })
  .refine(statusOrLabel, STATUS_OR_LABEL);
export type AddBoardStage = z.infer<typeof addBoardStageSchema>;

export const updateBoardStageSchema = z
  .strictObject({ ...stageFields, name: name.optional(), ...stagePlacement })
  .refine(statusOrLabel, STATUS_OR_LABEL)
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type UpdateBoardStage = z.infer<typeof updateBoardStageSchema>;

export const cardContactSchema = z.object({
  id: z.number().int().nullable(),
  name: z.string().nullable(),
  phone_number: z.string().nullable(),
  email: z.string().nullable(),
});

export const cardSchema = z.object({
  id: z.uuid(),
  board_id: z.uuid(),
  stage_id: z.uuid(),
  position: z.number(),
  title: z.string(),
  description: z.string().nullable(),
  /** Null for a free card. */
  conversation_display_id: z.number().int().nullable(),
  conversation_status: z.enum(conversationStatuses).nullable(),
  /** More conversations of the same contact linked to this card. */
  linked_conversation_display_ids: z.array(z.number().int()),
  contact: cardContactSchema.nullable(),
  inbox_id: z.number().int().nullable(),
  team_id: z.number().int().nullable(),
  assignee_user_id: z.uuid().nullable(),
  labels: z.array(z.string()),
  priority: z.enum(cardPriorities).nullable(),
  due_at: time,
  /** Decimal as a string (two places), so no amount is rounded through a float. */
  value: z.string().nullable(),
  outcome: z.enum(cardOutcomes).nullable(),
  loss_reason: z.string().nullable(),
  custom_attributes: z.record(z.string(), z.unknown()),
  stage_entered_at: z.string(),
  /** A person moved the card: automation leaves it until the conversation's status changes again. */
  manual_stage_until_status_change: z.boolean(),
  /** 1 for the first time the conversation is worked on; each reopening starts the next. */
  cycle: z.number().int(),
  last_activity_at: time,
  first_reply_at: time,
  waiting_since: time,
  sla_breached_at: time,
  /** Grows with every change; of two concurrent moves the one with the higher version is the final one. */
  version: z.number().int(),
  archived_at: time,
  created_at: z.string(),
  updated_at: z.string(),
});
export type Card = z.infer<typeof cardSchema>;

export const cardPageSchema = z.object({
  cards: z.array(cardSchema),
  /** Pass as `cursor` for the next page; null on the last one. */
  next_cursor: z.string().nullable(),
});
export type CardPage = z.infer<typeof cardPageSchema>;

export const cardListQuerySchema = z.strictObject({
  stage_id: z.uuid().optional(),
  /** A user id, or `none` for unassigned cards. */
  assignee: z.union([z.uuid(), z.literal('none')]).optional(),
  inbox_id: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  team_id: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  label: label.optional(),
  /** The card of this Chatwoot conversation (its own or a linked one), for the conversation's stage picker. */
  conversation_display_id: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  /** Words found in the title, description, contact name, phone or email. */
  q: safeText().trim().min(1).max(200).optional(),
  archived: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(KANBAN_CARD_PAGE_MAX).optional(),
  cursor: safeText().max(400).optional(),
});
export type CardListQuery = z.infer<typeof cardListQuerySchema>;

const cardEditableFields = {
  title: name.optional(),
  description: description.nullable().optional(),
  assignee_user_id: z.uuid().nullable().optional(),
  labels: z.array(label).max(100).optional(),
  priority: z.enum(cardPriorities).nullable().optional(),
  due_at: z.iso.datetime({ offset: true }).nullable().optional(),
  value: z
    .string()
    .regex(/^-?\d{1,12}(\.\d{1,2})?$/, 'must be a decimal with at most 12 digits and 2 places')
    .nullable()
    .optional(),
  custom_attributes: z
    .record(safeText().min(1).max(100), z.unknown())
    .refine((value) => JSON.stringify(value).length <= 10_000, { message: 'must be under 10 kB' })
    .optional(),
};

export const createCardSchema = z
  .strictObject({
    ...cardEditableFields,
    stage_id: z.uuid().optional(),
    /** Link a conversation of this account; absent for a free card (then `title` is required). */
    conversation_display_id: chatwootId.optional(),
  })
  .refine((body) => body.conversation_display_id !== undefined || body.title !== undefined, {
    message: 'a free card needs a title',
    path: ['title'],
  });
export type CreateCard = z.infer<typeof createCardSchema>;

export const updateCardSchema = z
  .strictObject({
    ...cardEditableFields,
    /** won or lost closes the card's deal; null reopens it. A loss reason comes from the board's list. */
    outcome: z.enum(cardOutcomes).nullable().optional(),
    loss_reason: lossReason.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type UpdateCard = z.infer<typeof updateCardSchema>;

export const moveCardSchema = z.strictObject({
  stage_id: z.uuid(),
  /** The card this one goes right after in the stage; null puts it on top, absent at the bottom. */
  after_card_id: z.uuid().nullable().optional(),
  /** Administrators may move past a full stage's WIP limit; anyone else gets the 409. */
  override_wip_limit: z.boolean().optional(),
});
export type MoveCard = z.infer<typeof moveCardSchema>;

export const linkCardConversationSchema = z.strictObject({ conversation_display_id: chatwootId });
export type LinkCardConversation = z.infer<typeof linkCardConversationSchema>;

export const cardEventSchema = z.object({
  id: z.uuid(),
  card_id: z.uuid(),
  board_id: z.uuid(),
  type: z.enum(cardEventTypes),
  from_stage_id: z.uuid().nullable(),
  to_stage_id: z.uuid().nullable(),
  actor_user_id: z.uuid().nullable(),
  cause: z.enum(cardEventCauses),
  data: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type CardEvent = z.infer<typeof cardEventSchema>;
export const cardEventListSchema = z.object({ events: z.array(cardEventSchema) });
export type CardEventList = z.infer<typeof cardEventListSchema>;

export const checklistItemSchema = z.object({
  id: z.uuid(),
  card_id: z.uuid(),
  text: z.string(),
  done: z.boolean(),
  position: z.number(),
  required_before_leaving: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export const checklistSchema = z.object({ items: z.array(checklistItemSchema) });

export const createChecklistItemSchema = z.strictObject({
  text: safeText().trim().min(1).max(500),
  required_before_leaving: z.boolean().optional(),
});
export type CreateChecklistItem = z.infer<typeof createChecklistItemSchema>;
export const updateChecklistItemSchema = z
  .strictObject({
    text: safeText().trim().min(1).max(500).optional(),
    done: z.boolean().optional(),
    required_before_leaving: z.boolean().optional(),
    /** The item this one goes right after; null puts it first. */
    after_item_id: z.uuid().nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type UpdateChecklistItem = z.infer<typeof updateChecklistItemSchema>;

export const cardNoteSchema = z.object({
  id: z.uuid(),
  card_id: z.uuid(),
  author_user_id: z.uuid().nullable(),
  body: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type CardNote = z.infer<typeof cardNoteSchema>;
export const cardNoteListSchema = z.object({ notes: z.array(cardNoteSchema) });
export const cardNoteBodySchema = z.strictObject({
  body: safeText({ multiline: true }).trim().min(1).max(KANBAN_NOTE_MAX_LENGTH),
});
export type CardNoteBody = z.infer<typeof cardNoteBodySchema>;

/** Why a move was refused (details of the 409). */
export const kanbanConflictSchema = z.discriminatedUnion('reason', [
  z.object({
    reason: z.literal('wip_limit'),
    stage_id: z.uuid(),
    wip_limit: z.number().int(),
    cards: z.number().int(),
  }),
  z.object({
    reason: z.literal('checklist_required'),
    stage_id: z.uuid(),
    items: z.array(z.object({ id: z.uuid(), text: z.string() })),
  }),
]);
export type KanbanConflict = z.infer<typeof kanbanConflictSchema>;

/**
 * Realtime events (`channels.userEvents`), sent after commit only to the users who may see the card.
 * Each carries its board id, so a client drops events of boards it is not showing; a client keeps, per
 * card, the highest `version` it has seen, so a late event never undoes a newer one.
 */
export const cardRealtimeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('card.created'), board_id: z.uuid(), card: cardSchema }),
  z.object({ type: z.literal('card.updated'), board_id: z.uuid(), card: cardSchema }),
  z.object({
    type: z.literal('card.moved'),
    board_id: z.uuid(),
    from_stage_id: z.uuid(),
    card: cardSchema,
  }),
  z.object({ type: z.literal('card.archived'), board_id: z.uuid(), card: cardSchema }),
  /** A card without history was deleted outright. */
  z.object({ type: z.literal('card.deleted'), board_id: z.uuid(), card_id: z.uuid() }),
  /** Board settings or stages changed: reload the board. */
  z.object({ type: z.literal('board.updated'), board_id: z.uuid() }),
]);
export type CardRealtimeEvent = z.infer<typeof cardRealtimeEventSchema>;
