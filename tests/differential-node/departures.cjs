'use strict';
// Which reference is being built, and which known departures an evaluation went through.
//
// Three FlagdCore instances evaluate every flag:
//   reference   @openfeature/flagd-core exactly as published.
//   operators   the same, with flagd-core's known departures from flagd's specification and its Go
//               implementation undone, each one by a narrow wrapper that records when it acts:
//               fractional-corrections.cjs, semver-corrections.cjs, and the __proto__ context key (evaluate.cjs).
//   jsonlogic   "operators", with targeting run by json-logic-js (JsonLogic's reference implementation, whose
//               tests.json is the conformance suite) instead of json-logic-engine (engine-patches.cjs).
// The C# side excludes a difference only when one of the corrected instances agrees with the engine.

let mode = 'reference';
let taken = null;

module.exports = {
  get mode() {
    return mode;
  },
  setMode(value) {
    mode = value;
  },
  note(name) {
    if (taken !== null && !taken.includes(name)) taken.push(name);
  },
  begin() {
    taken = [];
  },
  end() {
    const result = taken;
    taken = null;
    return result;
  },
};
