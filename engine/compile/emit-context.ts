/**
 * The state shared while one policy is turned into JavaScript source: which name becomes which
 * local, what each node may see, the constant pool, and the problems found on the way.
 * Generated identifiers: `v_<name>` for facts and variables (names are plain identifiers by
 * schema, checked again here), `t<n>` for temporaries, `K[<n>]` for constants, `$…` for runtime.
 */
import { ConditionError, conditionToJs } from '../conditions/condition-to-js.js';
import { expressionToJs } from '../expression/expression-to-js.js';
import { ExpressionError, parseExpression } from '../expression/parse-expression.js';
import type { PolicyGraph } from '../model/graph.js';
import type { Condition, Language, LocalizedText, PolicyDocument, PolicyNode } from '../model/policy-schema.js';
import { localizedText } from '../i18n/localized-text.js';
import type { DiagnosticCode } from '../validate/diagnostic-codes.js';
import type { CompileDiagnostic } from './policy-invalid-error.js';
import { plainDiagnostic } from '../validate/diagnostic.js';
import { says, type DiagnosticText } from '../i18n/diagnostic-messages.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `{name}`, or `{name:3}` for a number shown with exactly 3 decimals. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?::(1[0-2]|[0-9]))?\}/g;

export class EmitContext {
  readonly diagnostics: CompileDiagnostic[] = [];
  readonly constants: unknown[] = [];
  /** Name → id of the node producing it, or null for an input fact. */
  readonly producers = new Map<string, string | null>();
  /** Delegation level ids, lowest authority first: an escalation keeps the highest rank asked. */
  levels: string[] = [];
  private temps = 0;

  // State of the node being emitted.
  node: PolicyNode | null = null;
  nodePath = '';
  /** Names the current node may read: facts, upstream outputs, and own outputs once defined. */
  private visible = new Set<string>();
  /** Names the current node read, for its trace entry. */
  reads: string[] = [];
  /** Extra names bound only inside some expressions (class parameters of a credit limit). */
  private bindings: Map<string, string> | null = null;

  /** Optional inputs: the ones a caller may send as null. */
  private readonly optionalInputs: Set<string>;

  constructor(
    readonly document: PolicyDocument,
    readonly graph: PolicyGraph,
    readonly trace: boolean,
    /** Language of the texts this function writes (reasons, labels). */
    readonly language: Language = document.language ?? 'en',
    /**
     * The simulation's variant: only what impact analysis reads (outcome, level, score, class,
     * limits, scenario id) — no reasons, scorecard rows, variables, charges nor conditions.
     */
    readonly summary = false,
  ) {
    this.optionalInputs = new Set(document.inputs.filter((i) => !i.required).map((i) => i.name));
  }

  report(code: DiagnosticCode, path: string, detail: DiagnosticText): void {
    this.diagnostics.push(plainDiagnostic(code, this.node?.id ?? null, path, detail));
  }

  beginNode(node: PolicyNode, nodeIndex: number): void {
    this.node = node;
    this.nodePath = `/nodes/${nodeIndex}`;
    this.reads = [];
    this.visible = new Set(this.document.inputs.map((i) => i.name));
    for (const upstreamId of this.graph.upstream.get(node.id) ?? []) {
      for (const [name, producer] of this.producers) if (producer === upstreamId) this.visible.add(name);
    }
  }

  /** Lets the current node read one of its own outputs from now on. */
  define(name: string): void {
    this.visible.add(name);
  }

  withBindings<T>(bindings: Map<string, string>, emit: () => T): T {
    this.bindings = bindings;
    try {
      return emit();
    } finally {
      this.bindings = null;
    }
  }

  /** The local holding a name; reports it when the current node may not read it. */
  ref(name: string, path: string): string {
    const bound = this.bindings?.get(name);
    if (bound) return bound;
    if (!IDENTIFIER.test(name) || !this.producers.has(name)) {
      this.report('UNKNOWN_NAME', path, says('compileUnknownName', { name }));
      return 'undefined';
    }
    if (!this.visible.has(name)) {
      this.report('NAME_NOT_UPSTREAM', path, says('compileNotUpstream', { name, producer: String(this.producers.get(name)), node: String(this.node?.id) }));
      return 'undefined';
    }
    if (!this.reads.includes(name) && this.producers.get(name) !== this.node?.id) this.reads.push(name);
    return local(name);
  }

