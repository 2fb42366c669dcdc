/**
 * The SCORM launch page's script, on the CONTENT origin (served by content-origin.ts).
 * The real SCORM API (scorm-again) lives in <lms-player> on the LMS origin; this window
 * offers the SCO `window.API` (1.2) and `window.API_1484_11` (2004) as scorm-again's
 * CrossFrameAPI, which answers synchronously from a cache and forwards every call by
 * postMessage to the LMS origin only. Before the SCO loads, the cache is filled with the
 * attempt's CMI data (so a SCO that reads cmi.suspend_data right after Initialize gets
 * it), and `_count` values the CrossFrameAPI does not cache are kept up to date here.
 */
import * as crossFrameApi from 'scorm-again/cross-frame-api';
import type { CrossFrameAPI as CrossFrameApiClass } from 'scorm-again';

// The subpath's file exports the class by name although its typings declare a default
// export; importing the subpath keeps this page's script small (7 kB, not 97 kB).
const { CrossFrameAPI } = crossFrameApi as unknown as { CrossFrameAPI: typeof CrossFrameApiClass };

type Internals = { _post(method: string, params: unknown[]): Promise<unknown>; _cache: Map<string, string> };

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
const lmsOrigin = meta('lms-origin');
const scoUrl = meta('sco-url');

const proxy = new CrossFrameAPI(lmsOrigin, window.parent, { timeout: 15_000 }) as unknown as Record<string, (...args: string[]) => string> & Internals;

/** `cmi.interactions.3.objectives.0.id` -> counts for `cmi.interactions` (4) and `cmi.interactions.3.objectives` (1). */
function bumpCounts(cache: Map<string, string>, key: string): void {
  const parts = key.split('.');
  for (let i = 1; i < parts.length; i++) {
    if (!/^\d+$/.test(parts[i]!)) continue;
    const countKey = `${parts.slice(0, i).join('.')}._count`;
    const n = Number(parts[i]) + 1;
    if (Number(cache.get(countKey) ?? 0) < n) cache.set(countKey, String(n));
  }
}

function warm(flat: Record<string, unknown>): void {
  const cache = proxy._cache;
  for (const [key, value] of Object.entries(flat)) {
    if (value !== null && typeof value === 'object') {
      // An empty collection, e.g. "cmi.interactions": {}.
      if (/(interactions|objectives|correct_responses|comments_from_learner|comments_from_lms)$/.test(key) && !cache.has(`${key}._count`)) cache.set(`${key}._count`, '0');
      continue;
    }
    cache.set(key, String(value ?? ''));
    bumpCounts(cache, key);
  }
  for (const c of ['cmi.interactions', 'cmi.objectives', 'cmi.comments_from_learner', 'cmi.comments_from_lms']) {
    if (!cache.has(`${c}._count`)) cache.set(`${c}._count`, '0');
  }
}

/** The object the SCO finds: the CrossFrameAPI, with `_count` kept as the SCO adds entries. */
function facade(): Record<string, (...args: string[]) => string> {
  const call = (name: string) => (...args: string[]) => {
    const result = proxy[name]!(...args);
    if ((name === 'LMSSetValue' || name === 'SetValue') && typeof args[0] === 'string') bumpCounts(proxy._cache, args[0]);
    return result;
  };
  const names = [
    'LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic',
    'Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString', 'GetDiagnostic',
  ];
  return Object.fromEntries(names.map((n) => [n, call(n)]));
}

async function start(): Promise<void> {
  try {
    warm(((await proxy._post('getFlattenedCMI', [])) ?? {}) as Record<string, unknown>);
  } catch (err) {
    console.error('Could not load the course data from the learning system', err);
  }
  const api = facade();
  Object.assign(window, { API: api, API_1484_11: api });
  const frame = document.createElement('iframe');
  frame.title = 'Course content';
  frame.src = scoUrl;
  document.body.append(frame);
  // The player ends a SCO by asking this page to unload it first: the SCO's unload handlers
  // (session time, exit, terminate) then run while this window, which carries their calls to
  // the LMS, is still alive. The answer is posted after them, so the LMS has them first.
  window.addEventListener('message', (event) => {
    if (event.origin !== lmsOrigin || event.source !== window.parent) return;
    const data = event.data as { type?: string; values?: Record<string, unknown> } | null;
    // adl.nav.request_valid.* changed on the LMS (a commit's answer): the SCO's next read has them.
    if (data?.type === 'lms:navigation-valid' && data.values && typeof data.values === 'object') {
      for (const [key, value] of Object.entries(data.values)) {
        if (key.startsWith('adl.nav.request_valid.') && typeof value === 'string') proxy._cache.set(key, value);
      }
      return;
    }
    if (data?.type !== 'lms:unload-sco') return;
    frame.src = 'about:blank';
    frame.addEventListener('load', () => window.parent.postMessage({ type: 'lms:sco-unloaded' }, lmsOrigin), { once: true });
  });
}

void start();
