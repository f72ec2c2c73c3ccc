import { describe, expect, it } from 'vitest';
import { roomRights } from './rights';

describe('roomRights', () => {
  it('lets owners manage and change roles, moderators only manage, members neither', () => {
    expect(roomRights('agent', { kind: 'team', my_role: 'owner' })).toEqual({
      manage: true,
      changeRoles: true,
    });
    expect(roomRights('agent', { kind: 'team', my_role: 'moderator' })).toEqual({
      manage: true,
      changeRoles: false,
    });
    expect(roomRights('agent', { kind: 'team', my_role: 'member' })).toEqual({
      manage: false,
      changeRoles: false,
    });
  });

  it('gives account administrators both in any room they are in, but a supervisor member neither', () => {
    expect(roomRights('admin', { kind: 'team', my_role: 'member' })).toEqual({
      manage: true,
      changeRoles: true,
    });
    expect(roomRights('supervisor', { kind: 'team', my_role: 'member' })).toEqual({
      manage: false,
      changeRoles: false,
    });
  });

  it('gives nothing in a DM or to a role that cannot write', () => {
    expect(roomRights('admin', { kind: 'dm', my_role: 'owner' })).toEqual({
      manage: false,
      changeRoles: false,
    });
    expect(roomRights('viewer', { kind: 'team', my_role: 'owner' })).toEqual({
      manage: false,
      changeRoles: false,
    });
  });
});
