import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';

describe('Markdown', () => {
  it('renders the chat subset', () => {
    const { container } = render(<Markdown text={'**negrito** _itálico_ `code`\n\n- um\n- dois'} />);
    expect(container.querySelector('strong')?.textContent).toBe('negrito');
    expect(container.querySelector('em')?.textContent).toBe('itálico');
    expect(container.querySelector('code')?.textContent).toBe('code');
    expect(container.querySelectorAll('li')).toHaveLength(2);
  });

  it('never renders raw HTML, scripts or event handlers', () => {
    const { container } = render(
      <Markdown text={'<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b> texto'} />,
    );
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(container.innerHTML).not.toContain('onerror');
    expect(container.textContent).toContain('texto');
  });

  it('opens links in a new tab without a handle on the Hub, and drops javascript: addresses', () => {
    const { container } = render(
      <Markdown text={'[site](https://example.com) [mau](javascript:alert(1))'} />,
    );
    const links = [...container.querySelectorAll('a')];
    const site = links.find((link) => link.textContent === 'site');
    expect(site?.getAttribute('href')).toBe('https://example.com');
    expect(site?.getAttribute('target')).toBe('_blank');
    expect(site?.getAttribute('rel')).toBe('noopener noreferrer');
    for (const link of links) expect(link.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
  });

  it('shows images and headings as plain text instead of loading or enlarging them', () => {
    const { container } = render(<Markdown text={'# Título\n\n![foto](https://tracker.example/p.png)'} />);
    expect(container.querySelector('img, h1')).toBeNull();
    expect(container.textContent).toContain('Título');
  });
});

describe('mentions', () => {
  const ana = 'a0000000-0000-4000-8000-000000000001';
  const bruno = 'b0000000-0000-4000-8000-000000000002';

  it('renders @[Name](id) as a chip, not a link, and highlights the reader', () => {
    const { container } = render(
      <Markdown text={`oi @[Ana Souza](${ana}) e @[Bruno_*](${bruno})`} readerId={ana} />,
    );
    const chips = [...container.querySelectorAll('[data-testid="chat-mention"]')];
    expect(chips.map((chip) => chip.textContent)).toEqual(['@Ana Souza', '@Bruno_*']);
    expect(chips.map((chip) => chip.getAttribute('data-user-id'))).toEqual([ana, bruno]);
    expect(container.querySelector('a')).toBeNull();
    expect(chips[0]?.className).toContain('amber');
    expect(chips[1]?.className).not.toContain('amber');
  });
});
