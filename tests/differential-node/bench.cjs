'use strict';
// Same-box baseline for tests/FlagGrains.Benchmarks: @openfeature/flagd-core on the same flag set and the
// same scenarios, so the engine's ratio is measured on one machine rather than against figures from another.
//
//   node bench.cjs [path/to/flags-50.json]
//
// (a) bench-flag-00 (50/50 fractional) for 100,000 distinct users, per evaluation;
// (b) resolveAll for one mobile context (all 50 flags), and the same with JSON.parse of the request body first.
// Each scenario: warm-up, then ROUNDS timed rounds; the median round is reported.

const fs = require('node:fs');
const path = require('node:path');
const { FlagdCore } = require('@openfeature/flagd-core');

const ROUNDS = 7;
const USERS = 100_000;
const ALL_FLAGS_PER_ROUND = 20_000;
const REQUEST_BODY =
  '{"context":{"targetingKey":"user-42","appVersion":"2.4.1","platform":"ios","email":"jane@example.com","country":"NL","locale":"nl-NL"}}';

function findFlags() {
  return process.argv[2] || path.join(__dirname, '..', 'data', 'flags-50.json');
}

const silent = { error() {}, warn() {}, info() {}, debug() {} };
const core = new FlagdCore(undefined, silent);
core.setConfigurations(fs.readFileSync(findFlags(), 'utf8'));

function measure(name, operationsPerRound, round) {
  round();
  round();
  const nanos = [];
  const cpuNanos = [];
  let sink = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    sink += round();
    nanos.push(Number(process.hrtime.bigint() - start) / operationsPerRound);
    const used = process.cpuUsage(cpu);
    cpuNanos.push(((used.user + used.system) * 1000) / operationsPerRound);
  }

  // On a shared machine the wall clock includes time spent descheduled; CPU time per operation does not.
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const wall = median(nanos);
  console.log(
    `${name.padEnd(44)} ${wall.toFixed(1).padStart(10)} ns/op ${Math.round(1e9 / wall).toLocaleString('en-US').padStart(12)} op/s` +
      `  (min ${Math.min(...nanos).toFixed(1)}, max ${Math.max(...nanos).toFixed(1)}; CPU ${median(cpuNanos).toFixed(1)} ns/op; ${sink > 0 ? 'ok' : '?'})`,
  );
}

const users = Array.from({ length: USERS }, (_, i) => ({ targetingKey: `user-${i}` }));
measure('fractional rollout, 100k distinct users', USERS, () => {
  let on = 0;
  for (const context of users) {
    if (core.resolveBooleanEvaluation('bench-flag-00', false, context, silent).value) on++;
  }

  return on;
});

const context = JSON.parse(REQUEST_BODY).context;
measure('resolveAll (50 flags)', ALL_FLAGS_PER_ROUND, () => {
  let count = 0;
  for (let i = 0; i < ALL_FLAGS_PER_ROUND; i++) count += core.resolveAll(context, silent).length;
  return count;
});

measure('JSON.parse body + resolveAll (50 flags)', ALL_FLAGS_PER_ROUND, () => {
  let count = 0;
  for (let i = 0; i < ALL_FLAGS_PER_ROUND; i++) count += core.resolveAll(JSON.parse(REQUEST_BODY).context, silent).length;
  return count;
});

console.log(`node ${process.version}, @openfeature/flagd-core ${require('@openfeature/flagd-core/package.json').version}, ${ROUNDS} rounds, median`);
