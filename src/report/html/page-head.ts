import { createHash } from 'node:crypto';
import { toolVersion } from '../../package-info.js';
import { Html, html } from './escape.js';

/** A Content-Security-Policy source for inline text: its SHA-256, as browsers compute it. */
function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/**
 * From `<!DOCTYPE html>` to `</head>` of a self-contained aiscan page. Its Content-Security-Policy
 * allows only this page's own style and script (by hash), images as data: URLs, and forbids every
 * fetch, form and base URL: the page works offline and cannot leak or load anything, whatever the
 * scanned text in it says. The title is escaped; the style and script are aiscan's own.
 */
export function pageHead(title: string, style: string, script?: string): Html {
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(style)}'`,
    ...(script === undefined ? [] : [`script-src '${sha256(script)}'`]),
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="aiscan ${toolVersion}">
<title>${title}</title>
<style>${new Html(style)}</style>
</head>`;
}
