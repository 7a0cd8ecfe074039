import { readFileSync } from 'node:fs';
import { compilePolicy } from '../engine/index.js';
import { benchFacts } from './lib/customers.js';
import { EXPRESSION_RUNTIME } from '../engine/expression/expression-runtime.js';
import { CONDITION_RUNTIME } from '../engine/conditions/condition-runtime.js';
import { DECISION_RUNTIME } from '../engine/compile/decision-runtime.js';
import { emitPolicy } from '../engine/compile/emit-policy.js';
import { analyseGraph } from '../engine/model/graph.js';
const doc = JSON.parse(readFileSync('rulesets/b2b-standard.json', 'utf8'));
const c = compilePolicy(doc);
const facts = benchFacts(doc, 10000);
const em = emitPolicy(doc, analyseGraph(doc), false);
const noSc = c.source.replace(/sc = \[\{ id: "years".*\];/, 'sc = [];');
const scNoRound = c.source.replace(/\(Math\.round\(e(\d) \* 1e4\) \/ 1e4 \+ 0\)/g, 'e$1').replace(/\(Math\.round\(e(\d) \* p\d \/ 100 \* 1e4\) \/ 1e4 \+ 0\)/g, 'e$1');
const fns: Record<string, any> = {
  wrapper: (f: any) => c.evaluate(f),
  raw: new Function('$E', '$C', '$D', 'K', c.source)(EXPRESSION_RUNTIME, CONDITION_RUNTIME, DECISION_RUNTIME, em.constants),
  noSc: new Function('$E', '$C', '$D', 'K', noSc)(EXPRESSION_RUNTIME, CONDITION_RUNTIME, DECISION_RUNTIME, em.constants),
  scNoRound: new Function('$E', '$C', '$D', 'K', scNoRound)(EXPRESSION_RUNTIME, CONDITION_RUNTIME, DECISION_RUNTIME, em.constants),
};
const n = facts.length; let sink = 0;
const res: Record<string, number[]> = {};
for (let r = 0; r < 9; r++) for (const [k, f] of Object.entries(fns)) {
  const t0 = performance.now();
  for (let j = 0; j < 5; j++) for (let i = 0; i < n; i++) sink += f(facts[i]).riskClass === 'A' ? 1 : 0;
  (res[k] ??= []).push((performance.now() - t0) * 1000 / (5 * n));
}
for (const [k, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(k.padEnd(10), v[4].toFixed(3)); }
