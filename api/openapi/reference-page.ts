/**
 * A readable API reference rendered on the server from the OpenAPI document: one self-contained
 * HTML page, no script, no CDN (the service may run without internet, and helmet's CSP forbids
 * inline scripts anyway).
 */
type Json = Record<string, unknown>;

const esc = (s: unknown) =>
  String(s).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A schema as a compact, indented outline; $refs link to their component. */
function renderSchema(schema: unknown, depth = 0): string {
  if (depth > 6) return '…';
  if (schema === null || typeof schema !== 'object') return esc(JSON.stringify(schema));
  const s = schema as Json;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop()!;
    return s.$ref.startsWith('#/components/') ? `<a href="#schema-${esc(name)}">${esc(name)}</a>` : esc(name);
  }
  const alts = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (alts) return alts.map((a) => renderSchema(a, depth + 1)).join(' | ');
  if (s.const !== undefined) return `<code>${esc(JSON.stringify(s.const))}</code>`;
  if (s.enum) return (s.enum as unknown[]).map((v) => `<code>${esc(JSON.stringify(v))}</code>`).join(' | ');
  if (s.type === 'array') return `${renderSchema(s.items ?? {}, depth + 1)}[]`;
  if (s.type === 'object' || s.properties) {
    const props = Object.entries((s.properties ?? {}) as Record<string, unknown>);
    if (props.length === 0) return 'object';
    const required = new Set((s.required as string[] | undefined) ?? []);
    const rows = props
      .map(([name, p]) => {
        const desc = (p as Json).description ? ` <span class="d">${esc((p as Json).description)}</span>` : '';
        return `<li><code>${esc(name)}</code>${required.has(name) ? '' : '?'}: ${renderSchema(p, depth + 1)}${desc}</li>`;
      })
      .join('');
    return `{<ul>${rows}</ul>}`;
  }
  const bits = [s.type ?? 'any', s.format ? `(${s.format})` : '', s.pattern ? ` /${s.pattern}/` : ''];
  return esc(bits.join(''));
}

export function renderReferencePage(doc: Json): string {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = ((op.tags as string[] | undefined) ?? ['Operations'])[0]!;
      const params = ((op.parameters as Json[] | undefined) ?? [])
        .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td>${renderSchema(p.schema)} ${esc(p.description ?? '')}</td></tr>`)
        .join('');
      const body = op.requestBody as Json | undefined;
      const bodySchema = body ? (Object.values(body.content as Record<string, Json>)[0] as Json).schema : null;
      const responses = Object.entries(op.responses as Record<string, Json>)
        .map(([status, r]) => {
          const content = r.content as Record<string, Json> | undefined;
          const schema = content ? Object.values(content)[0]!.schema : null;
          return `<tr><td>${esc(status)}</td><td>${esc(r.description)}</td><td>${schema ? renderSchema(schema) : ''}</td></tr>`;
        })
        .join('');
      const html = `<section class="op" id="${esc(op.operationId)}">
<h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p>${op.description ? `<p class="d">${esc(op.description)}</p>` : ''}
<p class="access">Access: <code>${esc(op['x-creditgraph-access'])}</code></p>
${params ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>${params}</table>` : ''}
${bodySchema ? `<h4>Body${body!.required ? '' : ' (optional)'}</h4><div class="schema">${renderSchema(bodySchema)}</div>` : ''}
<h4>Responses</h4><table><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses}</table>
</section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const schemas = (doc.components as Json).schemas as Record<string, Json>;
  const toc = [...byTag.keys()].map((t) => `<a href="#tag-${esc(t)}">${esc(t)}</a>`).join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)} — API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 2rem;color:#1d2330}
code{font:13px ui-monospace,monospace;background:#f2f4f8;padding:0 .2em;border-radius:3px}
.op{border:1px solid #dde2ea;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}
.m{display:inline-block;min-width:4.5em;text-align:center;border-radius:4px;color:#fff;font-size:13px;padding:.1em .4em}
.get{background:#2b7bb9}.post{background:#2e9b5f}.put{background:#c98a1b}.delete{background:#c0392b}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-top:1px solid #eef0f4;padding:.25rem .4rem;text-align:left;vertical-align:top}
ul{margin:0;padding-left:1.4em;list-style:none}.d{color:#5b6475}.access{font-size:14px}.schema{font-size:14px}
</style></head><body>
<h1>${esc(info.title)} <small>${esc(info.version)}</small></h1>
<p>${esc(info.summary ?? '')}</p><p class="d">${esc(info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Sections: ${toc} · <a href="#schemas">Data types</a></p>
${[...byTag.entries()].map(([tag, ops]) => `<h2 id="tag-${esc(tag)}">${esc(tag)}</h2>${ops.join('\n')}`).join('\n')}
<h2 id="schemas">Data types</h2>
${Object.entries(schemas)
  .map(([name, s]) => `<section class="op" id="schema-${esc(name)}"><h3>${esc(name)}</h3>${s.description ? `<p class="d">${esc(s.description)}</p>` : ''}<div class="schema">${renderSchema(s)}</div></section>`)
  .join('\n')}
</body></html>`;
}