  /** What a condition reads: an optional input as sent (null included), anything else as `ref`. */
  private conditionRef(name: string, path: string): string {
    const js = this.ref(name, path);
    return js === local(name) && this.optionalInputs.has(name) ? rawLocal(name) : js;
  }

  expression(source: string, path: string): string {
    try {
      return expressionToJs(parseExpression(source), (name) => this.ref(name, path), () => this.temp());
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.report(error.code, path, says('compileProblem', { problem: error.message }));
      return 'undefined';
    }
  }

  condition(condition: Condition, path: string): string {
    try {
      return conditionToJs(condition, (name) => this.conditionRef(name, path), this.document.conditions ?? {});
    } catch (error) {
      if (!(error instanceof ConditionError)) throw error;
      this.report(error.message.includes('refers to itself') ? 'CONDITION_CYCLE' : 'UNKNOWN_CONDITION', path, says('compileProblem', { problem: error.message }));
      return 'false';
    }
  }

  /** A text of the policy in this function's language. */
  text(text: LocalizedText): string {
    return localizedText(text, this.language, this.document.language ?? 'en');
  }

  /** The runtime function that formats a value in this function's language. */
  get formatter(): string {
    return this.language === 'fr' ? '$$fmtFr' : '$$fmt';
  }

  /**
   * The values of a reason message's placeholders as a JS object literal (null when it has none):
   * systems get the figures themselves, not only the sentence.
   */
  messageParams(message: LocalizedText, path: string): string | null {
    const names = new Set<string>();
    for (const version of typeof message === 'string' ? [message] : Object.values(message)) {
      for (const match of (version ?? '').matchAll(PLACEHOLDER)) names.add(match[1]!);
    }
    const known = [...names].filter((name) => this.producers.has(name) || this.bindings?.has(name));
    if (known.length === 0) return null;
    return `{ ${known.map((name) => `${literal(name)}: $$orNull(${this.ref(name, path)})`).join(', ')} }`;
  }

  /** A reason message as a JS string expression: `{name}` / `{name:N}` placeholders become concatenation. */
  message(localized: LocalizedText, path: string): string {
    const template = this.text(localized);
    const parts: string[] = [];
    let last = 0;
    for (const match of template.matchAll(PLACEHOLDER)) {
      if (match.index > last) parts.push(JSON.stringify(template.slice(last, match.index)));
      const name = match[1];
      const decimals = match[2];
      if (this.producers.has(name) || this.bindings?.has(name)) {
        const value = this.ref(name, path);
        parts.push(decimals === undefined ? `${this.formatter}(${value})` : `${this.formatter}Fixed(${value}, ${Number(decimals)})`);
      }
      else this.report('UNKNOWN_PLACEHOLDER', path, says('compilePlaceholder', { name }));
      last = match.index + match[0].length;
    }
    if (last < template.length) parts.push(JSON.stringify(template.slice(last)));
    return parts.length === 0 ? '""' : parts.join(' + ');
  }

  /** A value computed at compile time, shared (frozen) by every decision. */
  constant(value: unknown): string {
    this.constants.push(deepFreeze(structuredClone(value)));
    return `K[${this.constants.length - 1}]`;
  }

  /**
   * A lookup table the generated code indexes (`table[i]`): its items are shared and frozen like
   * any constant, but the array itself is not, because V8's optimised code reads a frozen array
   * through the generic keyed-load path. It never leaves the generated function, so no caller can change it.
   */
  table(items: readonly unknown[]): string {
    this.constants.push(items.map((item) => deepFreeze(structuredClone(item))));
    return `K[${this.constants.length - 1}]`;
  }

  /** Statements run once per compiled function (outside `evaluate`), e.g. caches. */
  readonly preamble: string[] = [];

  /** A value made once per compiled function, by JS source built by the compiler itself. */
  factoryConstant(source: string): string {
    const name = `F${this.preamble.length}`;
    this.preamble.push(`const ${name} = ${source};`);
    return name;
  }

  /** A fresh temporary, declared once at the top of the evaluation function. */
  temp(): string {
    return `t${this.temps++}`;
  }

  /** Names of every temporary handed out so far. */
  temporaries(): string[] {
    return Array.from({ length: this.temps }, (_, i) => `t${i}`);
  }
}

export function local(name: string): string {
  return `v_${name}`;
}

/** The local holding an optional input exactly as sent (null kept), read by conditions only. */
export function rawLocal(name: string): string {
  return `r_${name}`;
}

export function literal(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
