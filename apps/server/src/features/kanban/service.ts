import type {
  AddBoardStage,
  Board,
  CardRealtimeEvent,
  CreateBoard,
  CreateBoardStage,
  UpdateBoard,
  UpdateBoardStage,
} from '@whatpro/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import type { Database, Tx } from '../../db/database';
import { AppError, conflict, notFound } from '../../errors';
import type { Cache } from '../../infra/cache';
import type { EventBus } from '../../infra/event-bus';
import type { SecretBox } from '../../infra/secrets';
import type { ChatwootClient } from '../../integrations/chatwoot';
import type { Actor } from '../auth/actor';
import { channels, type UserEventsMessage } from '../realtime/events';
import { presentBoard } from './present';
import {
  audienceOf,
  type BoardRow,
  type CardVisibility,
  clearOtherDefaults,
  countCardsOfBoard,
  countVisibleCardsByStage,
  deleteBoard,
  deleteStage,
  findBoard,
  findBoardForRead,
  findStage,
  type InboxScope,
  inboxIdsOf,
  insertBoard,
  insertStage,
  listBoards,
  listStages,
  respaceStages,
  type StageRow,
  stageHasCards,
  stagePositions,
  stagesWithVisibleCounts,
  updateBoard,
  updateStage,
} from './repo';

export interface KanbanDependencies {
  config: Config;
  database: Database;
  bus: EventBus;
  cache: Cache;
  chatwoot: ChatwootClient | undefined;
  secrets: SecretBox;
  log: FastifyBaseLogger;
}

/** Room left between neighbours: a move or insert takes the midpoint, so it is one write. */
export const POSITION_GAP = 1024;

/**
 * The position between two neighbours (either may be absent: top or bottom), or undefined when they are
 * too close for a distinct midpoint and the column must be spread out first.
 */
export function positionBetween(before: number | undefined, after: number | undefined): number | undefined {
  if (before === undefined && after === undefined) return POSITION_GAP;
  if (before === undefined) return (after as number) - POSITION_GAP;
  if (after === undefined) return before + POSITION_GAP;
  const middle = (before + after) / 2;
  return after - before > 1e-6 && middle > before && middle < after ? middle : undefined;
}

export const badRequest = (message: string, details?: unknown) =>
  new AppError(400, 'bad_request', message, details);

/** Which cards the actor sees: administrators (and the operator) all, others those of their inboxes and free cards. */
export function visibilityOf(actor: Actor): CardVisibility {
  if (actor.type !== 'user') return { seesAll: false, userId: null };
  return { seesAll: actor.isSuperAdmin || actor.role === 'admin', userId: actor.userId };
}

/** `visibilityOf` with the inboxes looked up, for the statements built per call. */
export async function scopeOf(tx: Tx, actor: Actor, accountId: number): Promise<InboxScope> {
  const { seesAll, userId } = visibilityOf(actor);
  if (seesAll) return { all: true };
  return { all: false, inboxIds: userId === null ? [] : await inboxIdsOf(tx, accountId, userId) };
}

export const actorUserId = (actor: Actor) => (actor.type === 'user' ? actor.userId : null);

/** A realtime event and who may receive it, decided inside the transaction that caused it. */
export interface Delivery {
  userIds: string[];
  event: CardRealtimeEvent;
}

/** Publishes after commit; a bus failure never undoes what was committed. */
export async function publish(
  deps: Pick<KanbanDependencies, 'bus' | 'log'>,
  accountId: number,
  deliveries: Delivery[],
) {
  for (const delivery of deliveries) {
    if (delivery.userIds.length === 0) continue;
    const message: UserEventsMessage = {
      account_id: accountId,
      user_ids: delivery.userIds,
      event: delivery.event,
    };
    await deps.bus
      .publish(channels.userEvents, message)
      .catch((error: Error) => deps.log.warn({ err: error }, 'kanban realtime publish failed'));
  }
}

/** Everyone who reads the account's boards hears that a board changed (its cards are scoped on reload). */
async function boardUpdated(tx: Tx, accountId: number, boardId: string): Promise<Delivery> {
  return {
    userIds: await audienceOf(tx, accountId, null),
    event: { type: 'board.updated', board_id: boardId },
  };
}

async function boardView(
  tx: Tx,
  accountId: number,
  board: BoardRow,
  visibility: CardVisibility,
): Promise<Board> {
  const { stages, counts } = await stagesWithVisibleCounts(tx, accountId, board.id, visibility);
  return presentBoard(board, stages, counts);
}

export async function listBoardsFor(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  includeArchived: boolean,
): Promise<Board[]> {
  return deps.database.tenant(accountId, async (tx) => {
    const scope = await scopeOf(tx, actor, accountId);
    const rows = await listBoards(tx, accountId, includeArchived);
    const ids = rows.map((row) => row.id);
    const stages = await listStages(tx, accountId, ids);
    const counts = await countVisibleCardsByStage(tx, accountId, ids, scope);
    return rows.map((row) =>
      presentBoard(
        row,
        stages.filter((stage) => stage.boardId === row.id),
        counts,
      ),
    );
  });
}

