'use strict';
// Hooks into the json-logic-engine instance flagd-core uses (its CommonJS build, hence require()).
// In "operators" and "jsonlogic" mode, flagd-core's own fractional and sem_ver get the correcting wrappers
// and a targeting result that is an array or object is an error (object-targeting-result); in "jsonlogic" mode, a compiled rule runs on json-logic-js instead, with flagd-core's (corrected) custom
// operators registered there. build() still runs first, so unknown operators fail at load as in flagd-core.

const { LogicEngine } = require('json-logic-engine');
const jsonLogic = require('json-logic-js');
const departures = require('./departures.cjs');
const correctFractional = require('./fractional-corrections.cjs');
const correctSemVer = require('./semver-corrections.cjs');

const corrections = { fractional: correctFractional, sem_ver: correctSemVer };
const flagdOperators = ['fractional', 'sem_ver', 'starts_with', 'ends_with'];

const addMethod = LogicEngine.prototype.addMethod;
LogicEngine.prototype.addMethod = function addMethodCorrecting(name, method, options) {
  const correct = departures.mode !== 'reference' && typeof method === 'function' ? corrections[name] : undefined;
  return addMethod.call(this, name, correct ? correct(method) : method, options);
};

// flagd's spec: a targeting result that is not a string, true/false (or null) is an error. flagd-core calls
// toString() on it instead, so ["red"] selects "red" and {} looks up "[object Object]". Throwing makes
// flagd-core report the error (GENERAL) the way it does for any failing rule.
function rejectObjectResults(evaluate) {
  return function evaluateRejectingObjects(data) {
    const result = evaluate(data);
    if (result !== null && typeof result === 'object') {
      departures.note('object-targeting-result');
      throw new Error('targeting returned an array or object, not a variant name');
    }

    return result;
  };
}

const build = LogicEngine.prototype.build;
LogicEngine.prototype.build = function buildCorrecting(logic, options) {
  const compiled = build.call(this, logic, options);
  if (departures.mode === 'reference') return compiled;
  if (departures.mode !== 'jsonlogic') return rejectObjectResults(compiled);
  for (const name of flagdOperators) {
    const method = this.methods[name] && this.methods[name].method;
    // json-logic-js calls custom operations with the evaluated arguments spread and the data as `this`.
    if (method) jsonLogic.add_operation(name, function flagdOperator(...args) { return method(args, this); });
  }

  return rejectObjectResults((data) => jsonLogic.apply(logic, data));
};
