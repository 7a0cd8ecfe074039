/**
 * Live validation off the main thread: compiling the policy schema (ajv, ≈ 200 ms on a laptop,
 * four times that on a phone) and running the golden tests would otherwise block the page just
 * as the graph is first drawn. The worker holds its own copy of the engine; it answers each
 * request with the engine's diagnostics and the golden tests' problems, both plain data.
 */
import { checkPolicy, validatePolicy } from '../../../engine/index.js';
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import { goldenProblems } from '../app/workspace/golden-live.js';
import type { DiagnosticLike } from '../document/overlays.js';
import type { LiveValidationRequest, LiveValidationResponse } from './validate-live.js';

addEventListener('message', (event: MessageEvent<LiveValidationRequest>) => {
  const { id, document, today } = event.data;
  let answer: LiveValidationResponse;
  try {
    const diagnostics = validatePolicy(document as PolicyDocument, { today }).diagnostics as DiagnosticLike[];
    const hasErrors = diagnostics.some((d) => d.severity === 'error');
    const golden = hasErrors ? { problems: [], results: [] } : goldenProblems({ checkPolicy }, document as PolicyDocument);
    answer = { id, ok: true, result: { diagnostics, golden } };
  } catch (error) {
    // EvalError: a CSP without 'unsafe-eval' on the worker's script (a proxy's): the page validates itself.
    answer = { id, ok: false, message: (error as Error).message, evalRefused: error instanceof EvalError };
  }
  postMessage(answer);
});
