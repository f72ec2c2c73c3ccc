import type { PresenceStatus } from '@whatpro/contracts';
import type { Redis } from 'ioredis';

/** A user's status in one account across every tab on every node, with its per-user version. */
export interface PresenceState {
  status: PresenceStatus;
  version: number;
}

export interface PresenceChange extends PresenceState {
  accountId: number;
  userId: string;
}

/**
 * Where presence is kept. Each node reports its own aggregate per user (online when any of its
 * connections is, away when all of them are, offline when it has none) and gets back the user's status
 * across nodes. In process there is one node; with Redis each node heartbeats, a node that stops is
 * swept by the others (its users' entries removed and their new status announced), and a node that was
 * swept while cut off from Redis reports its users again.
 */
export interface PresenceStore {
  report(accountId: number, userId: string, status: PresenceStatus): Promise<PresenceState>;
  list(accountId: number): Promise<PresenceChange[]>;
  /**
   * Runs every few seconds: the node's heartbeat and the sweep of dead nodes. Answers the changes to
   * announce, and whether this node had been swept (so the caller reports its users again).
   */
  heartbeat(): Promise<{ changes: PresenceChange[]; swept: boolean }>;
  /** Removes this node's entries at shutdown, answering the changes to announce. */
  leave(): Promise<PresenceChange[]>;
}

export function createMemoryPresence(): PresenceStore {
  const states = new Map<number, Map<string, PresenceState>>();
  return {
    async report(accountId, userId, status) {
      let users = states.get(accountId);
      if (!users) {
        users = new Map();
        states.set(accountId, users);
      }
      const state = { status, version: (users.get(userId)?.version ?? 0) + 1 };
      users.set(userId, state);
      return state;
    },
    async list(accountId) {
      return [...(states.get(accountId) ?? [])]
        .filter(([, state]) => state.status !== 'offline')
        .map(([userId, state]) => ({ accountId, userId, ...state }));
    },
    async heartbeat() {
      return { changes: [], swept: false };
    },
    async leave() {
      return [];
    },
  };
}

const NODES = 'hub:presence:nodes';
const userKey = (accountId: number, userId: string) => `hub:presence:u:${accountId}:${userId}`;
const accountKey = (accountId: number) => `hub:presence:a:${accountId}`;
const nodeKey = (nodeId: string) => `hub:presence:n:${nodeId}`;
/** An offline user's version outlives them by a day, so a quick return still counts upwards. */
const VERSION_TTL_MS = 86_400_000;

/**
 * The status of one user hash (fields: node id → that node's status, and `v`, the version), counting only
 * nodes whose heartbeat is recent. Shared by the scripts below.
 */
const STATUS_OF = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function status_of(fields, since)
  local status = 'offline'
  local version = 0
  local present = false
  for i = 1, #fields, 2 do
    local field, value = fields[i], fields[i + 1]
    if field == 'v' then
      version = tonumber(value)
    else
      present = true
      local beat = redis.call('ZSCORE', '${NODES}', field)
      if beat and tonumber(beat) >= since then
        if value == 'online' then status = 'online' elseif status ~= 'online' then status = 'away' end
      end
    end
  end
  return status, version, present
end
`;

/** KEYS: user hash, account set, node set. ARGV: node, status, account:user, user, node timeout (ms). */
const REPORT = `${STATUS_OF}
if ARGV[2] == 'offline' then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('SREM', KEYS[3], ARGV[3])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('SADD', KEYS[3], ARGV[3])
end
local status, _, present = status_of(redis.call('HGETALL', KEYS[1]), now_ms() - tonumber(ARGV[5]))
local version = redis.call('HINCRBY', KEYS[1], 'v', 1)
if present then
  redis.call('PERSIST', KEYS[1])
  redis.call('SADD', KEYS[2], ARGV[4])
else
  redis.call('PEXPIRE', KEYS[1], ${VERSION_TTL_MS})
  redis.call('SREM', KEYS[2], ARGV[4])
end
return {status, version}
`;

/** KEYS: account set. ARGV: account id, node timeout (ms). Answers user, status, version triples. */
const LIST = `${STATUS_OF}
local since = now_ms() - tonumber(ARGV[2])
local out = {}
for _, user in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local status, version = status_of(redis.call('HGETALL', 'hub:presence:u:' .. ARGV[1] .. ':' .. user), since)
  if status ~= 'offline' then
    table.insert(out, user)
    table.insert(out, status)
    table.insert(out, version)
  end
end
return out
`;

/**
 * ARGV: node, node timeout (ms). Beats for this node (answering 1 when it had been swept or is new) and
 * takes the dead nodes off the list: whoever removes a node sweeps its users, so each is swept once.
 */
const HEARTBEAT = `${STATUS_OF}
local now = now_ms()
local added = redis.call('ZADD', '${NODES}', now, ARGV[1])
local dead = redis.call('ZRANGEBYSCORE', '${NODES}', '-inf', '(' .. (now - tonumber(ARGV[2])))
local taken = {}
for _, node in ipairs(dead) do
  if redis.call('ZREM', '${NODES}', node) == 1 then table.insert(taken, node) end
end
return {added, taken}
`;

export interface RedisPresenceOptions {
  nodeId: string;
  /** A node whose last heartbeat is older than this counts as gone. */
  nodeTimeoutMs: number;
}

export function createRedisPresence(
  redis: Redis,
  { nodeId, nodeTimeoutMs }: RedisPresenceOptions,
): PresenceStore {
  const report = async (node: string, accountId: number, userId: string, status: PresenceStatus) => {
    const [current, version] = (await redis.eval(
      REPORT,
      3,
      userKey(accountId, userId),
      accountKey(accountId),
      nodeKey(node),
      node,
      status,
      `${accountId}:${userId}`,
      userId,
      nodeTimeoutMs,
    )) as [PresenceStatus, number];
    return { status: current, version: Number(version) };
  };

  /** Removes every entry of a node, answering each user's status without it. */
  const removeNode = async (node: string): Promise<PresenceChange[]> => {
    const changes: PresenceChange[] = [];
    for (const member of await redis.smembers(nodeKey(node))) {
      const separator = member.indexOf(':');
      const accountId = Number(member.slice(0, separator));
      const userId = member.slice(separator + 1);
      changes.push({ accountId, userId, ...(await report(node, accountId, userId, 'offline')) });
    }
    await redis.del(nodeKey(node));
    return changes;
  };

  return {
    report: (accountId, userId, status) => report(nodeId, accountId, userId, status),
    async list(accountId) {
      const flat = (await redis.eval(LIST, 1, accountKey(accountId), accountId, nodeTimeoutMs)) as (
        | string
        | number
      )[];
      const users: PresenceChange[] = [];
      for (let i = 0; i < flat.length; i += 3) {
        users.push({
          accountId,
          userId: String(flat[i]),
          status: flat[i + 1] as PresenceStatus,
          version: Number(flat[i + 2]),
        });
      }
      return users;
    },
    async heartbeat() {
      const [added, dead] = (await redis.eval(HEARTBEAT, 0, nodeId, nodeTimeoutMs)) as [number, string[]];
      const changes: PresenceChange[] = [];
      for (const node of dead) changes.push(...(await removeNode(node)));
      return { changes, swept: added === 1 };
    },
    async leave() {
      await redis.zrem(NODES, nodeId);
      return removeNode(nodeId);
    },
  };
}
