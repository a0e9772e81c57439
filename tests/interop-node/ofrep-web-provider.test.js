// The official OpenFeature web SDK and OFREP web provider against a running FlagGrains silo.
// Needs FLAGGRAINS_BASE_URL and FLAGGRAINS_ADMIN_TOKEN; the xunit test OfficialWebProviderInteropTests sets both.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventSource } from 'eventsource';
import { OpenFeature, ClientProviderEvents } from '@openfeature/web-sdk';
import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
import { createEnvironment, putFlags, flagSet } from './support/silo.js';
import { recordingFetch, until } from './support/recording.js';

const baseUrl = process.env.FLAGGRAINS_BASE_URL;
const adminToken = process.env.FLAGGRAINS_ADMIN_TOKEN;
if (!baseUrl || !adminToken) throw new Error('Set FLAGGRAINS_BASE_URL and FLAGGRAINS_ADMIN_TOKEN to a running silo and its admin token.');

// Browsers have EventSource; Node 20 does not, and the provider skips streaming without it. Every stream the
// provider opens is kept so a test can wait for it to be open.
const streams = [];
globalThis.EventSource = class RecordedEventSource extends EventSource {
  constructor(url, init) {
    super(url, init);
    streams.push(this);
  }
};

after(async () => {
  await OpenFeature.close();
});

async function start(domain, { key, context, ...options }) {
  const recorder = recordingFetch();
  const provider = new OFREPWebProvider({
    baseUrl,
    headers: [['Authorization', `Bearer ${key}`]],
    fetchImplementation: recorder.fetch,
    cacheMode: 'disabled', // Node has no localStorage
    ...options,
  });
  await OpenFeature.setContext(domain, context);
  await OpenFeature.setProviderAndWait(domain, provider);
  return { client: OpenFeature.getClient(domain), recorder };
}

test('initial bulk fetch serves typed values with variant and reason', async () => {
  const { key } = await createEnvironment(baseUrl, adminToken, flagSet({ color: 'red', limit: 3 }));
  const { client, recorder } = await start('typed', { key, context: { targetingKey: 'user-1', email: 'a@example.com' }, changeDetection: 'none' });

  assert.equal(recorder.calls[0].status, 200);
  assert.equal(client.getBooleanValue('dark-mode', false), true);
  assert.equal(client.getStringValue('banner-color', 'none'), 'red');
  assert.equal(client.getNumberValue('max-items', 0), 3);
  assert.equal(client.getNumberValue('ratio', 0), 0.25);
  assert.deepEqual(client.getObjectValue('layout', {}), { columns: 2, dense: false });
  const details = client.getBooleanDetails('dark-mode', false);
  assert.equal(details.variant, 'on');
  assert.equal(details.reason, 'TARGETING_MATCH');
  assert.equal(client.getStringValue('no-such-flag', 'fallback'), 'fallback');
});

test('unchanged polls are answered 304 Not Modified', async () => {
  const { key } = await createEnvironment(baseUrl, adminToken, flagSet({ color: 'red', limit: 3 }));
  const { recorder } = await start('polling', { key, context: { targetingKey: 'user-2' }, changeDetection: 'polling', pollInterval: 100 });

  await until(() => recorder.calls.filter((call) => call.status === 304).length >= 2, 'two 304 polls');
  assert.equal(recorder.calls[0].status, 200);
  for (const call of recorder.calls.slice(1)) assert.equal(call.status, 304);
  assert.ok(recorder.calls.slice(1).every((call) => call.ifNoneMatch === recorder.calls[0].etag), 'polls send the ETag back');
});

test('an admin write reaches the provider through the event stream', async (t) => {
  const { project, key } = await createEnvironment(baseUrl, adminToken, flagSet({ color: 'red', limit: 3 }));
  const opened = streams.length;
  const { client, recorder } = await start('streaming', { key, context: { targetingKey: 'user-3' } });

  assert.ok(recorder.calls[0].eventStreams?.[0]?.type === 'sse', 'the bulk response advertises an SSE stream');
  await until(() => streams.length > opened && streams.at(-1).readyState === 1, 'the event stream to open');
  // A fresh stream (no Last-Event-ID) is told the current version at once; the provider's re-fetch is a 304.
  await until(() => recorder.calls.some((call) => call.flagConfigEtag && call.status === 304), 'the re-fetch of the initial notification');

  const changed = new Promise((resolve) => client.addHandler(ClientProviderEvents.ConfigurationChanged, resolve));
  const written = performance.now();
  await putFlags(baseUrl, adminToken, project, flagSet({ color: 'blue', limit: 3 }));
  const event = await changed;
  t.diagnostic(`admin write -> ConfigurationChanged: ${(performance.now() - written).toFixed(1)} ms`);

  assert.ok(event.flagsChanged.includes('banner-color'));
  assert.equal(client.getStringValue('banner-color', 'none'), 'blue');
  const refetch = recorder.calls.at(-1);
  assert.equal(refetch.status, 200);
  assert.match(refetch.flagConfigEtag, /^"v\d+"$/);
  assert.ok(recorder.calls.every((call) => call.status !== 429 && call.status < 500));
});
