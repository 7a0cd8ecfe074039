/** Which facts and variables a condition reads, following shared-condition references. */
import type { Condition } from '../model/policy-schema.js';

export function conditionNames(condition: Condition, shared: Record<string, Condition> = {}): string[] {
  const names: string[] = [];
  const visited = new Set<string>();
  const add = (name: string) => {
    if (!names.includes(name)) names.push(name);
  };
  const walk = (c: Condition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if ('condition' in c) {
      // A cycle or an unknown name is reported by conditionToJs; here it just ends the walk.
      if (visited.has(c.condition) || !Object.prototype.hasOwnProperty.call(shared, c.condition)) return;
      visited.add(c.condition);
      walk(shared[c.condition]);
    } else {
      add(c.fact);
      const v = c.value;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) add(v.fact);
    }
  };
  walk(condition);
  return names;
}

/** Names of the shared conditions a condition refers to, directly or through other shared ones. */
export function sharedConditionsUsed(condition: Condition, shared: Record<string, Condition> = {}): string[] {
  const used: string[] = [];
  const walk = (c: Condition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if ('condition' in c) {
      if (used.includes(c.condition)) return;
      used.push(c.condition);
      if (Object.prototype.hasOwnProperty.call(shared, c.condition)) walk(shared[c.condition]);
    }
  };
  walk(condition);
  return used;
}
