/** View state: what is selected and shown. Never part of the policy document, never undone. */
import type { Decision } from '../../../engine/model/decision-schema.js';
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import type { DiagnosticLike } from './overlays.js';
import type { GoldenCaseResult } from '../app/workspace/golden-live.js';
import { createStore } from './store.js';

export type BottomPanel = 'problems' | 'test' | 'golden' | 'history' | 'review';

export interface CompareState {
  from: string;
  to: string;
  before: PolicyDocument | null;
  after: PolicyDocument;
  changes: { kind: string; area: string; nodeId: string | null; path: string; message: string; messages?: { en: string; fr: string } }[];
  nodes: { added: string[]; removed: string[]; changed: string[] };
}

export interface ViewState {
  selection: string[];
  selectedEdges: string[];
  /** JSON pointer of the field to focus in the inspector (from a clicked problem). */
  focusPath: string | null;
  panel: BottomPanel;
  diagnostics: DiagnosticLike[];
  validating: boolean;
  run: { decision: Decision; facts: Record<string, unknown> } | null;
  /** The document's nodes the run was made on (an edit clears the run). */
  runNodes: PolicyDocument['nodes'] | null;
  /** Golden tests as of the last live validation (empty while the policy has errors). */
  golden: GoldenCaseResult[];
  /** The bottom panel folded down to its tabs. */
  panelCollapsed: boolean;
  /** Bottom panel height in px (dragged by its grip). */
  panelHeight: number;
  /** The inspector opened wide over the canvas, for the table editors. */
  inspectorWide: boolean;
  compare: CompareState | null;
  notice: { kind: 'error' | 'info' | 'success'; text: string } | null;
  inspectorTab: 'node' | 'inputs' | 'policy';
}

export const initialViewState: ViewState = {
  selection: [],
  selectedEdges: [],
  focusPath: null,
  panel: 'problems',
  diagnostics: [],
  validating: false,
  run: null,
  runNodes: null,
  golden: [],
  panelCollapsed: false,
  panelHeight: 220,
  inspectorWide: false,
  compare: null,
  notice: null,
  inspectorTab: 'node',
};

export const createViewStore = () => createStore<ViewState>(initialViewState);
export type ViewStore = ReturnType<typeof createViewStore>;

/** Below this zoom card text is smaller than ~9 px: the canvas scrolls (and the minimap helps) instead. */
export const READABLE_ZOOM = 0.75;
