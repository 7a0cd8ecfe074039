/** The shape of the risk report (risk-report.ts), for the API reference and generated clients. */
import { Type } from '@sinclair/typebox';

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Amount = nullable(Type.Number());

export const RiskReport = Type.Object(
  {
    generatedAt: DateTime,
    period: Type.Object({ from: DateTime, to: DateTime, reviewWithinDays: Type.Integer() }),
    pendingByLevel: Type.Array(
      Type.Object({
        level: Type.String(),
        count: Type.Integer(),
        amount: Type.Number({ description: 'Sum of the requested amounts.' }),
        oldestOpenedAt: DateTime,
        ages: Type.Object({ under1d: Type.Integer(), '1to3d': Type.Integer(), '3to7d': Type.Integer(), over7d: Type.Integer() }),
      }),
    ),
    overdue: Type.Array(
      Type.Object({
        approvalId: Type.String(),
        customerId: nullable(Type.String()),
        level: Type.String(),
        requestedAmount: Amount,
        openedAt: DateTime,
        dueAt: nullable(DateTime),
        hoursOverdue: Type.Integer(),
      }),
    ),
    overruns: Type.Array(
      Type.Object({
        alertId: Type.String(),
        customerId: nullable(Type.String()),
        decisionId: nullable(Type.String()),
        raisedAt: DateTime,
        exposure: Type.Number(),
        grantedLimit: Type.Number(),
        overrun: Type.Number(),
      }),
    ),
    reviewsDue: Type.Array(
      Type.Object({
        approvalId: Type.String(),
        customerId: nullable(Type.String()),
        riskClass: nullable(Type.String()),
        amount: Amount,
        decidedBy: Type.String(),
        reviewDate: nullable(DateTime),
        overdue: Type.Boolean(),
      }),
    ),
    downgrades: Type.Array(
      Type.Object({
        customerId: nullable(Type.String()),
        decisionId: nullable(Type.String()),
        from: nullable(Type.String({ description: 'Risk class before.' })),
        to: nullable(Type.String({ description: 'Risk class now.' })),
        raisedAt: DateTime,
      }),
    ),
    totals: Type.Object({ pending: Type.Integer(), overdue: Type.Integer(), overruns: Type.Integer(), reviewsDue: Type.Integer(), downgrades: Type.Integer() }),
  },
  { description: 'The risk report of a period.' },
);
