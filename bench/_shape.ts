import { readFileSync } from 'node:fs';
import { compilePolicy } from '../engine/index.js';
import { benchFacts } from './lib/customers.js';
import { decideB2bStandard } from './peers/hand-written-b2b-standard.js';
const doc = JSON.parse(readFileSync('rulesets/b2b-standard.json', 'utf8'));
const c = compilePolicy(doc);
const facts = benchFacts(doc, 10000);
const names = doc.inputs.map((i: any) => i.name);
const canon = facts.map((f) => { const o: any = {}; for (const n of names) o[n] = (f as any)[n]; return o; });
const shapes = new Set(facts.map((f) => Object.keys(f).join(','))).size;
console.log('distinct shapes', shapes);
const n = facts.length; let sink = 0;
const res: Record<string, number[]> = {};
const fns: Record<string, [any, any[]]> = { cgVaried: [(f: any) => c.evaluate(f), facts], cgCanon: [(f: any) => c.evaluate(f), canon], hwVaried: [decideB2bStandard, facts], hwCanon: [decideB2bStandard, canon] };
for (let r = 0; r < 9; r++) for (const [k, [f, data]] of Object.entries(fns)) {
  const t0 = performance.now();
  for (let j = 0; j < 5; j++) for (let i = 0; i < n; i++) sink += f(data[i]).riskClass === 'A' ? 1 : 0;
  (res[k] ??= []).push((performance.now() - t0) * 1000 / (5 * n));
}
for (const [k, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(k.padEnd(10), v[4].toFixed(3)); }
