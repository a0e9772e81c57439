'use strict';
// Reference side of the differential test: evaluates every flag of every case's flag file for every
// context with @openfeature/flagd-core and prints one JSON line per (case, context).
//
//   node evaluate.cjs input.json > results.jsonl
//
// input.json: { "nowMillis": 1767225600123, "contexts": [ {...}, ... ],
//               "cases": [ { "name": "testkit", "flagFile": "/abs/path.json" }, ... ] }
// each line:  { "case": "testkit", "context": 0, "keys": [...] (first context only), "results": [ result, ... ] }
//             results follow the order of the file's "flags" object, then one unknown key (FLAG_NOT_FOUND).
// result:     [value, variant, reason, errorCode, unmatchedVariant, corrections?]
//             unmatchedVariant is the name targeting returned when no variant has it (a GENERAL error),
//             as { "utf16": [code units] } when it holds a lone surrogate.
//             corrections, present only when a departure was taken: [[departureNames, result], ...], the result
//             of the reference with exactly those departures undone (see departures.cjs), fewest first.

const fs = require('node:fs');
const departures = require('./departures.cjs');
require('./engine-patches.cjs');
const { FlagdCore } = require('@openfeature/flagd-core');

const UNKNOWN_FLAG = 'differential-no-such-flag';
const PROTO_KEY = 'proto-context-key';
const SURROGATE = 'unpaired-surrogate';
const silent = { error() {}, warn() {}, info() {}, debug() {} };

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

// $flagd.timestamp must be the instant the C# side evaluates at, not the wall clock.
Date.now = () => input.nowMillis;

function load(flagFile, mode) {
  departures.setMode(mode);
  try {
    const core = new FlagdCore(undefined, silent);
    core.setConfigurations(fs.readFileSync(flagFile, 'utf8'));
    return core;
  } finally {
    departures.setMode('reference');
  }
}

function typeOf(core, key) {
  const flag = core.getFlag(key);
  const first = flag ? flag.variants.values().next() : { done: true };
  return first.done ? 'boolean' : typeof first.value;
}

// The context as flagd (Go's encoding/json) reads the same JSON text:
//   proto-context-key   JSON.parse makes "__proto__" an own key; flagd-core's Object.assign({}, context) then
//                       replaces the prototype instead of copying it, so its contents leak in as inherited
//                       attributes. flagd treats it as an ordinary (unread) key, so it is dropped here.
//   unpaired-surrogate  an escaped surrogate without its partner ("\ud800") stays in a JavaScript string;
//                       Go reads it as U+FFFD (so does the engine).
function asFlagdReadsIt(context) {
  let result = context;
  if (Object.hasOwn(result, '__proto__')) {
    departures.note(PROTO_KEY);
    result = { ...result };
    delete result.__proto__;
  }

  return wellFormedDeep(result);
}

function wellFormedDeep(value) {
  if (typeof value === 'string') {
    if (value.isWellFormed()) return value;
    departures.note(SURROGATE);
    return value.toWellFormed();
  }

  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map(wellFormedDeep);
    return items.every((item, i) => item === value[i]) ? value : items;
  }

  let copy = null;
  for (const key of Object.keys(value)) {
    const fixedKey = wellFormedDeep(key);
    const fixedValue = wellFormedDeep(value[key]);
    if (copy === null && (fixedKey !== key || fixedValue !== value[key])) {
      copy = {};
      for (const earlier of Object.keys(value)) {
        if (earlier === key) break;
        copy[earlier] = value[earlier];
      }
    }

    if (copy !== null) copy[fixedKey] = fixedValue;
  }

  return copy ?? value;
}

// A name cut from user input can hold a lone surrogate, which JSON text cannot carry to .NET intact.
function wellFormed(text) {
  if (text.isWellFormed()) return text;
  const utf16 = [];
  for (let i = 0; i < text.length; i++) utf16.push(text.charCodeAt(i));
  return { utf16 };
}

