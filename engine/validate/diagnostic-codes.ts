/**
 * THE fixed list of diagnostic codes. A code is a stable contract with editors, CI scripts and
 * people's muscle memory: add codes, never rename or reuse one. docs/diagnostics.md lists the same
 * codes (a test keeps the two in step).
 */
type Severity = 'error' | 'warning';
const error = (summary: string) => ({ severity: 'error' as Severity, summary });
const warning = (summary: string) => ({ severity: 'warning' as Severity, summary });

export const DIAGNOSTIC_CODES = {
  // Document shape (JSON Schema)
  DOCUMENT_TOO_LARGE: error('The document exceeds a stated limit (nodes, edges, inputs, tests, items per node, nesting); nothing else is checked.'),
  SCHEMA_VIOLATION: error('A value breaks the policy JSON Schema (wrong type, out of range, bad format, too long…).'),
  UNKNOWN_PROPERTY: error('An object has a property the format does not define (often a typo).'),
  MISSING_PROPERTY: error('A required property is absent.'),
  UNKNOWN_NODE_KIND: error('A node\'s kind (or a rule action\'s type) is not one the format defines.'),
  INVALID_CONDITION: error('A condition is not a valid json-rules-engine condition (all/any/not/condition or fact/operator/value).'),

  // Identity and names
  DUPLICATE_ID: error('Two items of the same list (nodes, criteria, classes, levels, scenarios, rules, overrides, tests…) share an id.'),
  DUPLICATE_NAME: error('A node produces a name that is already an input or produced by another node.'),

  // Graph
  EDGE_UNKNOWN_NODE: error('An edge names a node that does not exist.'),
  DUPLICATE_EDGE: warning('The same edge is listed more than once.'),
  GRAPH_CYCLE: error('The edges form a cycle; the graph must be acyclic.'),
  NO_DECISION_NODE: error('The graph has no decision node.'),
  MULTIPLE_DECISION_NODES: error('The graph has more than one decision node.'),
  DUPLICATE_NODE_KIND: error('More than one node of a kind allowed once (riskClass, creditLimit, approval, collection).'),
  NODE_NOT_CONNECTED: warning('A node is not upstream of the decision node, so it never affects a decision.'),

  // Expressions and name resolution
  EXPRESSION_SYNTAX: error('An expression does not parse or uses a construct the expression language forbids.'),
  EXPRESSION_TOO_DEEP: error('An expression nests operators, calls or parentheses deeper than the stated limit (200 levels).'),
  UNKNOWN_NAME: error('A name is neither a declared input nor produced by any node.'),
  NAME_NOT_UPSTREAM: error('A name is produced by a node that is not upstream of where it is used (an edge is missing).'),
  UNKNOWN_PLACEHOLDER: error('A reason message has a {name} placeholder that names no input or variable.'),

  // Figures taken from outside the policy (a formula variable's `reference`)
  REFERENCE_DATE_INVALID: error('A reference figure\'s asOf is not a calendar date (YYYY-MM-DD).'),
  REFERENCE_OUT_OF_DATE: warning('A reference figure (e.g. the ECB rate of the late-payment penalties) dates from before the current half-year or year, as of the date the policy is checked: look it up again.'),

  // Conditions
  UNKNOWN_CONDITION: error('A {condition: name} reference names no shared condition.'),
  CONDITION_CYCLE: error('Shared conditions reference each other in a cycle.'),
  CONDITION_TOO_DEEP: error('A condition nests deeper than the stated limit.'),
  OPERATOR_VALUE_MISMATCH: error('An operator is given a value it cannot use (in/notIn need a list).'),
  OPERATOR_TYPE_MISMATCH: warning('An operator does not fit the type of the fact or value: the condition is always false (or always true), or compares text where numbers were meant.'),
  VALUE_NOT_IN_ENUM: warning('A value compared with (or banded for) an enum input is not one of its values.'),
  UNUSED_CONDITION: warning('A shared condition is never referenced.'),

  // Scorecard
  SCALE_INVALID: error('A scorecard scale has min ≥ max.'),
  WEIGHTS_TOTAL: error('The weights of a weighted-average scorecard do not total 100 (or a criterion has none).'),
  POINTS_OUTSIDE_SCALE: error('Band points (or missing points) lie outside the scorecard scale.'),
  BAND_INVALID: error('A band is malformed: min ≥ max, no bound and no values, or both bounds and values.'),
  BAND_TYPE_MISMATCH: error('Numeric bands on a string/enum/boolean variable, or value bands on a number.'),
  BAND_GAP: error('Numeric bands leave a range of values that falls in no band.'),
  BAND_OVERLAP: error('Numeric bands overlap, so a later band is partly shadowed by an earlier one.'),
  BAND_DUPLICATE_VALUE: error('A value is listed in more than one value band of a criterion.'),
  BAND_VALUE_NOT_COVERED: warning('An enum (or boolean) value is in no band, so it scores as missing.'),
  MISSING_POINTS_UNSET: warning('missingRule "points" without missingPoints: the scale minimum is used.'),
  WEIGHT_IGNORED: warning('A criterion of a "sum" scorecard has a weight, which that scoring does not use.'),
  SCORING_MISSING_RULE: error('A "sum" scorecard has missingRule "reweight"; a sum needs missing points.'),
  MISSING_POINTS_IGNORED: warning('missingPoints is set but missingRule is "reweight", so it is never used.'),

  // Risk class
  RISK_CLASS_OVERLAP: error('Class minScore values do not strictly decrease from best to worst.'),
  RISK_CLASS_GAP: error('The last class\'s minScore is above the score scale minimum, so low scores fall in no class.'),
  UNKNOWN_CLASS: error('A risk class id is used that the risk class node does not define.'),

  // Credit limit
  CLASS_PARAMETERS_MISSING: error('A risk class has no credit-limit class parameters.'),
  CLASS_PARAMETERS_INCONSISTENT: error('Class parameter sets do not all define the same names.'),
  LIMIT_BOUNDS_INVALID: error('The credit-limit floor is above the ceiling.'),
  ROUNDING_STEP_MISMATCH: warning('The rounding step does not divide the ceiling (or floor), so rounding can leave the bounds.'),

  // Approval
  DELEGATION_NOT_INCREASING: error('Delegation levels\' maxAmount does not strictly increase.'),
  DELEGATION_UNBOUNDED_NOT_LAST: error('A level without ceiling (maxAmount null) is not the last level.'),
  DELEGATION_CAPPED: warning('The highest level has a ceiling: amounts above it are refused (NO_AUTHORITY).'),
  ESCALATION_WITHOUT_LEVEL: error('A rule or default escalates, but no delegation level is defined.'),
  UNKNOWN_LEVEL: error('A rule, default, action or test names a delegation level that does not exist.'),
  LEVEL_IGNORED: warning('A level is given with an outcome other than escalate, so it is never used.'),
  UNREACHABLE_RULE: warning('A rule (or default) can never apply: an earlier rule is unconditional or has the same condition.'),

  // Collection
  COLLECTION_CLASS_UNMAPPED: error('A risk class has no collection scenario and there is no default.'),
  UNKNOWN_SCENARIO: error('A scenario id is used that the collection node does not define.'),
  COLLECTION_STEPS_UNORDERED: warning('Collection steps are not in day order.'),

  // Inputs
  INPUT_ENUM_WITHOUT_VALUES: error('An enum input lists no values.'),
  INPUT_VALUES_NOT_ENUM: error('An input that is not an enum lists values.'),
  INPUT_RANGE_INVALID: error('An input\'s min is above its max.'),
  INPUT_BOUNDS_IGNORED: warning('min/max on a non-numeric input are ignored.'),
  INPUT_UNUSED: warning('No node reads this input, so it changes no decision.'),

  // Decision and outcome
  NO_OUTCOME: warning('No node can set an outcome, so every decision is refuse (NO_OUTCOME).'),

  // Golden tests
  TEST_UNKNOWN_FACT: error('A golden test gives a fact that is not a declared input.'),
  MONOTONICITY_VIOLATION: warning('An input declared higher/lower is better, improved alone, makes the decision worse (score, class, limit or outcome); the diagnostic carries both requests.'),
  GOLDEN_TEST_FAILED: error('A golden test\'s expectation does not hold.'),
  COMPILE_FAILED: error('The compiler refused the policy for a reason validation did not foresee.'),
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