/** A read whose statements need no common snapshot (a stage added in between shows on the next read). */
export async function getBoard(deps: KanbanDependencies, actor: Actor, accountId: number, boardId: string) {
  return deps.database.tenantAutocommit(accountId, async (tx) => {
    const board = await findBoardForRead(tx, accountId, boardId);
    if (!board) throw notFound('Board');
    return boardView(tx, accountId, board, visibilityOf(actor));
  });
}

function checkStageMappings(stages: { maps_status?: string | null; maps_label?: string | null }[]) {
  const statuses = stages.map((stage) => stage.maps_status).filter((value) => value != null);
  const labels = stages.map((stage) => stage.maps_label).filter((value) => value != null);
  if (new Set(statuses).size !== statuses.length) {
    throw badRequest('Each Chatwoot status can lead to one stage of a board only');
  }
  if (new Set(labels).size !== labels.length)
    throw badRequest('Each label can lead to one stage of a board only');
}

const stageValues = (stage: CreateBoardStage) => ({
  name: stage.name,
  ...(stage.colour ? { colour: stage.colour.toLowerCase() } : {}),
  wipLimit: stage.wip_limit ?? null,
  mapsStatus: stage.maps_status ?? null,
  mapsLabel: stage.maps_label ?? null,
  isInProgress: stage.is_in_progress ?? false,
  isDone: stage.is_done ?? false,
  slaHours: stage.sla_hours ?? null,
});

/** Creates a board and its stages in one transaction; the tenant's other default board stops being default. */
export async function createBoard(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  input: CreateBoard,
): Promise<Board> {
  checkStageMappings(input.stages ?? []);
  const { board, delivery } = await deps.database.tenant(accountId, async (tx) => {
    const created = await insertBoardWithStages(tx, accountId, input);
    return {
      board: await boardView(tx, accountId, created, visibilityOf(actor)),
      delivery: await boardUpdated(tx, accountId, created.id),
    };
  });
  await publish(deps, accountId, [delivery]);
  return board;
}

export async function insertBoardWithStages(tx: Tx, accountId: number, input: CreateBoard) {
  const board = await insertBoard(tx, accountId, {
    name: input.name,
    description: input.description ?? null,
    isDefault: false,
    filterInboxIds: input.filter_inbox_ids ?? [],
    filterTeamIds: input.filter_team_ids ?? [],
    lossReasons: input.loss_reasons ?? [],
  });
  let position = 0;
  for (const stage of input.stages ?? []) {
    position += POSITION_GAP;
    await insertStage(tx, accountId, { boardId: board.id, position, ...stageValues(stage) });
  }
  if (!input.is_default) return board;
  await clearOtherDefaults(tx, accountId, board.id);
  return (await updateBoard(tx, accountId, board.id, { isDefault: true })) ?? board;
}

export async function changeBoard(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  input: UpdateBoard,
): Promise<Board> {
  const { board, delivery } = await deps.database.tenant(accountId, async (tx) => {
    const current = await findBoard(tx, accountId, boardId, true);
    if (!current) throw notFound('Board');
    if (input.is_default) await clearOtherDefaults(tx, accountId, boardId);
    const updated = await updateBoard(tx, accountId, boardId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.is_default !== undefined ? { isDefault: input.is_default } : {}),
      ...(input.filter_inbox_ids !== undefined ? { filterInboxIds: input.filter_inbox_ids } : {}),
      ...(input.filter_team_ids !== undefined ? { filterTeamIds: input.filter_team_ids } : {}),
      ...(input.loss_reasons !== undefined ? { lossReasons: input.loss_reasons } : {}),
      ...(input.archived !== undefined
        ? { archivedAt: input.archived ? (current.archivedAt ?? new Date()) : null }
        : {}),
    });
    return {
      board: await boardView(tx, accountId, updated ?? current, visibilityOf(actor)),
      delivery: await boardUpdated(tx, accountId, boardId),
    };
  });
  await publish(deps, accountId, [delivery]);
  return board;
}

/** Only an empty board is deleted; one with cards is archived instead, so its history stays. */
export async function removeBoard(deps: KanbanDependencies, accountId: number, boardId: string) {
  const delivery = await deps.database.tenant(accountId, async (tx) => {
    const board = await findBoard(tx, accountId, boardId, true);
    if (!board) throw notFound('Board');
    if ((await countCardsOfBoard(tx, accountId, boardId)) > 0) {
      throw conflict('This board has cards: archive it instead (PATCH with archived: true)');
    }
    const message = await boardUpdated(tx, accountId, boardId);
    await deleteBoard(tx, accountId, boardId);
    return message;
  });
  await publish(deps, accountId, [delivery]);
}

