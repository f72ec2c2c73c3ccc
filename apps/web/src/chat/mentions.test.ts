import { chatMentionPattern } from '@whatpro/contracts';
import { describe, expect, it } from 'vitest';
import {
  applyMention,
  decodeMentions,
  encodeMentions,
  matchMentionCandidates,
  mentionQueryAt,
} from './mentions';

describe('mentionQueryAt', () => {
  it('finds the @word under the caret, including an empty one just typed', () => {
    expect(mentionQueryAt('oi @an', 6)).toEqual({ start: 3, end: 6, query: 'an' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(mentionQueryAt('veja (@jo', 9)).toEqual({ start: 6, end: 9, query: 'jo' });
  });

  it('ignores e-mail addresses and words the caret has left', () => {
    expect(mentionQueryAt('ana@example.com', 15)).toBeNull();
    expect(mentionQueryAt('@ana disse', 10)).toBeNull();
  });

  it('covers the rest of the token after the caret so a pick replaces it whole', () => {
    expect(mentionQueryAt('oi @anaxx tudo', 6)).toEqual({ start: 3, end: 9, query: 'an' });
  });
});

describe('applyMention', () => {
  it('replaces the token and puts the caret after one space', () => {
    const text = 'oi @an tudo bem';
    const mention = mentionQueryAt(text, 6);
    if (!mention) throw new Error('expected a mention');
    expect(applyMention(text, mention, '@ana.souza')).toEqual({ text: 'oi @ana.souza tudo bem', caret: 14 });
  });
});

describe('matchMentionCandidates', () => {
  const people = [{ name: 'Bruno Lima' }, { name: 'João Ana' }, { name: 'Ana Souza' }, { name: 'Carla' }];

  it('matches whole-name prefixes first, then any word, ignoring case and accents', () => {
    expect(matchMentionCandidates(people, 'ANA').map((p) => p.name)).toEqual(['Ana Souza', 'João Ana']);
    expect(matchMentionCandidates(people, 'joao').map((p) => p.name)).toEqual(['João Ana']);
  });

  it('lists everyone for an empty query, up to the limit', () => {
    expect(matchMentionCandidates(people, '', 2)).toHaveLength(2);
  });
});

describe('encodeMentions / decodeMentions', () => {
  const markup = (name: string, id: string) => `@[${name}](${id})`;
  const ana = { id: 'a0000000-0000-4000-8000-000000000001', name: 'Ana Souza' };
  const an = { id: 'a0000000-0000-4000-8000-000000000009', name: 'Ana' };

  it('writes picked names as mention markup, longest first, and leaves other @ words alone', () => {
    expect(encodeMentions('oi @Ana Souza e @Ana, e @Zé', [an, ana], markup)).toBe(
      `oi @[Ana Souza](${ana.id}) e @[Ana](${an.id}), e @Zé`,
    );
  });

  it('round-trips through decode for editing', () => {
    const body = `oi @[Ana Souza](${ana.id})!`;
    const decoded = decodeMentions(body, chatMentionPattern);
    expect(decoded).toEqual({ text: 'oi @Ana Souza!', picked: [ana] });
    expect(encodeMentions(decoded.text, decoded.picked, markup)).toBe(body);
  });
});