function resolve(core, key, type, context) {
  const details = core.resolve(type, key, null, context, silent);
  // resolve() fills in the caller's default when there is no variant; report "no value" instead.
  const hasVariant = details.variant !== undefined && details.variant !== null;
  const unmatched = /^Variant '([\s\S]*)' not found in flag with key '/.exec(details.errorMessage ?? '');
  return [
    hasVariant ? details.value : null,
    hasVariant ? details.variant : null,
    details.reason,
    details.errorCode ?? null,
    unmatched ? wellFormed(unmatched[1]) : null,
  ];
}

// Read once per context, since contexts are shared by every flag of every case.
const flagdViews = new WeakMap();
function flagdView(context) {
  let view = flagdViews.get(context);
  if (!view) {
    departures.begin();
    const normalized = asFlagdReadsIt(context);
    view = { context: normalized, taken: departures.end() };
    flagdViews.set(context, view);
  }

  return view;
}

function corrected(core, key, type, context, contextTaken) {
  departures.begin();
  contextTaken.forEach(departures.note);
  const result = resolve(core, key, type, context);
  return { result, taken: departures.end() };
}

const same = (left, right) => JSON.stringify(left) === JSON.stringify(right);

// Corrections from the fewest upwards, so that the first corrected result that agrees with the engine names
// only the departures that explain the difference: operator departures, then JsonLogic, then each again on
// the context as flagd reads it (only for contexts that read differently).
function evaluateFlag(cores, key, type, context) {
  const view = flagdView(context);
  const operators = corrected(cores.operators, key, type, context, []);
  const jsonLogic = corrected(cores.jsonlogic, key, type, context, []);
  // With no departure taken the wrappers passed every call through, so "operators" is the reference's result.
  const reference = operators.taken.length === 0 ? operators.result : resolve(cores.reference, key, type, context);
  const levels = [
    { names: operators.taken, result: operators.result },
    { names: [...jsonLogic.taken, 'jsonlogic-engine'], result: jsonLogic.result, unless: operators.result },
  ];
  if (view.taken.length > 0) {
    const operatorsOnView = corrected(cores.operators, key, type, view.context, view.taken);
    const jsonLogicOnView = corrected(cores.jsonlogic, key, type, view.context, view.taken);
    levels.push({ names: operatorsOnView.taken, result: operatorsOnView.result, unless: operators.result });
    levels.push({ names: [...jsonLogicOnView.taken, 'jsonlogic-engine'], result: jsonLogicOnView.result, unless: operatorsOnView.result });
  }

  const corrections = levels
    .filter((level) => level.names.length > 0 && !same(level.result, reference) && !(level.unless && same(level.result, level.unless)))
    .map((level) => [level.names, level.result]);
  const departed = operators.taken.length > 0 || !same(jsonLogic.result, operators.result);
  // An empty list still tells the C# side that a departure was taken, though it changed nothing.
  return corrections.length === 0 && !departed ? reference : [...reference, corrections];
}

const out = [];
function flush(force) {
  if (out.length > 0 && (force || out.length >= 256)) {
    fs.writeSync(1, out.join('\n') + '\n');
    out.length = 0;
  }
}

for (const testCase of input.cases) {
  const cores = {
    reference: load(testCase.flagFile, 'reference'),
    operators: load(testCase.flagFile, 'operators'),
    jsonlogic: load(testCase.flagFile, 'jsonlogic'),
  };
  const keys = [...cores.reference.getFlags().keys(), UNKNOWN_FLAG];
  const types = keys.map((key) => typeOf(cores.reference, key));
  input.contexts.forEach((context, index) => {
    const results = keys.map((key, i) => evaluateFlag(cores, key, types[i], context));
    out.push(JSON.stringify({ case: testCase.name, context: index, keys: index === 0 ? keys : undefined, results }));
    flush(false);
  });
}

flush(true);
