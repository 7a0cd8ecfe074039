/** What each node kind folder provides: its defaults, its graph card body, its inspector. */
import type { ComponentType } from 'react';
import type { NodeKind, NodeOfKind, PolicyDocument } from '../../../engine/model/policy-schema.js';
import type { NodeOverlay } from '../document/graph-mapping.js';

export interface InspectorProps<K extends NodeKind> {
  node: NodeOfKind<K>;
  doc: PolicyDocument;
  /** JSON pointer of the node in the document, e.g. /nodes/3 (fields add /config/…). */
  path: string;
  readOnly: boolean;
  /** Applies an edit to a copy of the node, as one command; `mergeKey` groups keystrokes of one field. */
  edit(mutate: (draft: NodeOfKind<K>) => void, mergeKey?: string): void;
}

export interface CardBodyProps<K extends NodeKind> {
  node: NodeOfKind<K>;
  overlay: NodeOverlay;
}

export interface NodeKindModule<K extends NodeKind> {
  kind: K;
  /** A one-character glyph shown on the card and in the palette. */
  glyph: string;
  /** A new node of this kind, valid on its own, with names not used in `doc`. */
  create(doc: PolicyDocument, id: string): NodeOfKind<K>;
  CardBody: ComponentType<CardBodyProps<K>>;
  Inspector: ComponentType<InspectorProps<K>>;
}
