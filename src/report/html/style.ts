/** The report's only stylesheet. Inline, hashed into the CSP; the page loads nothing else. */
export const STYLE = `
:root {
  --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --paper: #ffffff; --wash: #f6f7f9;
  --critical: #8b1a1a; --high: #dc2626; --medium: #f59e0b; --low: #3b82f6; --info: #94a3b8;
  --pass: #16a34a; --fail: #dc2626; --na: #cbd5e1; --ne: #a855f7;
  --new: #dc2626; --unchanged: #94a3b8; --fixed: #16a34a; --baseline: #cbd5e1;
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--wash); }
header.top { background: #0f172a; color: #f8fafc; padding: 20px 32px 16px; }
header.top h1 { margin: 0; font-size: 20px; font-weight: 600; letter-spacing: .2px; }
header.top p { margin: 4px 0 0; color: #cbd5e1; font-size: 13px; }
main { padding: 20px 32px 40px; max-width: 1400px; margin: 0 auto; }
.verdict { border-radius: 8px; padding: 12px 16px; font-weight: 600; margin-bottom: 16px; border: 1px solid; }
.verdict.fail { background: #fef2f2; border-color: #fecaca; color: #991b1b; }
.verdict.pass { background: #f0fdf4; border-color: #bbf7d0; color: #166534; }
.verdict.incomplete { background: #fffbeb; border-color: #fde68a; color: #92400e; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(118px, 1fr)); gap: 12px; margin-bottom: 16px; }
.tile { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.tile .value { font-size: 26px; font-weight: 700; line-height: 1.1; }
.tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .4px; }
.tile.alert .value { color: var(--high); }
.tile.good .value { color: var(--pass); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px; margin-bottom: 16px; }
.chart, section.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 0; }
section.card { margin-bottom: 16px; }
figcaption, section.card h2 { font-weight: 600; font-size: 15px; margin: 0 0 8px; }
.chart svg { display: block; max-height: 260px; }
.chart .empty { color: var(--muted); }
.axis-label { font-size: 11px; fill: var(--muted); }
.bar-total, .bar-value { font-size: 11px; fill: var(--ink); }
.axis { stroke: var(--line); }
.legend { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.sev-critical { fill: var(--critical); background: var(--critical); } .sev-high { fill: var(--high); background: var(--high); }
.sev-medium { fill: var(--medium); background: var(--medium); } .sev-low { fill: var(--low); background: var(--low); }
.sev-info { fill: var(--info); background: var(--info); }
.out-pass { fill: var(--pass); background: var(--pass); } .out-fail { fill: var(--fail); background: var(--fail); }
.out-na { fill: var(--na); background: var(--na); } .out-ne { fill: var(--ne); background: var(--ne); }
.bl-baseline { fill: var(--baseline); background: var(--baseline); } .bl-now { fill: #475569; background: #475569; }
.bl-new { fill: var(--new); background: var(--new); } .bl-fixed { fill: var(--fixed); background: var(--fixed); }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 10px; }
.filters input[type=search] { flex: 1 1 260px; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
.filters select { padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; font: inherit; background: var(--paper); }
.filters .count { color: var(--muted); font-size: 12px; margin-left: auto; }
table { width: 100%; border-collapse: collapse; }
table#findings { table-layout: fixed; }
table#findings col.c-sev { width: 84px; } table#findings col.c-rule { width: 190px; } table#findings col.c-res { width: 280px; }
table#findings col.c-area { width: 96px; } table#findings col.c-state { width: 132px; }
td { overflow-wrap: anywhere; }
button { font: inherit; padding: 5px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--paper); cursor: pointer; }
button:hover { background: var(--wash); }
th, td { text-align: left; vertical-align: top; padding: 8px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .4px; color: var(--muted); white-space: nowrap; }
th button { all: unset; cursor: pointer; }
th button:focus-visible { outline: 2px solid var(--low); }
th[aria-sort=ascending] button::after { content: " ▲"; } th[aria-sort=descending] button::after { content: " ▼"; }
td.resource { font-size: 13px; }
td.resource .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11px; color: var(--muted); word-break: break-all; }
td.resource strong { font-weight: 600; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 8px; font-size: 11px; font-weight: 600; color: #fff; white-space: nowrap; }
.badge.sev-critical { background: var(--critical); } .badge.sev-high { background: var(--high); } .badge.sev-medium { background: var(--medium); color: #1f2937; }
.badge.sev-low { background: var(--low); } .badge.sev-info { background: var(--info); }
.state { display: inline-block; border: 1px solid var(--line); border-radius: 4px; padding: 0 6px; font-size: 11px; margin: 0 4px 2px 0; white-space: nowrap; }
.state.gating { border-color: #fecaca; background: #fef2f2; color: #991b1b; } .state.new { border-color: #fecaca; color: #b91c1c; }
.state.suppressed { border-color: #bfdbfe; background: #eff6ff; color: #1e40af; } .state.expired { border-color: #fde68a; background: #fffbeb; color: #92400e; }
details summary { cursor: pointer; }
details .detail { margin-top: 8px; display: grid; grid-template-columns: minmax(0, 1fr); gap: 6px; }
details .detail > * { min-width: 0; }
pre { margin: 0; max-width: 100%; background: #0f172a; color: #e2e8f0; padding: 10px 12px; border-radius: 6px; overflow: auto; max-height: 260px; font-size: 12px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.muted { color: var(--muted); }
.kv { margin: 0; } .kv dt { font-weight: 600; display: inline; } .kv dd { display: inline; margin: 0 12px 0 4px; }
tr[hidden] { display: none; }
.nowrap { white-space: nowrap; overflow-wrap: normal; }
footer { color: var(--muted); font-size: 12px; padding: 0 32px 24px; text-align: center; }
@media print { header.top { background: none; color: var(--ink); } .filters { display: none; } pre { max-height: none; } }
`;
