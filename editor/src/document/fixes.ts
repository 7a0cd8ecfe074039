/**
 * One-click fixes for the problems that name their own remedy: a node not connected to the decision
 * gets its edge to the decision node; a name read from a node that is not upstream gets the edge
 * from its producer. Plain TypeScript: returns the command, or null when there is nothing safe to do.
 */
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import { analyseGraph } from '../../../engine/model/graph.js';
import { producedNames } from '../../../engine/model/names.js';
import { checkConnection, connect, type Command } from './commands.js';
import type { DiagnosticLike } from './overlays.js';

export interface Fix {
  command: Command;
  source: string;
  target: string;
}

/** The node a NAME_NOT_UPSTREAM problem's field reads, and its producer. */
function producerFor(doc: PolicyDocument, d: DiagnosticLike): { source: string; target: string } | null {
  const quoted = /add an edge from '([^']+)' to '([^']+)'/.exec(d.message);
  if (quoted) return { source: quoted[1]!, target: quoted[2]! };
  // Without the sentence (e.g. a translated message): the first quoted name a node produces.
  const index = Number(/^\/nodes\/(\d+)/.exec(d.path ?? '')?.[1] ?? -1);
  const target = d.nodeId ?? doc.nodes[index]?.id;
  if (!target) return null;
  const { upstream } = analyseGraph(doc);
  for (const [, name] of d.message.matchAll(/'([A-Za-z_$][\w$]*)'/g)) {
    const producer = doc.nodes.find((n) => n.id !== target && producedNames(n).includes(name!) && !upstream.get(target)?.has(n.id));
    if (producer) return { source: producer.id, target };
  }
  return null;
}

export function fixFor(doc: PolicyDocument, d: DiagnosticLike): Fix | null {
  let pair: { source: string; target: string } | null = null;
  if (d.code === 'NODE_NOT_CONNECTED' && d.nodeId) {
    const decision = doc.nodes.find((n) => n.kind === 'decision');
    if (decision) pair = { source: d.nodeId, target: decision.id };
  } else if (d.code === 'NAME_NOT_UPSTREAM') {
    pair = producerFor(doc, d);
  }
  if (!pair || !checkConnection(doc, pair.source, pair.target).ok) return null;
  return { command: connect(pair.source, pair.target), ...pair };
}
