import { readFileSync } from 'node:fs';
import { compilePolicy } from '../engine/index.js';
import { benchFacts } from './lib/customers.js';
import { decideB2bStandard } from './peers/hand-written-b2b-standard.js';
import { EXPRESSION_RUNTIME } from '../engine/expression/expression-runtime.js';
import { CONDITION_RUNTIME } from '../engine/conditions/condition-runtime.js';
import { DECISION_RUNTIME } from '../engine/compile/decision-runtime.js';
const doc = JSON.parse(readFileSync('rulesets/b2b-standard.json', 'utf8'));
const c = compilePolicy(doc);
const facts = benchFacts(doc, 10000);
// Rebuild constants by compiling again through emit (K is internal): grab via Function on source with a fake K from a traced compile is hard; use emitPolicy.
import { emitPolicy } from '../engine/compile/emit-policy.js';
import { analyseGraph } from '../engine/model/graph.js';
const em = emitPolicy(doc, analyseGraph(doc), false);
const variants: Record<string, string> = {
  full: c.source,
  noExplain: c.source.replace(/\$\$explainCriteria\([^;]*;/, ''),
  noSc: c.source.replace(/\$\$explainCriteria\([^;]*;/, '').replace(/sc = \[\{ id: "years".*\];/, 'sc = [];'),
  noReasons: c.source.replace(/\$\$explainCriteria\([^;]*;/, '').replace(/sc = \[\{ id: "years".*\];/, 'sc = [];').replace(/reasons\.push\(\{[^}]*\}\);/g, ''),
};
const fns: Record<string, any> = {};
for (const [k, src] of Object.entries(variants)) fns[k] = new Function('$E', '$C', '$D', 'K', src)(EXPRESSION_RUNTIME, CONDITION_RUNTIME, DECISION_RUNTIME, em.constants);
fns.hand = decideB2bStandard;
const n = facts.length;
let sink = 0;
const res: Record<string, number[]> = {};
for (let r = 0; r < 7; r++) for (const [k, f] of Object.entries(fns)) {
  const t0 = performance.now();
  for (let j = 0; j < 3; j++) for (let i = 0; i < n; i++) sink += f(facts[i]).riskClass === 'A' ? 1 : 0;
  (res[k] ??= []).push((performance.now() - t0) * 1000 / (3 * n));
}
for (const [k, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(k.padEnd(10), v[3].toFixed(3), '× hand', (v[3] / res.hand[3]).toFixed(1)); }
