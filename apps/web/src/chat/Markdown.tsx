import type { ComponentProps } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';

/**
 * The Markdown subset chat messages may use. Anything else (headings, images, tables, raw HTML) is shown as
 * its text: images would load third-party addresses in every reader's browser, and HTML is never trusted.
 */
const allowedElements = ['p', 'br', 'strong', 'em', 'code', 'pre', 'a', 'ul', 'ol', 'li', 'blockquote', 'hr'];

function ExternalLink({ node: _node, href, children, ...rest }: ComponentProps<'a'> & { node?: unknown }) {
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

/** A message body as safe Markdown: no raw HTML (it is dropped, not rendered), only the allowed elements. */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="flex flex-col gap-1 text-sm leading-6" data-testid="chat-markdown">
      <ReactMarkdown skipHtml allowedElements={allowedElements} unwrapDisallowed components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
