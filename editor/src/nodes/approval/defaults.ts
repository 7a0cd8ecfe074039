import type { ApprovalConfig, NodeOfKind, PolicyDocument } from '../../../../engine/model/policy-schema.js';

type ApprovalRule = ApprovalConfig['rules'][number];

export function newApprovalRule(existing: ApprovalRule[]): ApprovalRule {
  const ids = new Set(existing.map((r) => r.id));
  let n = existing.length + 1;
  while (ids.has(`rule${n}`)) n++;
  return { id: `rule${n}`, when: { all: [] }, outcome: 'accept', reason: { code: 'RULE_MATCHED', message: { en: 'Rule matched', fr: 'Règle appliquée' } } };
}

export function createApproval(doc: PolicyDocument, id: string): NodeOfKind<'approval'> {
  const amount = doc.inputs.find((i) => /amount/i.test(i.name))?.name ?? doc.inputs.find((i) => i.type === 'number')?.name ?? '0';
  return {
    id,
    kind: 'approval',
    label: { en: 'Approval', fr: 'Approbation' },
    config: {
      amount,
      levels: [
        { id: 'salesRep', label: { en: 'Sales rep', fr: 'Commercial' }, maxAmount: 5000 },
        { id: 'creditAnalyst', label: { en: 'Credit analyst', fr: 'Analyste crédit' }, maxAmount: 25000 },
        { id: 'creditManager', label: { en: 'Credit manager', fr: 'Responsable crédit' }, maxAmount: null },
      ],
      rules: [],
      default: { outcome: 'escalate', reason: { code: 'NEEDS_APPROVAL', message: { en: 'A person must approve {' + amount + '}', fr: 'Une personne doit approuver {' + amount + '}' } } },
    },
  };
}
