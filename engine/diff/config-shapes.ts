/**
 * The shape of each part of a policy as the diff sees it: which lists have an identity, how their
 * items are named for people, and whether their order changes a decision (see docs/policy-format.md).
 */
import type { Language, LocalizedText } from '../model/policy-schema.js';
import { localizedText } from '../i18n/localized-text.js';
import { CHANGE_WORDS, type ChangeNoun } from '../i18n/change-messages.js';
import type { Shape } from './compare-values.js';

type Item = Record<string, unknown>;

/** A text people gave, in the reader's language; a plain string as it is. */
const text = (v: unknown, language: Language): string | null => {
  const shown = typeof v === 'string' ? v : v !== null && typeof v === 'object' ? localizedText(v as LocalizedText, language) : '';
  return shown.length > 0 ? shown : null;
};
const byId = (item: Item) => String(item.id);
const byName = (item: Item) => String(item.name);
/** `criterion "Payment delay"`: the label people gave it (in the reader's language), else its id. */
const named = (noun: ChangeNoun, key: string) => (item: Item, _index: number, language: Language) =>
  `${CHANGE_WORDS[language].noun(noun)} ${CHANGE_WORDS[language].quote(text(item.label, language) ?? String(item[key]))}`;
const numbered = (noun: ChangeNoun) => (_: Item, index: number, language: Language) => `${CHANGE_WORDS[language].noun(noun)} ${index + 1}`;

const formula: Shape = {
  is: 'object',
  fields: {
    // A later variable may use an earlier one: order matters.
    variables: { is: 'list', key: byName, phrase: named('variable', 'name'), orderMatters: true, item: { is: 'object' } },
  },
};

const band: Shape = { is: 'object', fields: { values: { is: 'set', noun: 'value' } } };

/** "from 10 to 30: 50 points", "below 3: 0 points", "construction, mining: 20 points". */
function bandSummary(b: Item, language: Language): string {
  const w = CHANGE_WORDS[language];
  const numberText = w.number;
  const has = (k: string) => typeof b[k] === 'number';
  const minOut = b.minInclusive === false;
  const maxIn = b.maxInclusive === true;
  const range = Array.isArray(b.values)
    ? b.values.map(String).join(', ')
    : has('min') && has('max')
      ? w.band.between(numberText(b.min), numberText(b.max), minOut, maxIn)
      : has('min')
        ? minOut ? w.band.above(numberText(b.min)) : w.band.atLeast(numberText(b.min))
        : has('max')
          ? maxIn ? w.band.upTo(numberText(b.max)) : w.band.below(numberText(b.max))
          : w.band.any;
  return `${range}${w.colon}${w.band.points(numberText(b.points))}`;
}

const stepSummary = (s: Item, language: Language) => `${CHANGE_WORDS[language].day(CHANGE_WORDS[language].number(s.day))}, ${String(s.action)}`;

function actionSummary(a: Item, language: Language): string {
  const w = CHANGE_WORDS[language];
  const reason = a.reason !== null && typeof a.reason === 'object' ? (a.reason as Item).code : undefined;
  if (a.type === 'outcome') return `${w.outcome(String(a.outcome))}${reason ? `, ${String(reason)}` : ''}`;
  if (a.type === 'reason') return w.reason(String(reason));
  if (a.type === 'set') return w.set(String(a.variable));
  return String(a.type);
}

const scorecard: Shape = {
  is: 'object',
  fields: {
    criteria: {
      is: 'list',
      key: byId,
      phrase: named('criterion', 'id'),
      // The sum does not depend on order, but criterion results and ties among explained criteria do.
      orderMatters: true,
      item: {
        is: 'object',
        fields: { bands: { is: 'list', phrase: numbered('band'), summary: bandSummary, orderMatters: true, item: band } },
      },
    },
  },
};

const riskClass: Shape = {
  is: 'object',
  fields: {
    classes: { is: 'list', key: byId, phrase: (c, _i, language) => `${CHANGE_WORDS[language].noun('class')} ${String(c.id)}`, inline: true, orderMatters: true, item: { is: 'object' } },
    overrides: { is: 'list', key: byId, phrase: named('override', 'id'), orderMatters: true, item: { is: 'object' } },
  },
};

const creditLimit: Shape = {
  is: 'object',
  fields: {
    classParameters: { is: 'record', noun: 'class', item: { is: 'record', noun: '', item: { is: 'value' } } },
    // The first of equal capacities names what bound the limit.
    capacities: { is: 'list', key: byId, phrase: named('capacity', 'id'), orderMatters: true, item: { is: 'object' } },
  },
};

const approval: Shape = {
  is: 'object',
  fields: {
    levels: { is: 'list', key: byId, phrase: named('level', 'id'), orderMatters: true, item: { is: 'object' } },
    rules: { is: 'list', key: byId, phrase: named('rule', 'id'), orderMatters: true, item: { is: 'object' } },
  },
};

const collection: Shape = {
  is: 'object',
  fields: {
    // Scenarios are looked up by id: their order means nothing.
    scenarios: {
      is: 'list',
      key: byId,
      phrase: named('scenario', 'id'),
      orderMatters: false,
      item: { is: 'object', fields: { steps: { is: 'list', phrase: numbered('step'), summary: stepSummary, orderMatters: true, item: { is: 'object' } } } },
    },
    byClass: { is: 'record', noun: 'class', valueWord: 'scenario', item: { is: 'value', bare: true } },
    overrides: { is: 'list', key: byId, phrase: named('override', 'id'), orderMatters: true, item: { is: 'object' } },
  },
};

const rules: Shape = {
  is: 'object',
  fields: {
    rules: {
      is: 'list',
      key: byId,
      phrase: named('rule', 'id'),
      // Every matching rule fires, in order: order decides the order of reasons.
      orderMatters: true,
      item: { is: 'object', fields: { actions: { is: 'list', phrase: numbered('action'), summary: actionSummary, orderMatters: true, item: { is: 'object' } } } },
    },
  },
};

const decision: Shape = { is: 'object', fields: { variables: { is: 'set', noun: 'returned variable' } } };

// Each kind's spec (engine/kinds/) names its config's shape.
export {
  formula as formulaShape,
  scorecard as scorecardShape,
  riskClass as riskClassShape,
  creditLimit as creditLimitShape,
  approval as approvalShape,
  collection as collectionShape,
  rules as rulesShape,
  decision as decisionShape,
};

export const INPUT_LIST: Shape = {
  is: 'list',
  key: byName,
  phrase: named('input', 'name'),
  // Facts are sent by name; the order of declarations changes nothing.
  orderMatters: false,
  item: { is: 'object', fields: { values: { is: 'set', noun: 'value' } } },
};

export const TEST_LIST: Shape = {
  is: 'list',
  key: byId,
  phrase: (t, _i, language) => `${CHANGE_WORDS[language].noun('test')} ${CHANGE_WORDS[language].quote(text(t.name, language) ?? String(t.id))}`,
  orderMatters: false,
  item: {
    is: 'object',
    fields: {
      name: { is: 'value', cosmetic: true },
      facts: { is: 'record', noun: 'fact', item: { is: 'value' } },
      expect: {
        is: 'object',
        fields: {
          reasons: { is: 'set', noun: 'reason' },
          variables: { is: 'record', noun: 'variable', item: { is: 'value' } },
        },
      },
    },
  },
};
