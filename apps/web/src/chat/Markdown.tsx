import { chatMentionPattern } from '@whatpro/contracts';
import { type ComponentProps, createContext, useContext } from 'react';
import ReactMarkdown, { type Components, defaultUrlTransform } from 'react-markdown';

/**
 * The Markdown subset chat messages may use. Anything else (headings, images, tables, raw HTML) is shown as
 * its text: images would load third-party addresses in every reader's browser, and HTML is never trusted.
 */
const allowedElements = ['p', 'br', 'strong', 'em', 'code', 'pre', 'a', 'ul', 'ol', 'li', 'blockquote', 'hr'];

const MENTION_SCHEME = 'mention:';

/** Who reads, so mentions of them stand out. */
const ReaderContext = createContext<string | null>(null);

/**
 * `@[Name](user-id)` becomes a link with a private scheme the link renderer turns into a mention chip;
 * written as a plain Markdown link it would point at a relative address.
 */
export function markMentions(text: string): string {
  return text.replace(chatMentionPattern, (_markup, name: string, userId: string) => {
    const label = name.replace(/[\\`*_[\]<>]/g, (char) => `\\${char}`);
    return `[@${label}](${MENTION_SCHEME}${userId.toLowerCase()})`;
  });
}

function urlTransform(url: string): string {
  return url.startsWith(MENTION_SCHEME) ? url : defaultUrlTransform(url);
}

function Mention({ userId, children }: { userId: string; children: ComponentProps<'a'>['children'] }) {
  const reader = useContext(ReaderContext);
  const me = reader !== null && reader === userId;
  return (
    <span
      data-testid="chat-mention"
      data-user-id={userId}
      className={`rounded px-0.5 font-medium ${me ? 'bg-n-amber-9/30 text-n-slate-12' : 'bg-n-brand/10 text-n-blue-12'}`}
    >
      {children}
    </span>
  );
}

function ExternalLink({ node: _node, href, children, ...rest }: ComponentProps<'a'> & { node?: unknown }) {
  if (href?.startsWith(MENTION_SCHEME)) {
    return <Mention userId={href.slice(MENTION_SCHEME.length)}>{children}</Mention>;
  }
  return (
    <a
      {...rest}
      href={href}
      target="_blank"
      // The opened page gets no handle on the Hub's window and learns nothing of where it was linked from.
      rel="noopener noreferrer"
      className="text-n-blue-11 underline underline-offset-2"
    >
      {children}
    </a>
  );
}

const components: Components = {
  a: ExternalLink,
  p: ({ children }) => <p className="whitespace-pre-wrap break-words">{children}</p>,
  code: ({ children }) => (
    <code className="rounded bg-n-slate-12/5 px-1 py-0.5 font-mono text-[0.85em]">{children}</code>
  ),
  pre: ({ children }) => (
    <pre className="my-1 overflow-x-auto rounded-lg bg-n-slate-12/5 p-2 text-xs [&>code]:bg-transparent [&>code]:p-0">
      {children}
    </pre>
  ),
  ul: ({ children }) => <ul className="list-disc pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="list-decimal pl-5">{children}</ol>,
  blockquote: ({ children }) => (
    <blockquote className="border-n-strong border-l-2 pl-2 text-n-slate-11">{children}</blockquote>
  ),
};

/**
 * A message body as safe Markdown: no raw HTML (it is dropped, not rendered), only the allowed elements,
 * mentions as chips (highlighted when they name the reader).
 */
export function Markdown({ text, readerId = null }: { text: string; readerId?: string | null }) {
  return (
    <ReaderContext.Provider value={readerId}>
      <div className="flex min-w-0 flex-col gap-1 text-sm leading-6" data-testid="chat-markdown">
        <ReactMarkdown
          skipHtml
          allowedElements={allowedElements}
          unwrapDisallowed
          components={components}
          urlTransform={urlTransform}
        >
          {markMentions(text)}
        </ReactMarkdown>
      </div>
    </ReaderContext.Provider>
  );
}
