import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { and, eq } from 'drizzle-orm';
import {
  accountUsers,
  chatwootConnections,
  conversations,
  domainEvents,
  inboxes,
  inboxMembers,
  teamMembers,
  teams,
} from '../../db/schema';
import { FULL_RECONCILE_JOB, jobDefinitions, RECONCILE_JOB, startInProcessJobs } from '../../jobs/jobs';
import { type TestApp, testConfig } from '../../test/app';
import type { TestTenant } from '../../test/factories';
import { eventually } from '../../test/net';
import { connectToSandbox, createSandboxTenant, listeningHubFor, webhooksSettled } from '../../test/sandbox';
import { reconcileConversations } from './reconcile';

const ACCOUNT = 1;

const job = (name: string) => {
  const definition = jobDefinitions.find((candidate) => candidate.name === name);
  assert.ok(definition, name);
  return definition;
};

describe('reconcile: the changes no webhook reported, from Chatwoot through the connection', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let acme: TestTenant;

  before(async () => {
    sandbox = await startSandbox();
    t = await listeningHubFor(sandbox);
    acme = await createSandboxTenant(t.app, sandbox, ACCOUNT, {
      admin: 'ana.admin@acme.test',
      agent: 'bruno.agent@acme.test',
    });
    await connectToSandbox(t.app, acme);
    // The conversations Chatwoot had before the Hub was connected.
    await reconcileConversations(t.app.deps, ACCOUNT);
  });
  after(async () => {
    await t.close();
    await sandbox.close();
  });

  const settled = () => webhooksSettled(t.app, sandbox, ACCOUNT);
  const periodicReconcile = () => job(RECONCILE_JOB).run(t.app.deps, {});

  const mirrorRow = async (displayId: number) => {
    const [row] = await t.app.deps.database.system
      .select()
      .from(conversations)
      .where(and(eq(conversations.accountId, ACCOUNT), eq(conversations.displayId, displayId)));
    return row;
  };
  const eventsOf = (displayId: number) =>
    t.app.deps.database.system
      .select()
      .from(domainEvents)
      .where(and(eq(domainEvents.accountId, ACCOUNT), eq(domainEvents.conversationDisplayId, displayId)));
  const chatwootConversation = (displayId: number) =>
    sandbox.state.db.conversations.find(
      (conversation) => conversation.account_id === ACCOUNT && conversation.display_id === displayId,
    )!;

  /**
   * The facts of one conversation without what differs between two conversations (ids, times): an
   * activity is named by its kind and the position of its message in the conversation.
   */
  async function factsOf(displayId: number) {
    const messageIds = sandbox.state.db.messages
      .filter(
        (message) =>
          message.conversation_id === chatwootConversation(displayId).id &&
          message.message_type !== 'activity',
      )
      .map((message) => message.id);
    return (await eventsOf(displayId))
      .map((event) => {
        const data = event.payload as Record<string, unknown>;
        const fact =
          event.type === 'conversation.activity'
            ? { kind: data.kind, message: messageIds.indexOf(data.message_id as number) }
            : event.type === 'conversation.created'
              ? {}
              : data;
        return JSON.stringify([event.type, fact]);
      })
      .sort();
  }
  /** What Chatwoot owns, checked against Chatwoot itself for the times. */
  async function stateOf(displayId: number) {
    const row = await mirrorRow(displayId);
    assert.ok(row);
    const chatwoot = chatwootConversation(displayId);
    assert.equal(row.sourceUpdatedAt.getTime(), Math.round(chatwoot.updated_at * 1000));
    assert.equal(row.lastActivityAt?.getTime(), chatwoot.last_activity_at * 1000);
    return {
      status: row.status,
      inbox: row.chatwootInboxId,
      assignee: [row.assigneeId, row.assigneeName],
      team: [row.teamId, row.teamName],
      labels: row.labels,
      priority: row.priority,
      contact: row.contactName,
      times: [row.lastIncomingAt, row.lastOutgoingAt, row.lastNoteAt, row.firstReplyAt].map(Boolean),
    };
  }

  /**
   * create → pending → open → assign → label → reply → note → resolved → reopened, live through the
   * sandbox; `afterLabels` runs once the labels step has been delivered (or not).
   */
  async function sequence(options: { beforeLabels?: () => void; afterLabels?: () => Promise<void> } = {}) {
    const bruno = sandbox.state.db.users.find((user) => user.email === 'bruno.agent@acme.test')!;
    const inbox = sandbox.state.db.inboxMembers.find((member) => member.user_id === bruno.id)!.inbox_id;
    const { id: displayId } = sandbox.control.createConversation({
      accountId: ACCOUNT,
      inboxId: inbox,
      contact: { name: 'Maria Cliente' },
      message: 'Oi, quero um orçamento',
    }) as { id: number };
    await settled();
    const step = async (action: () => unknown) => {
      action();
      await settled();
    };
    await step(() =>
      sandbox.control.setConversationStatus({ accountId: ACCOUNT, displayId, status: 'pending' }),
    );
    await step(() =>
      sandbox.control.setConversationStatus({ accountId: ACCOUNT, displayId, status: 'open' }),
    );
    await step(() =>
      sandbox.control.assignConversation({ accountId: ACCOUNT, displayId, assigneeId: bruno.id }),
    );
    options.beforeLabels?.();
    const labelled = await fetch(
      `${sandbox.url}/api/v1/accounts/${ACCOUNT}/conversations/${displayId}/labels`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', api_access_token: 'sandbox-token-ana-admin' },
        body: JSON.stringify({ labels: ['orcamento', 'vip'] }),
      },
    );
    assert.equal(labelled.status, 200);
    await settled();
    await options.afterLabels?.();
    await step(() =>
      sandbox.control.postMessage({ accountId: ACCOUNT, displayId, type: 'outgoing', content: 'Claro!' }),
    );
    await step(() =>
      sandbox.control.postMessage({ accountId: ACCOUNT, displayId, type: 'private', content: 'cliente vip' }),
    );
    await step(() =>
      sandbox.control.setConversationStatus({ accountId: ACCOUNT, displayId, status: 'resolved' }),
    );
    await step(() =>
      sandbox.control.postMessage({
        accountId: ACCOUNT,
        displayId,
        type: 'incoming',
        content: 'Mais uma coisa',
      }),
    );
    return displayId;
  }

  test('the reconcile runs as often as RECONCILE_INTERVAL_MINUTES says, and fully once a night', () => {
    const cron = job(RECONCILE_JOB).cron;
    assert.equal(typeof cron === 'function' ? cron(testConfig()) : cron, '*/5 * * * *');
    assert.equal(
      typeof cron === 'function' ? cron(testConfig({ RECONCILE_INTERVAL_MINUTES: '2' })) : cron,
      '*/2 * * * *',
    );
    const nightly = job(FULL_RECONCILE_JOB).cron;
    assert.equal(typeof nightly === 'function' ? nightly(testConfig()) : nightly, '37 2 * * *');
    assert.equal(
      typeof nightly === 'function' ? nightly(testConfig({ FULL_RECONCILE_AT: '23:05' })) : nightly,
      '5 23 * * *',
    );
  });

  test('with the labels webhook dropped, the periodic reconcile recovers it: same row and same events as full delivery', async () => {
    const full = await sequence();
    const fullFacts = await factsOf(full);
    const fullState = await stateOf(full);
    assert.equal(fullFacts.length, 11);

    let labelledAt = 0;
    const dropped = await sequence({
      beforeLabels: () => sandbox.control.dropDeliveries({ event: 'conversation_updated' }),
      afterLabels: async () => {
        const displayId = Math.max(
          ...sandbox.state.db.conversations
            .filter((conversation) => conversation.account_id === ACCOUNT)
            .map((conversation) => conversation.display_id),
        );
        labelledAt = chatwootConversation(displayId).updated_at;
        assert.deepEqual((await mirrorRow(displayId))?.labels, [], 'the labels webhook was not delivered');
        assert.ok(!(await factsOf(displayId)).some((fact) => fact.includes('labels_changed')));
        await periodicReconcile();
        const [labels] = (await eventsOf(displayId)).filter(
          (event) => event.type === 'conversation.labels_changed',
        );
        assert.deepEqual(labels?.payload, { added: ['orcamento', 'vip'], removed: [] });
        assert.equal(
          labels?.occurredAt.getTime(),
          Math.round(labelledAt * 1000),
          "Chatwoot's time of the change",
        );
      },
    });
    assert.ok(labelledAt > 0);
    assert.deepEqual(await factsOf(dropped), fullFacts);
    assert.deepEqual(await stateOf(dropped), fullState);

    // Everything is in the mirror now: another run finds nothing, for either conversation.
    const before = (await eventsOf(full)).length + (await eventsOf(dropped)).length;
    const again = await reconcileConversations(t.app.deps, ACCOUNT);
    assert.equal(again.events, 0);
    assert.equal(again.changes, 0);
    assert.equal((await eventsOf(full)).length + (await eventsOf(dropped)).length, before);
  });

  test('a conversation changed while no webhook arrived at all is brought up to date with its events, and the cursor moves', async () => {
    const [{ cursor: previous } = { cursor: null }] = await t.app.deps.database.system
      .select({ cursor: chatwootConnections.conversationsReconciledAt })
      .from(chatwootConnections)
      .where(eq(chatwootConnections.accountId, ACCOUNT));
    assert.ok(previous, 'the previous run left a cursor');
    const [target] = await t.app.deps.database.system
      .select()
      .from(conversations)
      .where(and(eq(conversations.accountId, ACCOUNT), eq(conversations.status, 'open')));
    assert.ok(target);
    sandbox.control.dropDeliveries({ event: 'conversation_status_changed' });
    sandbox.control.dropDeliveries({ event: 'conversation_updated' });
    sandbox.control.setConversationStatus({
      accountId: ACCOUNT,
      displayId: target.displayId,
      status: 'resolved',
    });
    await settled();
    assert.equal((await mirrorRow(target.displayId))?.status, 'open');

    const result = await reconcileConversations(t.app.deps, ACCOUNT);
    assert.equal(result.changes, 1);
    assert.equal(result.events, 1);
    assert.equal((await mirrorRow(target.displayId))?.status, 'resolved');
    const statusEvents = (await eventsOf(target.displayId)).filter(
      (event) => event.type === 'conversation.status_changed',
    );
    assert.deepEqual(statusEvents.at(-1)?.payload, { from: 'open', to: 'resolved' });
    const [{ cursor } = { cursor: null }] = await t.app.deps.database.system
      .select({ cursor: chatwootConnections.conversationsReconciledAt })
      .from(chatwootConnections)
      .where(eq(chatwootConnections.accountId, ACCOUNT));
    assert.ok(cursor && cursor > previous);
  });

  test("teams and their members follow Chatwoot, and a conversation's team keeps its current name", async () => {
    const { system } = t.app.deps.database;
    const bruno = sandbox.state.db.users.find((user) => user.email === 'bruno.agent@acme.test')!;
    const created = sandbox.control.createTeam({
      accountId: ACCOUNT,
      name: 'Pós-venda',
      description: 'Trocas',
      memberIds: [bruno.id],
    }) as { id: number; name: string };
    const [conversation] = await system
      .select()
      .from(conversations)
      .where(and(eq(conversations.accountId, ACCOUNT), eq(conversations.status, 'open')));
    assert.ok(conversation);
    sandbox.control.assignConversation({
      accountId: ACCOUNT,
      displayId: conversation.displayId,
      teamId: created.id,
    });
    await settled();
    await periodicReconcile();

    const remoteTeams = sandbox.state.db.teams.filter((team) => team.account_id === ACCOUNT);
    const storedTeams = await system.select().from(teams).where(eq(teams.accountId, ACCOUNT));
    assert.deepEqual(
      storedTeams.map((team) => [team.chatwootTeamId, team.name, team.description]).sort(),
      remoteTeams.map((team) => [team.id, team.name, team.description]).sort(),
    );
    const memberships = async () =>
      (await system.select().from(teamMembers).where(eq(teamMembers.accountId, ACCOUNT)))
        .map((member) => `${member.chatwootTeamId}:${member.chatwootUserId}`)
        .sort();
    const remoteMemberships = () =>
      sandbox.state.db.teamMembers
        .filter((member) => remoteTeams.some((team) => team.id === member.team_id))
        .map((member) => `${member.team_id}:${member.user_id}`)
        .sort();
    assert.deepEqual(await memberships(), remoteMemberships());
    assert.ok((await memberships()).includes(`${created.id}:${bruno.id}`));
    assert.deepEqual(
      [
        (await mirrorRow(conversation.displayId))?.teamId,
        (await mirrorRow(conversation.displayId))?.teamName,
      ],
      [created.id, created.name],
    );

    // Chatwoot sends no team events: a rename, a member leaving and a deleted team reach the Hub by reconcile.
    sandbox.state.db.teams.find((team) => team.id === created.id)!.name = 'Pós-venda e trocas';
    const leaving = sandbox.state.db.teamMembers.findIndex(
      (member) => member.team_id === created.id && member.user_id === bruno.id,
    );
    sandbox.state.db.teamMembers.splice(leaving, 1);
    const removed = remoteTeams.find((team) => team.id !== created.id)!;
    sandbox.state.db.teams.splice(sandbox.state.db.teams.indexOf(removed), 1);
    await periodicReconcile();

    const after = await system.select().from(teams).where(eq(teams.accountId, ACCOUNT));
    assert.ok(!after.some((team) => team.chatwootTeamId === removed.id));
    assert.equal(after.find((team) => team.chatwootTeamId === created.id)?.name, 'Pós-venda e trocas');
    assert.ok(!(await memberships()).includes(`${created.id}:${bruno.id}`));
    assert.ok(!(await memberships()).some((member) => member.startsWith(`${removed.id}:`)));
    assert.equal((await mirrorRow(conversation.displayId))?.teamName, 'Pós-venda e trocas');
  });

  test('without pg-boss (JOBS_ENABLED=false) the reconcile runs in process, at start and then every interval', async () => {
    const [target] = await t.app.deps.database.system
      .select()
      .from(conversations)
      .where(and(eq(conversations.accountId, ACCOUNT), eq(conversations.status, 'resolved')));
    assert.ok(target);
    sandbox.control.dropDeliveries({ event: 'conversation_status_changed' });
    sandbox.control.dropDeliveries({ event: 'conversation_updated' });
    sandbox.control.setConversationStatus({
      accountId: ACCOUNT,
      displayId: target.displayId,
      status: 'open',
    });
    await settled();
    assert.equal((await mirrorRow(target.displayId))?.status, 'resolved');

    const jobs = startInProcessJobs({ deps: t.app.deps, definitions: [job(RECONCILE_JOB)] });
    try {
      await eventually(async () =>
        (await mirrorRow(target.displayId))?.status === 'open' ? true : undefined,
      );
      // Once this run has finished, the next one waits for the interval.
      await eventually(async () => ((await jobs.queueSizes())[RECONCILE_JOB] === 1 ? true : undefined));
    } finally {
      await jobs.stop();
    }
  });

  test('the nightly full reconcile removes from the mirror the conversations Chatwoot no longer has', async () => {
    const listed = sandbox.state.db.conversations.filter(
      (conversation) => conversation.account_id === ACCOUNT,
    );
    const gone = listed.at(-1)!;
    assert.ok(await mirrorRow(gone.display_id));
    sandbox.state.db.conversations.splice(sandbox.state.db.conversations.indexOf(gone), 1);

    await periodicReconcile();
    assert.ok(await mirrorRow(gone.display_id), 'an incremental run cannot see deletions');
    await job(FULL_RECONCILE_JOB).run(t.app.deps, {});
    assert.equal(await mirrorRow(gone.display_id), undefined);
    const kept = await t.app.deps.database.system
      .select({ displayId: conversations.displayId })
      .from(conversations)
      .where(eq(conversations.accountId, ACCOUNT));
    assert.deepEqual(
      kept.map((row) => row.displayId).sort((a, b) => a - b),
      listed
        .filter((conversation) => conversation !== gone)
        .map((conversation) => conversation.display_id)
        .sort((a, b) => a - b),
    );
  });

  test('without pg-boss the nightly full reconcile runs in process at FULL_RECONCILE_AT and removes what Chatwoot removed: conversations, inboxes, agents, teams', async () => {
    const { system } = t.app.deps.database;
    const bruno = sandbox.state.db.users.find((user) => user.email === 'bruno.agent@acme.test')!;
    const inbox = sandbox.control.createInbox({
      accountId: ACCOUNT,
      name: 'Inbox encerrado',
      channelType: 'Channel::Api',
    }) as { id: number };
    await settled();
    const { id: inInbox } = sandbox.control.createConversation({
      accountId: ACCOUNT,
      inboxId: inbox.id,
      contact: { name: 'Cliente do inbox encerrado' },
      message: 'Olá',
    }) as { id: number };
    await settled();
    const deletedAlone = sandbox.state.db.conversations.find(
      (conversation) => conversation.account_id === ACCOUNT && conversation.inbox_id !== inbox.id,
    )!;
    const team = sandbox.state.db.teams.find((candidate) => candidate.account_id === ACCOUNT)!;
    assert.ok(await mirrorRow(inInbox));
    assert.ok(await mirrorRow(deletedAlone.display_id));
    const hubInbox = () =>
      system
        .select()
        .from(inboxes)
        .where(and(eq(inboxes.accountId, ACCOUNT), eq(inboxes.chatwootInboxId, inbox.id)));
    assert.equal((await hubInbox()).length, 1);
    assert.equal((await system.select().from(teams).where(eq(teams.chatwootTeamId, team.id))).length, 1);
    const brunoSeat = () =>
      system
        .select()
        .from(accountUsers)
        .where(and(eq(accountUsers.accountId, ACCOUNT), eq(accountUsers.userId, acme.users.agent.id)));
    assert.equal((await brunoSeat()).length, 1);

    // Chatwoot sends no webhook for any of these: an inbox deleted with its conversations, a conversation
    // deleted alone, a team deleted, an agent removed from the account.
    const db = sandbox.state.db;
    db.inboxes = db.inboxes.filter((candidate) => candidate.id !== inbox.id);
    db.inboxMembers = db.inboxMembers.filter((member) => member.inbox_id !== inbox.id);
    db.conversations = db.conversations.filter(
      (conversation) => conversation.inbox_id !== inbox.id && conversation !== deletedAlone,
    );
    db.teamMembers = db.teamMembers.filter((member) => member.team_id !== team.id);
    db.teams = db.teams.filter((candidate) => candidate !== team);
    sandbox.control.removeAgent({ accountId: ACCOUNT, userId: bruno.id });

    // The in-process scheduler, with a clock 50 ms before the configured time of day.
    const { hour, minute } = t.app.deps.config.fullReconcileAt;
    const started = Date.now();
    const due = Date.UTC(2026, 2, 10, hour, minute);
    const clock = () => due - 50 + (Date.now() - started);
    const jobs = startInProcessJobs({ deps: t.app.deps, definitions: [job(FULL_RECONCILE_JOB)], clock });
    try {
      assert.ok(await mirrorRow(deletedAlone.display_id), 'not run at start');
      await eventually(async () => ((await mirrorRow(deletedAlone.display_id)) ? undefined : true));
      await eventually(async () => ((await jobs.queueSizes())[FULL_RECONCILE_JOB] === 1 ? true : undefined));
    } finally {
      await jobs.stop();
    }
    assert.equal(await mirrorRow(inInbox), undefined, "the deleted inbox's conversation");
    assert.deepEqual(await hubInbox(), []);
    assert.deepEqual(
      await system
        .select()
        .from(inboxMembers)
        .where(and(eq(inboxMembers.accountId, ACCOUNT), eq(inboxMembers.chatwootInboxId, inbox.id))),
      [],
    );
    assert.deepEqual(await system.select().from(teams).where(eq(teams.chatwootTeamId, team.id)), []);
    assert.deepEqual(
      await system.select().from(teamMembers).where(eq(teamMembers.chatwootTeamId, team.id)),
      [],
    );
    assert.deepEqual(await brunoSeat(), [], 'the removed agent lost the account');
    const kept = await system
      .select({ displayId: conversations.displayId })
      .from(conversations)
      .where(eq(conversations.accountId, ACCOUNT));
    assert.deepEqual(
      kept.map((row) => row.displayId).sort((a, b) => a - b),
      db.conversations
        .filter((conversation) => conversation.account_id === ACCOUNT)
        .map((conversation) => conversation.display_id)
        .sort((a, b) => a - b),
    );
  });
});
