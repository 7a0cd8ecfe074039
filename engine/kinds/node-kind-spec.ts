/**
 * What a node kind is, in one object: its place in the policy format, what it produces, how it is
 * checked, compiled and compared. Validation, compilation and the diff loop over the registry
 * (engine/kinds/index.ts) instead of switching on `node.kind`; the editor reads `once` (and its
 * dictionaries must name each kind as `label` does: tests/editor/node-kinds.test.ts).
 * The work itself stays in its concept's folder (validate/check-*.ts, compile/emit-*.ts,
 * diff/config-shapes.ts, model/names.ts): a spec points at it.
 */
import type { ItemNoun } from '../i18n/diagnostic-messages.js';
import type { TSchema } from '@sinclair/typebox';
import type { EmitContext } from '../compile/emit-context.js';
import type { Shape } from '../diff/compare-values.js';
import type { Condition, NodeKind, NodeOfKind, Reason } from '../model/policy-schema.js';
import type { ConditionChecker } from '../validate/check-conditions.js';
import type { KnownIds, NameType, PolicyContext } from '../validate/policy-context.js';

/** A path inside a node's `config`, as JSON-pointer segments. */
export type ConfigPath = readonly (string | number)[];

/** A list of a node whose items carry ids that must be unique (`what` names an item in messages). */
export interface IdentifiedList {
  list: string;
  items: readonly { id: string }[];
  what: ItemNoun;
}

/** Method syntax on purpose: a spec of one kind is then usable where any kind's spec is expected. */
export interface NodeKindSpec<K extends NodeKind> {
  readonly kind: K;
  /** How people call the kind: the editor's palette, cards and inspector, the diff's sentences. */
  readonly label: { readonly en: string; readonly fr: string };
  /** The node's JSON Schema in the policy format; its `description` says what the kind decides. */
  readonly schema: TSchema;
  /** The schema of its `config` (types flow from it: NodeOfKind<K>['config']). */
  readonly configSchema: TSchema;
  /** At most one node of this kind per policy. */
  readonly once: boolean;
  /** Every policy needs one (the decision node; its count has its own diagnostics). */
  readonly required: boolean;

  /** The names (variables) the node produces, in model/names.ts. */
  produces(node: NodeOfKind<K>): string[];
  /** What each produced name can hold, for conditions and bands that read it. */
  outputTypes(node: NodeOfKind<K>, ids: KnownIds): [string, NameType][];
  /** Where in the config a produced name is defined (DUPLICATE_NAME points there); null: the node itself. */
  definitionOf(node: NodeOfKind<K>, name: string): ConfigPath | null;
  /** Lists whose items have ids unique within the list. */
  identifiedLists(node: NodeOfKind<K>): IdentifiedList[];
  /** The conditions the node evaluates (shared conditions they reference must exist). */
  conditions(node: NodeOfKind<K>): Condition[];
  /** The reasons the node may give, with the config path of each (its message may hold {placeholders}). */
  reasons(node: NodeOfKind<K>): { reason: Reason; at: ConfigPath }[];
  /** The node's own outputs its reason messages may already show (the compiler defines them first). */
  namesInReasons(node: NodeOfKind<K>): string[];

  /** The kind's semantic checks (validate/check-*.ts). */
  check(ctx: PolicyContext, conditions: ConditionChecker, node: NodeOfKind<K>, index: number): void;
  /** The statements computing the node's outputs (compile/emit-*.ts); `primary`: the scorecard whose score the decision returns. */
  emit(ctx: EmitContext, node: NodeOfKind<K>, primary: boolean): string[];
  /** The shape of its config as the diff walks it (diff/config-shapes.ts). */
  readonly diff: Shape;
}

/** The registry's type: a kind of the format without a spec fails typecheck. */
export type NodeKindRegistry = { readonly [K in NodeKind]: NodeKindSpec<K> };