/** Where a stage goes: right after `afterStageId` (null: first; undefined: last). */
async function stagePosition(
  tx: Tx,
  accountId: number,
  boardId: string,
  afterStageId: string | null | undefined,
  movingStageId?: string,
): Promise<number> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const others = (await stagePositions(tx, accountId, boardId)).filter(
      (stage) => stage.id !== movingStageId,
    );
    let index = others.length;
    if (afterStageId === null) index = 0;
    else if (afterStageId !== undefined) {
      const anchor = others.findIndex((stage) => stage.id === afterStageId);
      if (anchor < 0) throw notFound('Stage to place after');
      index = anchor + 1;
    }
    const position = positionBetween(others[index - 1]?.position, others[index]?.position);
    if (position !== undefined) return position;
    await respaceStages(tx, accountId, boardId, POSITION_GAP);
  }
  throw new Error('stage positions could not be spread out');
}

function mergedMapping(stage: StageRow | undefined, input: UpdateBoardStage | AddBoardStage) {
  const mapsStatus = input.maps_status !== undefined ? input.maps_status : (stage?.mapsStatus ?? null);
  const mapsLabel = input.maps_label !== undefined ? input.maps_label : (stage?.mapsLabel ?? null);
  if (mapsStatus !== null && mapsLabel !== null) {
    throw badRequest('A stage follows a Chatwoot status or a label, not both: clear the other one');
  }
  return { mapsStatus, mapsLabel };
}

async function checkMappingFree(
  tx: Tx,
  accountId: number,
  boardId: string,
  stageId: string | undefined,
  mapping: { mapsStatus: string | null; mapsLabel: string | null },
) {
  const stages = (await listStages(tx, accountId, [boardId])).filter((stage) => stage.id !== stageId);
  if (mapping.mapsStatus && stages.some((stage) => stage.mapsStatus === mapping.mapsStatus)) {
    throw conflict(`Another stage of this board already follows the status ${mapping.mapsStatus}`);
  }
  if (mapping.mapsLabel && stages.some((stage) => stage.mapsLabel === mapping.mapsLabel)) {
    throw conflict(`Another stage of this board already follows the label ${mapping.mapsLabel}`);
  }
}

export async function addStage(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  input: AddBoardStage,
): Promise<Board> {
  const { board, delivery } = await deps.database.tenant(accountId, async (tx) => {
    const current = await findBoard(tx, accountId, boardId, true);
    if (!current) throw notFound('Board');
    const mapping = mergedMapping(undefined, input);
    await checkMappingFree(tx, accountId, boardId, undefined, mapping);
    const position = await stagePosition(tx, accountId, boardId, input.after_stage_id);
    await insertStage(tx, accountId, { boardId, position, ...stageValues(input) });
    return {
      board: await boardView(tx, accountId, current, visibilityOf(actor)),
      delivery: await boardUpdated(tx, accountId, boardId),
    };
  });
  await publish(deps, accountId, [delivery]);
  return board;
}

export async function changeStage(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  stageId: string,
  input: UpdateBoardStage,
): Promise<Board> {
  const { board, delivery } = await deps.database.tenant(accountId, async (tx) => {
    const current = await findBoard(tx, accountId, boardId, true);
    if (!current) throw notFound('Board');
    const stage = await findStage(tx, accountId, boardId, stageId);
    if (!stage) throw notFound('Stage');
    const mapping = mergedMapping(stage, input);
    await checkMappingFree(tx, accountId, boardId, stageId, mapping);
    await updateStage(tx, accountId, stageId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.colour !== undefined ? { colour: input.colour.toLowerCase() } : {}),
      ...(input.wip_limit !== undefined ? { wipLimit: input.wip_limit } : {}),
      ...(input.is_in_progress !== undefined ? { isInProgress: input.is_in_progress } : {}),
      ...(input.is_done !== undefined ? { isDone: input.is_done } : {}),
      ...(input.sla_hours !== undefined ? { slaHours: input.sla_hours } : {}),
      ...mapping,
      ...(input.after_stage_id !== undefined
        ? { position: await stagePosition(tx, accountId, boardId, input.after_stage_id, stageId) }
        : {}),
    });
    return {
      board: await boardView(tx, accountId, current, visibilityOf(actor)),
      delivery: await boardUpdated(tx, accountId, boardId),
    };
  });
  await publish(deps, accountId, [delivery]);
  return board;
}

/** A stage that still holds cards (archived ones too: their history points at it) is not deleted. */
export async function removeStage(
  deps: KanbanDependencies,
  actor: Actor,
  accountId: number,
  boardId: string,
  stageId: string,
): Promise<Board> {
  const { board, delivery } = await deps.database.tenant(accountId, async (tx) => {
    const current = await findBoard(tx, accountId, boardId, true);
    if (!current) throw notFound('Board');
    const stage = await findStage(tx, accountId, boardId, stageId, true);
    if (!stage) throw notFound('Stage');
    if (await stageHasCards(tx, accountId, stageId)) {
      throw conflict('This stage holds cards: move them to another stage first');
    }
    await deleteStage(tx, accountId, stageId);
    return {
      board: await boardView(tx, accountId, current, visibilityOf(actor)),
      delivery: await boardUpdated(tx, accountId, boardId),
    };
  });
  await publish(deps, accountId, [delivery]);
  return board;
}
