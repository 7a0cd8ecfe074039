import { readFileSync } from 'node:fs';
import { compilePolicy } from '../engine/index.js';
import { benchFacts } from './lib/customers.js';
import { comparable, difference } from './lib/agree.js';
import { createJsonRulesEnginePolicy } from './peers/json-rules-engine-policy.js';
import { createZenPolicy } from './peers/zen-policy.js';
const doc = JSON.parse(readFileSync('rulesets/b2b-standard.json', 'utf8'));
const c = compilePolicy(doc);
const facts = [...doc.tests.map((t: any) => t.facts), ...benchFacts(doc, Number(process.argv[2] ?? 2000))];
const jre = createJsonRulesEnginePolicy(doc);
const zen = await createZenPolicy(doc);
let bad = { jre: 0, zen: 0 };
for (let i = 0; i < facts.length; i++) {
  const e = comparable(c.evaluate(facts[i]));
  const j = await jre.decide(facts[i]);
  const z = await zen.decide(facts[i]);
  for (const [k, d] of [['jre', j], ['zen', z]] as const) {
    const diff = difference(e, { ...d, creditLimit: d.creditLimit });
    if (diff) { if (bad[k]++ < 3) console.log(k, i, diff, JSON.stringify(facts[i]), c.evaluate(facts[i]).score, d.score); }
  }
}
console.log(bad, jre.ruleCount);
zen.dispose();
