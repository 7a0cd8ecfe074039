import type { NodeKindModule } from '../types.js';
import { createApproval } from './defaults.js';
import { ApprovalCard } from './Card.js';
import { ApprovalInspector } from './Inspector.js';

export const approvalKind: NodeKindModule<'approval'> = {
  kind: 'approval',
  glyph: '✓',
  create: createApproval,
  CardBody: ApprovalCard,
  Inspector: ApprovalInspector,
};
