import { z } from 'zod';
import { safeText } from './text';

/**
 * Board metrics, SLA breaches, stage actions, time rules and reminders: what the Kanban adds on top of
 * boards, stages and cards (`kanban.ts`). Durations are seconds; times are ISO 8601 in UTC; days and
 * weeks are UTC days and ISO weeks (Monday). The definitions are in docs/KANBAN.md.
 */

const id = z.number().int().positive().max(2_147_483_647);
const labelName = safeText()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, - and _ only, as Chatwoot labels');
/** `{{contact.name}}`, `{{card.title}}` and `{{stage.name}}` are filled in when the action runs. */
const template = safeText({ multiline: true }).trim().min(1).max(4000);

/** What a stage does when a card enters it (in order); each runs once per entry. */
export const stageActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('add_labels'), labels: z.array(labelName).min(1).max(20) }),
  z.strictObject({ type: z.literal('remove_labels'), labels: z.array(labelName).min(1).max(20) }),
  /** A Chatwoot agent id; null unassigns. */
  z.strictObject({ type: z.literal('assign_agent'), agent_id: id.nullable() }),
  /** A Chatwoot team id; null removes the team. */
  z.strictObject({ type: z.literal('assign_team'), team_id: id.nullable() }),
  z.strictObject({ type: z.literal('private_note'), template }),
  z.strictObject({ type: z.literal('message'), template }),
  /** POSTs the card as JSON, signed like Chatwoot signs its webhooks (see docs/KANBAN.md). */
  z.strictObject({ type: z.literal('webhook'), url: z.url({ protocol: /^https?$/ }).max(2048) }),
]);
export type StageAction = z.infer<typeof stageActionSchema>;
export const stageActionsSchema = z.array(stageActionSchema).max(10);
export const stageActionsBodySchema = z.strictObject({ actions: stageActionsSchema });
export const stageActionTypes = stageActionSchema.options.map((option) => option.shape.type.value);

/** A run being executed shows as `pending`. */
export const actionRunStatuses = ['pending', 'succeeded', 'failed', 'skipped'] as const;
export type ActionRunStatus = (typeof actionRunStatuses)[number];

export const actionRunSchema = z.object({
  id: z.uuid(),
  card_id: z.uuid(),
  stage_id: z.uuid(),
  /** The card event (an entry into the stage) the run belongs to: one run per action and entry. */
  card_event_id: z.uuid(),
  action_index: z.number().int(),
  action: stageActionSchema,
  status: z.enum(actionRunStatuses),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});
export type ActionRun = z.infer<typeof actionRunSchema>;
export const actionRunListSchema = z.object({ runs: z.array(actionRunSchema) });

// ----------------------------------------------------------------------------------------------
// Metrics

const isoDateTime = z.iso.datetime({ offset: true });
/** At most a year per request: the daily series stay small and the query stays fast. */
export const METRICS_MAX_RANGE_DAYS = 366;

