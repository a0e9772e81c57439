'use strict';
// flagd-core 4.x's `fractional` departs from flagd's specification and Go implementation in three ways;
// the wrapper undoes exactly those and passes every other call through unchanged:
//
//   utf16-hash                imurmurhash hashes UTF-16 code units; flagd hashes the UTF-8 bytes.
//   null-bucketing-key        a bucketing expression that yields null must fall back to flagKey + targetingKey
//                             (spec flow chart; Go drops the null); flagd-core keeps the null as a bucket and fails.
//   non-string-targeting-key  flagd requires a string targetingKey; flagd-core stringifies any truthy value.

const departures = require('./departures.cjs');

// imurmurhash reads char codes below 256 as single bytes, so a string of UTF-8 bytes (one char per byte)
// makes flagd-core's unchanged hashing code compute MurmurHash3 over the UTF-8 encoding.
function utf8ByteString(text) {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function isAscii(text) {
  return !/[^\x00-\x7f]/.test(text);
}

module.exports = function correctFractional(fractional) {
  return function correctedFractional(data, context) {
    if (!Array.isArray(data) || data.length === 0) return fractional(data, context);
    let args = data;
    if (args[0] === null) {
      departures.note('null-bucketing-key');
      args = args.slice(1);
    }

    if (typeof args[0] === 'string') {
      if (isAscii(args[0])) return fractional(args, context);
      departures.note('utf16-hash');
      return fractional([utf8ByteString(args[0]), ...args.slice(1)], context);
    }

    const targetingKey = context.targetingKey;
    if (targetingKey && typeof targetingKey !== 'string') {
      departures.note('non-string-targeting-key');
      return null;
    }

    const flagKey = context.$flagd && context.$flagd.flagKey;
    const bucketBy = `${flagKey}${targetingKey}`;
    if (!targetingKey || typeof flagKey !== 'string' || isAscii(bucketBy)) return fractional(args, context);
    departures.note('utf16-hash');
    return fractional([utf8ByteString(bucketBy), ...args], context);
  };
};
