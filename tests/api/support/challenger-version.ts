/**
 * A second published version of b2b-standard to challenge the first: stricter risk classes (B from
 * a score of 70 instead of 65, C from 55 instead of 50), so the two arms disagree on some
 * customers. Written, submitted and approved over HTTP like any version (author ana, approver paul).
 */
import { referencePolicy } from '../../support/reference-policies.js';
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';

type Call = (method: string, path: string, options?: { key?: string | null; body?: unknown; headers?: Record<string, string> }) => Promise<{ status: number; headers: Headers; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function stricterClasses(): PolicyDocument {
  const doc = referencePolicy('b2b-standard');
  const node = doc.nodes.find((n) => n.id === 'riskClass')! as unknown as { config: { classes: { id: string; minScore: number }[] } };
  for (const c of node.config.classes) if (c.id === 'B') c.minScore = 70;
  for (const c of node.config.classes) if (c.id === 'C') c.minScore = 55;
  // The golden tests state version 1's classes; the challenger is compared on live traffic instead.
  doc.tests = [];
  return doc;
}

/** Publishes the stricter document as the next version (not activated); returns its number. */
export async function publishChallenger(call: Call, keys: { author: string; approver: string }, policyId = 'b2b-standard', document: PolicyDocument = stricterClasses()): Promise<number> {
  const P = `/api/v1/policies/${policyId}`;
  const draft = await call('GET', `${P}/draft`, { key: keys.author });
  if (draft.status !== 200) throw new Error(`GET draft: ${draft.status}`);
  const saved = await call('PUT', `${P}/draft`, { key: keys.author, body: { document: { ...document, id: policyId }, comment: 'challenger' }, headers: { 'if-match': draft.headers.get('etag')! } });
  if (saved.status !== 200) throw new Error(`PUT draft: ${saved.status} ${JSON.stringify(saved.body)}`);
  const submitted = await call('POST', `${P}/draft/submit`, { key: keys.author, body: { comment: 'challenger: stricter classes' } });
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const approved = await call('POST', `${P}/draft/approve`, { key: keys.approver, body: { comment: 'publish as a challenger' } });
  if (approved.status !== 201 && approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
  return approved.body.version as number;
}
