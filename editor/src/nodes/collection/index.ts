import type { NodeKindModule } from '../types.js';
import { createCollection } from './defaults.js';
import { CollectionCard } from './Card.js';
import { CollectionInspector } from './Inspector.js';

export const collectionKind: NodeKindModule<'collection'> = {
  kind: 'collection',
  glyph: '↻',
  create: createCollection,
  CardBody: CollectionCard,
  Inspector: CollectionInspector,
};
