'use strict';
// flagd-core 4.x reads sem_ver versions with node-semver after String(value); flagd's Go implementation
// (and the engine) prefix "v" and use golang.org/x/mod/semver. Where node-semver accepts what Go rejects
// (or the reverse), the wrapper answers as Go does and records the departure; everything else passes through.
//
//   semver-array-input           String(["1.2.3"]) / String([[1]]) parse as versions; Go needs a string (or number).
//   semver-whitespace            node-semver trims; Go does not.
//   semver-double-v-prefix       flagd-core strips one v and node-semver allows another ("vv1.2.3").
//   semver-unsafe-integer        node-semver rejects numbers above 2^53-1; Go compares numbers of any size.

const semver = require('semver');
const departures = require('./departures.cjs');

const MAIN = /^[vV]?(0|[1-9]\d*)(?:\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)?)?$/;

function goRejection(value) {
  if (Array.isArray(value)) return 'semver-array-input';
  if (typeof value !== 'string') return null;
  if (value !== value.trim()) return 'semver-whitespace';
  const rest = value.replace(/^[vV]/, '');
  return /^[vV]/.test(rest) ? 'semver-double-v-prefix' : null;
}

// A version node-semver refuses only because a number is too large: same text with small numbers parses.
function unsafeVersion(value) {
  const text = typeof value === 'number' ? String(value) : value;
  const match = typeof text === 'string' ? MAIN.exec(text) : null;
  if (!match || ![match[1], match[2], match[3]].some((part) => part !== undefined && !Number.isSafeInteger(Number(part)))) return null;
  const prerelease = match[4] ?? '';
  if (!semver.valid(`0.0.0${prerelease}`)) return null;
  return { numbers: [match[1], match[2] ?? '0', match[3] ?? '0'].map(BigInt), prerelease };
}

function parts(value) {
  const unsafe = unsafeVersion(value);
  if (unsafe) return unsafe;
  const parsed = semver.parse(String(value).replace(/^[vV]/, '')) ?? (/^\d+(\.\d+)?$/.test(String(value).replace(/^[vV]/, '')) ? semver.coerce(String(value)) : null);
  return parsed && { numbers: [parsed.major, parsed.minor, parsed.patch].map(BigInt), prerelease: parsed.prerelease.length ? `-${parsed.prerelease.join('.')}` : '' };
}

function compareLarge(left, right, operator) {
  let order = 0;
  for (let i = 0; i < 3 && order === 0; i++) order = left.numbers[i] < right.numbers[i] ? -1 : left.numbers[i] > right.numbers[i] ? 1 : 0;
  if (order === 0) order = semver.compare(`0.0.0${left.prerelease}`, `0.0.0${right.prerelease}`);
  switch (operator) {
    case '=': return order === 0;
    case '!=': return order !== 0;
    case '<': return order < 0;
    case '<=': return order <= 0;
    case '>': return order > 0;
    case '>=': return order >= 0;
    case '^': return left.numbers[0] === right.numbers[0];
    case '~': return left.numbers[0] === right.numbers[0] && left.numbers[1] === right.numbers[1];
    default: return null;
  }
}

module.exports = function correctSemVer(semVer) {
  return function correctedSemVer(data, context) {
    if (!Array.isArray(data) || data.length !== 3) return semVer(data, context);
    for (const value of [data[0], data[2]]) {
      const rejection = goRejection(value);
      if (rejection) {
        departures.note(rejection);
        return null;
      }
    }

    if (unsafeVersion(data[0]) || unsafeVersion(data[2])) {
      const left = parts(data[0]);
      const right = parts(data[2]);
      if (!left || !right || typeof data[1] !== 'string') return semVer(data, context);
      departures.note('semver-unsafe-integer');
      return compareLarge(left, right, data[1]);
    }

    return semVer(data, context);
  };
};
