/*
 * The inbox page's live connection, run in a dedicated worker: it holds the Server-Sent Events stream
 * and passes every event on to the page as a message ({kind: 'open' | 'error' | 'event', name, data}).
 *
 * Why a worker: an EventSource on the page itself is a request that never ends, so the page never
 * settles. Tools that wait for a page to finish its work before reading it (Chromium's
 * --virtual-time-budget with --dump-dom or --screenshot, "network idle" waits) then wait forever. The
 * worker's stream is not one of the page's own requests; the page finishes loading its state and settles.
 */
'use strict';

const STREAM_URL = '/_fake/v1/inbox/stream';
const EVENT_NAMES = ['ready', 'room-event', 'rooms-changed', 'room-cleared', 'faults-changed', 'device-warning', 'reset'];

const stream = new EventSource(STREAM_URL);
stream.addEventListener('open', () => postMessage({ kind: 'open' }));
stream.addEventListener('error', () => postMessage({ kind: 'error' })); // EventSource reconnects by itself
for (const name of EVENT_NAMES) {
  stream.addEventListener(name, (message) => postMessage({ kind: 'event', name, data: message.data }));
}
