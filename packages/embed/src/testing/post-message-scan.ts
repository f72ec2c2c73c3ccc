// Finds postMessage calls whose target origin is the '*' wildcard (any argument after the first, or
// `targetOrigin` in an options object). Used by the repository scan and the bundle test.

export interface StarTarget {
  line: number;
  call: string;
}

const CALL = /\bpostMessage\s*\(/g;
const WILDCARD = /^(['"`])\*\1$/;
const WILDCARD_OPTION = /\btargetOrigin\s*:\s*(['"`])\*\1/;
const MAX_CALL_LENGTH = 4_000;

/** Index just past the string literal that starts at `start`. */
function skipString(text: string, start: number): number {
  const quote = text[start];
  let index = start + 1;
  while (index < text.length && text[index] !== quote) index += text[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** The top-level arguments of the call whose `(` is just before `start`, or null if it never closes. */
function callArguments(text: string, start: number): { args: string[]; end: number } | null {
  const args: string[] = [];
  let depth = 0;
  let from = start;
  let index = start;
  const limit = Math.min(text.length, start + MAX_CALL_LENGTH);
  while (index < limit) {
    const char = text[index];
    const next = text[index + 1];
    if (char === "'" || char === '"' || char === '`') {
      index = skipString(text, index);
      continue;
    }
    if (char === '/' && next === '/') {
      const newline = text.indexOf('\n', index);
      index = newline === -1 ? limit : newline;
      continue;
    }
    if (char === '/' && next === '*') {
      const close = text.indexOf('*/', index + 2);
      index = close === -1 ? limit : close + 2;
      continue;
    }
    if (char === '(' || char === '[' || char === '{') depth += 1;
    else if (char === ')' || char === ']' || char === '}') {
      if (depth === 0) {
        args.push(text.slice(from, index).trim());
        return { args, end: index + 1 };
      }
      depth -= 1;
    } else if (char === ',' && depth === 0) {
      args.push(text.slice(from, index).trim());
      from = index + 1;
    }
    index += 1;
  }
  return null;
}

export function findStarTargets(text: string): StarTarget[] {
  const found: StarTarget[] = [];
  for (const match of text.matchAll(CALL)) {
    const open = (match.index ?? 0) + match[0].length;
    const call = callArguments(text, open);
    if (!call) continue;
    const [, ...targets] = call.args;
    if (targets.some((arg) => WILDCARD.test(arg) || WILDCARD_OPTION.test(arg))) {
      const line = text.slice(0, match.index).split('\n').length;
      found.push({ line, call: text.slice(match.index, call.end) });
    }
  }
  return found;
}
