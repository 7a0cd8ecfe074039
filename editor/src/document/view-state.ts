/** View state: what is selected and shown. Never part of the policy document, never undone. */
import type { Decision } from '../../../engine/model/decision-schema.js';
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import type { DiagnosticLike } from './overlays.js';
import { createStore } from './store.js';

export type BottomPanel = 'problems' | 'test' | 'golden' | 'history' | 'review';

export interface CompareState {
  from: string;
  to: string;
  before: PolicyDocument | null;
  after: PolicyDocument;
  changes: { kind: string; area: string; nodeId: string | null; path: string; message: string }[];
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
  compare: null,
  notice: null,
  inspectorTab: 'node',
};

export const createViewStore = () => createStore<ViewState>(initialViewState);
export type ViewStore = ReturnType<typeof createViewStore>;