export const metricsQuerySchema = z
  .strictObject({
    /** Inclusive; 30 days before `to` when omitted. */
    from: isoDateTime.optional(),
    /** Exclusive; now when omitted. */
    to: isoDateTime.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: '`from` must be before `to`',
    path: ['from'],
  })
  .refine(
    (q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= METRICS_MAX_RANGE_DAYS * 86_400_000,
    { message: `the range may span at most ${METRICS_MAX_RANGE_DAYS} days`, path: ['to'] },
  );
export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

export const metricsCsvQuerySchema = z.strictObject({
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  /** Only the cards now in this stage of the board. */
  stage_id: z.uuid().optional(),
});

const seconds = z.number().nullable();
/** Count, average and percentiles (continuous, as PostgreSQL's `percentile_cont`) of durations in seconds. */
export const durationStatsSchema = z.object({
  count: z.number().int(),
  average: seconds,
  p50: seconds,
  p85: seconds,
});
export type DurationStats = z.infer<typeof durationStatsSchema>;

/**
 * The fixed bucket bounds, in hours, of the lead and cycle time distribution: bucket 0 holds durations
 * under the first bound, bucket i those from bound i-1 (included) to bound i (excluded), the last one
 * everything from the last bound up (under 1 h, 1–4 h, 4–8 h, 8–24 h, 1–3 days, 3–7 days, 1–2 weeks,
 * 2–4 weeks (30 days), longer). Fixed so the same board reads the same way month after month.
 */
export const METRICS_DISTRIBUTION_EDGES_HOURS = [1, 4, 8, 24, 72, 168, 336, 720] as const;

export const boardMetricsSchema = z.object({
  board_id: z.uuid(),
  from: z.string(),
  to: z.string(),
  /** Whether the numbers cover only the cards of the inboxes the caller belongs to. */
  restricted_to_visible_cards: z.boolean(),
  lead_time: durationStatsSchema,
  cycle_time: durationStatsSchema,
  /**
   * How the completions of the range spread over duration buckets: one count per bucket, in the order
   * of `edges_hours` (`METRICS_DISTRIBUTION_EDGES_HOURS`, one more bucket than bounds).
   */
  distribution: z.object({
    edges_hours: z.array(z.number()),
    lead_time: z.array(z.number().int()),
    cycle_time: z.array(z.number().int()),
  }),
  time_in_stage: z.array(
    z.object({ stage_id: z.uuid(), stage_name: z.string() }).extend(durationStatsSchema.shape),
  ),
  throughput: z.object({
    total: z.number().int(),
    per_day: z.array(z.object({ day: z.string(), completed: z.number().int() })),
    per_week: z.array(z.object({ week: z.string(), completed: z.number().int() })),
  }),
  ageing_wip: z.array(
    z.object({
      stage_id: z.uuid(),
      stage_name: z.string(),
      cards: z.number().int(),
      average_age: seconds,
      p85_age: seconds,
      oldest_age: seconds,
    }),
  ),
  cumulative_flow: z.object({
    stages: z.array(z.object({ stage_id: z.uuid(), stage_name: z.string() })),
    /** One row per UTC day: the cards in each stage at the end of that day, in `stages` order. */
    days: z.array(z.object({ day: z.string(), counts: z.array(z.number().int()) })),
  }),
  outcomes: z.object({
    won: z.number().int(),
    lost: z.number().int(),
    open: z.number().int(),
    win_rate: z.number().nullable(),
    loss_reasons: z.array(z.object({ reason: z.string().nullable(), cards: z.number().int() })),
  }),
  conversion: z.object({
    cohort: z.number().int(),
    stages: z.array(
      z.object({
        stage_id: z.uuid(),
        stage_name: z.string(),
        reached: z.number().int(),
        share_of_cohort: z.number().nullable(),
        won: z.number().int(),
      }),
    ),
  }),
  by_inbox: z.array(
    z.object({
      chatwoot_inbox_id: z.number().int().nullable(),
      completed: z.number().int(),
      lead_time: durationStatsSchema,
      wip: z.number().int(),
    }),
  ),
  by_assignee: z.array(
    z.object({
      user_id: z.uuid().nullable(),
      completed: z.number().int(),
      lead_time: durationStatsSchema,
      wip: z.number().int(),
    }),
  ),
});
export type BoardMetrics = z.infer<typeof boardMetricsSchema>;

// ----------------------------------------------------------------------------------------------
// SLA

export const slaBreachSchema = z.object({
  card_id: z.uuid(),
  title: z.string(),
  stage_id: z.uuid(),
  stage_name: z.string(),
  sla_hours: z.number(),
  stage_entered_at: z.string(),
  sla_breached_at: z.string(),
  assignee_user_id: z.uuid().nullable(),
  conversation_display_id: z.number().int().nullable(),
});
export type SlaBreach = z.infer<typeof slaBreachSchema>;
export const slaBreachListSchema = z.object({ breaches: z.array(slaBreachSchema) });

// ----------------------------------------------------------------------------------------------
// Time rules

export const timeRuleKinds = ['in_stage', 'waiting_reply'] as const;
export type TimeRuleKind = (typeof timeRuleKinds)[number];

const timeRuleFields = {
  /** `in_stage`: hours since the card entered the stage; `waiting_reply`: hours the contact has waited. */
  kind: z.enum(timeRuleKinds),
  stage_id: z.uuid(),
  hours: z
    .number()
    .positive()
    .max(24 * 365),
  move_to_stage_id: z.uuid().nullable(),
  notify_assignee: z.boolean(),
  enabled: z.boolean(),
};
export const createTimeRuleSchema = z
  .strictObject({ ...timeRuleFields, enabled: timeRuleFields.enabled.default(true) })
  .refine((rule) => rule.move_to_stage_id !== null || rule.notify_assignee, {
    message: 'a rule moves the card, notifies the assignee, or both',
    path: ['notify_assignee'],
  })
  .refine((rule) => rule.move_to_stage_id !== rule.stage_id, {
    message: 'a rule moves the card to another stage',
    path: ['move_to_stage_id'],
  });
export const timeRuleSchema = z.object({
  id: z.uuid(),
  board_id: z.uuid(),
  ...timeRuleFields,
  created_at: z.string(),
});
export type TimeRule = z.infer<typeof timeRuleSchema>;
export type CreateTimeRule = z.infer<typeof createTimeRuleSchema>;
/** Any of a rule's fields; the rule as changed must still move or notify, to another stage of its board. */
export const updateTimeRuleSchema = z
  .strictObject(timeRuleFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one field' });
export type UpdateTimeRule = z.infer<typeof updateTimeRuleSchema>;
export const timeRuleListSchema = z.object({ rules: z.array(timeRuleSchema) });

// ----------------------------------------------------------------------------------------------
// Stage-webhook signing key

/** The account's key as listed: never the key itself, only its last characters. */
export const webhookKeySchema = z.object({
  /** `…` and the key's last 4 characters; null before the key's first use. */
  key_hint: z.string().nullable(),
  created_at: z.string().nullable(),
  /** When the key last changed (created or rotated). */
  updated_at: z.string().nullable(),
});
export type WebhookKey = z.infer<typeof webhookKeySchema>;
/** The key in full, answered by an explicit (audited) reveal or a rotation. */
export const webhookKeyRevealSchema = webhookKeySchema.extend({ key: z.string() });
export type WebhookKeyReveal = z.infer<typeof webhookKeyRevealSchema>;

// ----------------------------------------------------------------------------------------------
// Reminders

export const cardReminderSchema = z.object({
  id: z.uuid(),
  card_id: z.uuid(),
  /** Who gets the notice when it is due. */
  user_id: z.uuid(),
  created_by: z.uuid().nullable(),
  note: z.string().nullable(),
  due_at: z.string(),
  /** When the notice went out; null while pending. */
  sent_at: z.string().nullable(),
  created_at: z.string(),
});
export type CardReminder = z.infer<typeof cardReminderSchema>;
export const cardReminderListSchema = z.object({ reminders: z.array(cardReminderSchema) });
export const createCardReminderSchema = z.strictObject({
  due_at: isoDateTime,
  note: safeText({ multiline: true }).trim().min(1).max(1000).optional(),
  /** Default: the card's assignee, else the author. */
  user_id: z.uuid().optional(),
});
export type CreateCardReminder = z.infer<typeof createCardReminderSchema>;

// ----------------------------------------------------------------------------------------------
// Notices to one user (on `channels.userEvents`)

export const cardNoticeReasons = ['sla_breached', 'time_rule', 'reminder_due'] as const;
export type CardNoticeReason = (typeof cardNoticeReasons)[number];

/** A card needs its assignee: its stage SLA passed, a time rule fired, or a reminder fell due. */
export const cardNoticeEventSchema = z.object({
  type: z.literal('card.notice'),
  board_id: z.uuid(),
  card_id: z.uuid(),
  reason: z.enum(cardNoticeReasons),
  title: z.string(),
  /** The reminder's text, or what the rule saw ("12 h in Negociação"). */
  detail: z.string(),
  at: z.string(),
});
export type CardNoticeEvent = z.infer<typeof cardNoticeEventSchema>;
