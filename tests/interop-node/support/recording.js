// A fetch that remembers what the provider asked and what the silo answered.
export function recordingFetch() {
  const calls = [];
  return {
    calls,
    async fetch(input, init) {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const response = await fetch(request);
      const call = {
        status: response.status,
        etag: response.headers.get('etag'),
        ifNoneMatch: request.headers.get('if-none-match'),
        flagConfigEtag: url.searchParams.get('flagConfigEtag'),
      };
      if (response.status === 200 && url.pathname.endsWith('/evaluate/flags')) {
        call.eventStreams = (await response.clone().json()).eventStreams;
      }
      calls.push(call);
      return response;
    },
  };
}

// Bounded wait for a condition the provider reaches on its own schedule (no fixed sleeps).
export async function until(condition, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
