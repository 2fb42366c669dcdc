/*
 * A small, self-contained cmi5 AU client (cmi5 quartz, xAPI 1.0.3) written for the
 * HR LMS sample course. Plain browser JavaScript, no dependencies. Exposes window.Cmi5Au.
 *
 * What it does, in the order the cmi5 spec asks for:
 *  1. reads the launch parameters endpoint, fetch, actor, registration, activityId;
 *  2. POSTs to the fetch URL once and uses the returned auth-token as
 *     "Authorization: Basic <token>" for every xAPI request;
 *  3. GETs the LMS.LaunchData state document (contextTemplate, launchMode,
 *     masteryScore, moveOn, returnURL, launchParameters) and the cmi5LearnerPreferences
 *     agent profile (a 404 is fine);
 *  4. sends cmi5 defined statements: initialized first, then completed / passed / failed
 *     (Normal launch mode only, each at most once per session, completed and passed at
 *     most once per registration, no failed after passed), terminated last;
 *  5. redirects to returnURL after terminated when the LMS gave one.
 * Every cmi5 defined statement carries the contextTemplate (session id, publisher id
 * grouping), the registration and the cmi5 category; statements whose result has
 * success or completion also carry the moveon category.
 */
(function () {
  'use strict';

  var XAPI_VERSION = '1.0.3';
  var CAT_CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
  var CAT_MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
  var EXT_MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
  var PROGRESS_STATE_ID = 'https://samples.hr-lms.example/cmi5/state/progress';
  var VERBS = {
    initialized: 'http://adlnet.gov/expapi/verbs/initialized',
    completed: 'http://adlnet.gov/expapi/verbs/completed',
    passed: 'http://adlnet.gov/expapi/verbs/passed',
    failed: 'http://adlnet.gov/expapi/verbs/failed',
    terminated: 'http://adlnet.gov/expapi/verbs/terminated'
  };

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  /** ISO 8601 duration with centisecond precision, e.g. PT1M5.25S */
  function duration(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000); cs -= h * 360000;
    var m = Math.floor(cs / 6000); cs -= m * 6000;
    return 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + (cs / 100) + 'S';
  }

  function clone(v) { return v === undefined ? undefined : JSON.parse(JSON.stringify(v)); }

  function CmiError(message, cause) { this.name = 'CmiError'; this.message = message; this.cause = cause; }
  CmiError.prototype = Object.create(Error.prototype);

  function Au(search) {
    var q = new URLSearchParams(search === undefined ? window.location.search : search);
    this.params = {
      endpoint: q.get('endpoint'),
      fetch: q.get('fetch'),
      actor: q.get('actor'),
      registration: q.get('registration'),
      activityId: q.get('activityId')
    };
    this.launched = !!(this.params.endpoint && this.params.fetch && this.params.actor && this.params.registration && this.params.activityId);
    this.token = null;
    this.launchData = null;
    this.preferences = null;
    this.progress = { completed: false, passed: false };
    this.sent = {};          // verbs sent in this session
    this.initializedAt = 0;
    this.queue = Promise.resolve();
    this.ended = false;
  }

  Au.prototype.url = function (resource, query) {
    var base = this.params.endpoint.replace(/\/?$/, '/');
    var qs = query ? '?' + new URLSearchParams(query).toString() : '';
    return base + resource + qs;
  };

  Au.prototype.request = function (method, resource, query, body, extra) {
    var headers = {
      'X-Experience-API-Version': XAPI_VERSION,
      Authorization: 'Basic ' + this.token
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    var init = { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) };
    if (extra && extra.keepalive) init.keepalive = true;
    return window.fetch(this.url(resource, query), init);
  };

  Au.prototype.stateQuery = function (stateId) {
    return {
      stateId: stateId,
      activityId: this.params.activityId,
      agent: JSON.stringify(this.actor),
      registration: this.params.registration
    };
  };

  /** Launch: auth token, LaunchData, learner preferences, own progress, then "initialized". */
  Au.prototype.start = function () {
    var self = this;
    if (!this.launched) return Promise.reject(new CmiError('This page was not launched by a cmi5 LMS (launch parameters are missing).'));
    try { this.actor = JSON.parse(this.params.actor); } catch (e) { return Promise.reject(new CmiError('The actor launch parameter is not valid JSON.', e)); }

    return window.fetch(this.params.fetch, { method: 'POST' })
      .then(function (res) {
        if (!res.ok) throw new CmiError('The fetch URL answered ' + res.status + '.');
        return res.json();
      })
      .then(function (body) {
        if (!body || typeof body['auth-token'] !== 'string') {
          throw new CmiError('The LMS did not give an auth token' + (body && body['error-text'] ? ': ' + body['error-text'] : '.'));
        }
        self.token = body['auth-token'];
        return self.request('GET', 'activities/state', self.stateQuery('LMS.LaunchData'));
      })
      .then(function (res) {
        if (!res.ok) throw new CmiError('Could not read LMS.LaunchData (' + res.status + ').');
        return res.json();
      })
      .then(function (launchData) {
        if (!launchData || !launchData.contextTemplate || !launchData.launchMode) throw new CmiError('LMS.LaunchData is incomplete.');
        self.launchData = launchData;
        return Promise.all([
          self.request('GET', 'agents/profile', { agent: JSON.stringify(self.actor), profileId: 'cmi5LearnerPreferences' })
            .then(function (res) { return res.ok ? res.json() : null; })
            .catch(function () { return null; }),
          self.request('GET', 'activities/state', self.stateQuery(PROGRESS_STATE_ID))
            .then(function (res) { return res.ok ? res.json() : null; })
            .catch(function () { return null; })
        ]);
      })
      .then(function (docs) {
        self.preferences = docs[0] || {};
        if (docs[1]) {
          self.progress.completed = !!docs[1].completed;
          self.progress.passed = !!docs[1].passed;
        }
        return self.send('initialized');
      })
      .then(function () {
        self.started = true;
        return self;
      });
  };

  Au.prototype.isNormal = function () { return !!this.launchData && this.launchData.launchMode === 'Normal'; };
  Au.prototype.masteryScore = function () {
    var m = this.launchData && this.launchData.masteryScore;
    return typeof m === 'number' ? m : null;
  };

  Au.prototype.context = function (moveOn, withMastery) {
    var ctx = clone(this.launchData.contextTemplate) || {};
    ctx.registration = this.params.registration;
    ctx.contextActivities = ctx.contextActivities || {};
    var category = ctx.contextActivities.category || [];
    function add(id) {
      if (!category.some(function (a) { return a && a.id === id; })) category.push({ objectType: 'Activity', id: id });
    }
    add(CAT_CMI5);
    if (moveOn) add(CAT_MOVEON);
    ctx.contextActivities.category = category;
    if (withMastery && this.masteryScore() !== null) {
      ctx.extensions = ctx.extensions || {};
      ctx.extensions[EXT_MASTERY] = this.masteryScore();
    }
    return ctx;
  };

  /** Builds and queues one cmi5 defined statement. */
  Au.prototype.send = function (verb, result, options) {
    var self = this;
    options = options || {};
    if (this.ended) return Promise.reject(new CmiError('The session has ended.'));
    if (this.sent[verb]) return Promise.reject(new CmiError('"' + verb + '" was already sent in this session.'));
    var moveOn = !!(result && (result.success !== undefined || result.completion !== undefined));
    var now = new Date();
    if (verb === 'initialized') this.initializedAt = now.getTime();
    var statement = {
      id: uuid(),
      timestamp: now.toISOString(),
      actor: this.actor,
      verb: { id: VERBS[verb], display: { 'en-US': verb } },
      object: { objectType: 'Activity', id: this.params.activityId },
      context: this.context(moveOn, verb === 'passed' || verb === 'failed')
    };
    if (result) statement.result = result;
    this.sent[verb] = true;
    if (verb === 'terminated') this.ended = true;
    var run = function () {
      return self.request('POST', 'statements', null, statement, { keepalive: options.keepalive }).then(function (res) {
        if (!res.ok) throw new CmiError('The LRS refused the "' + verb + '" statement (' + res.status + ').');
        return statement;
      });
    };
    // Keep statements in order: each waits for the one before it.
    var p = this.queue.then(run, run);
    this.queue = p.catch(function () { /* the caller sees the error */ });
    return p;
  };

  Au.prototype.elapsed = function () { return duration(Date.now() - this.initializedAt); };

  Au.prototype.saveProgress = function () {
    return this.request('PUT', 'activities/state', this.stateQuery(PROGRESS_STATE_ID), this.progress).catch(function () { /* best effort */ });
  };

  /** "completed", once per registration, Normal mode only. Resolves to false if not sent. */
  Au.prototype.complete = function () {
    if (!this.isNormal() || this.progress.completed || this.sent.completed) return Promise.resolve(false);
    var self = this;
    this.progress.completed = true;
    return this.send('completed', { completion: true, duration: this.elapsed() })
      .then(function () { return self.saveProgress(); })
      .then(function () { return true; });
  };

  /**
   * Judges a scaled score against masteryScore (or fallback when the LMS gave none) and
   * sends "passed" or "failed". Only one judgement per session; no passed twice per
   * registration; no failed after passed. Resolves to 'passed', 'failed' or null (not sent).
   */
  Au.prototype.judge = function (scaled, raw, max, fallback) {
    if (!this.isNormal() || this.sent.passed || this.sent.failed || this.progress.passed) return Promise.resolve(null);
    var mastery = this.masteryScore();
    var threshold = mastery !== null ? mastery : fallback;
    var passed = scaled >= threshold;
    var verb = passed ? 'passed' : 'failed';
    var self = this;
    if (passed) this.progress.passed = true;
    var result = {
      success: passed,
      duration: this.elapsed(),
      score: { scaled: Math.round(scaled * 10000) / 10000, raw: raw, min: 0, max: max }
    };
    return this.send(verb, result)
      .then(function () { return passed ? self.saveProgress() : null; })
      .then(function () { return verb; });
  };

  /** "terminated" as the last statement; then redirect to returnURL if the LMS gave one. */
  Au.prototype.terminate = function (options) {
    options = options || {};
    if (!this.launchData || this.ended) return Promise.resolve();
    var self = this;
    return this.send('terminated', { duration: this.elapsed() }, { keepalive: !!options.keepalive })
      .then(function () {
        if (options.redirect !== false && self.launchData.returnURL) window.location.assign(self.launchData.returnURL);
      });
  };

  /**
   * The page's Finish button and leaving the page both end the session ("terminated",
   * then back to returnURL); `say(text, kind)` reports in the page's status line.
   */
  Au.prototype.bindFinish = function (button, say) {
    var self = this;
    button.addEventListener('click', function () {
      button.disabled = true;
      if (!self.started) { say('Nothing to save. You can close this window.', 'ok'); return; }
      say('Saving and returning…', 'ok');
      self.terminate().then(function () {
        if (!self.launchData.returnURL) say('Finished. You can close this window.', 'ok');
      }).catch(function (err) { say(err.message, 'bad'); button.disabled = false; });
    });
    window.addEventListener('pagehide', function () { if (self.started) self.terminate({ keepalive: true, redirect: false }); });
  };

  /** A function that writes to the page's status line: say(text, 'ok' | 'bad'). */
  function statusLine(el) {
    return function say(text, kind) {
      el.textContent = text;
      el.className = 'status' + (kind ? ' ' + kind : '');
    };
  }

  window.Cmi5Au = { Au: Au, duration: duration, uuid: uuid, CmiError: CmiError, statusLine: statusLine };
})();
