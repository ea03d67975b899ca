import MarkdownIt from 'markdown-it';

/**
 * A CommonMark renderer standing in for GitHub's: raw HTML passes through (GitHub allows a safe
 * subset of it), GFM tables and strikethrough, and bare URLs, `www.` and e-mail addresses become
 * links (markdown-it's linkify, with the fuzzy matching GitHub's autolinks do; GitHub links less).
 */
export const commonMark = new MarkdownIt({ html: true, linkify: true });
commonMark.linkify.set({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true });

/** The element names of rendered HTML, in order (comments and declarations as `!--` and `!`). */
export function elementsOf(html: string): string[] {
  return [...html.matchAll(/<(!--|!|[a-zA-Z][\w-]*)/g)].map(([, name]) => name.toLowerCase());
}

/** Each opening tag with its attributes, as written. */
export function openingTags(html: string): string[] {
  return [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map(([tag]) => tag);
}

/** The text a reader sees: tags removed, markdown-it's entities decoded. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * What GitHub would still link in rendered HTML, outside code: URLs, `www.` and e-mail addresses
 * (linkify-it, fuzzy), and what GitHub links after rendering: @mentions and team mentions, #123,
 * GH-123 and owner/repo#123 references.
 */
export function linkableOutsideCode(html: string): string[] {
  const text = textOf(html.replace(/<(code|pre)\b[^>]*>[\s\S]*?<\/\1>/g, ' ').replace(/<a\b[^>]*>[\s\S]*?<\/a>/g, ' '));
  const links = (commonMark.linkify.match(text) ?? []).map((match) => match.raw);
  const references = [...text.matchAll(/(?:^|[^\w`])(@[A-Za-z0-9][\w-]*(?:\/[\w-]+)?|#\d+|GH-\d+|[\w.-]+\/[\w.-]+#\d+)/gi)].map(([, reference]) => reference);
  return [...links, ...references];
}
