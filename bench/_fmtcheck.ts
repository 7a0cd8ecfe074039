import { formatNumber as neu } from '../engine/compile/format-value.js';
import { formatNumber as old } from '/tmp/format-value.orig.ts';
let bad = 0; let n = 0;
const check = (v: number) => { n++; const a = old(v), b = neu(v); if (a !== b && bad++ < 10) console.log('DIFF', v, a, b); };
const special = [0, -0, 1, -1, 999, -999, 999.995, -999.995, 1000, 1e15, 9007199254740991, 1e20, -1e20, 0.001, -0.001, -0.005, 0.005, 0.015, 1.005, 12345.675, NaN, Infinity, -Infinity, 5e-324, 123456789.99, 0.1 + 0.2, 100.5, 10.05, 1e21];
special.forEach(check);
for (let i = 0; i < 2_000_000; i++) {
  const mag = Math.pow(10, Math.random() * 14 - 3);
  const v = (Math.random() < 0.3 ? -1 : 1) * mag;
  check(v); check(Math.round(v)); check(Math.round(v * 100) / 100); check(Math.round(v * 10000) / 10000);
}
console.log('checked', n, 'diffs', bad);
