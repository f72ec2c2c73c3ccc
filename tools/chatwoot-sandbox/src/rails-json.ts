/**
 * `to_json` as Rails does it: compact JSON with `<`, `>`, `&`, U+2028 and U+2029 written as `\uXXXX`
 * (ActiveSupport's `escape_html_entities_in_json`). The characters can only occur inside JSON strings,
 * so replacing them in the serialised text is safe. Webhook receivers that re-serialise the parsed
 * body instead of hashing the raw bytes get a different signature, as they would with Chatwoot.
 */
export function railsJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => {
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
