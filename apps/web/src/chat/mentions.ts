/** The `@word` being typed at the caret, if any: where it starts and what follows the `@` so far. */
export interface MentionQuery {
  start: number;
  end: number;
  query: string;
}

/** An `@` opens a mention only at the start or after whitespace or an opening bracket, so e-mail addresses do not. */
const MENTION_BEFORE_CARET = /(^|[\s([{])@([^\s@]{0,40})$/u;

export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const match = MENTION_BEFORE_CARET.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  const start = caret - query.length - 1;
  // The token runs on past the caret until whitespace: picking a suggestion replaces all of it.
  const after = /^[^\s@]*/u.exec(text.slice(caret))?.[0] ?? '';
  return { start, end: caret + after.length, query };
}

/** Replaces the token with `insert` and a trailing space; returns the new text and where the caret goes. */
export function applyMention(
  text: string,
  mention: MentionQuery,
  insert: string,
): { text: string; caret: number } {
  const next = `${text.slice(0, mention.start)}${insert} ${text.slice(mention.end).replace(/^ /, '')}`;
  return { text: next, caret: mention.start + insert.length + 1 };
}

/** Case- and accent-insensitive, so "joao" finds "João". */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** Up to `limit` candidates whose name or any word of it starts with the query; prefix matches of the whole name first. */
export function matchMentionCandidates<T extends { name: string }>(
  candidates: readonly T[],
  query: string,
  limit = 8,
): T[] {
  const folded = foldForSearch(query);
  const whole: T[] = [];
  const word: T[] = [];
  for (const candidate of candidates) {
    const name = foldForSearch(candidate.name);
    if (name.startsWith(folded)) whole.push(candidate);
    else if (name.split(/\s+/).some((part) => part.startsWith(folded))) word.push(candidate);
  }
  return [...whole, ...word].slice(0, limit);
}

export interface PickedMention {
  id: string;
  name: string;
}

/**
 * The composer shows `@Name`; what is sent is `@[Name](id)` for each colleague picked from the suggestions.
 * Longer names first, so "@Ana Souza" is not taken as "@Ana" followed by text.
 */
export function encodeMentions(
  text: string,
  picked: readonly PickedMention[],
  markup: (name: string, id: string) => string,
): string {
  let encoded = text;
  for (const mention of [...picked].sort((a, b) => b.name.length - a.name.length)) {
    const pattern = new RegExp(
      `(^|[^\\w\\[])@${mention.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`,
      'gu',
    );
    encoded = encoded.replace(
      pattern,
      (_match, before: string) => `${before}${markup(mention.name, mention.id)}`,
    );
  }
  return encoded;
}

/** The other way, to edit a sent message: its markup back to `@Name`, and the mentions it held. */
export function decodeMentions(body: string, pattern: RegExp): { text: string; picked: PickedMention[] } {
  const picked = new Map<string, PickedMention>();
  const text = body.replace(
    new RegExp(pattern.source, pattern.flags),
    (_markup, name: string, id: string) => {
      picked.set(id.toLowerCase(), { id: id.toLowerCase(), name });
      return `@${name}`;
    },
  );
  return { text, picked: [...picked.values()] };
}
