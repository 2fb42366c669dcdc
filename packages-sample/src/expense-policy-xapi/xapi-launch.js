/*
 * Expense policy – an xAPI (TinCan launch) page. Plain browser JavaScript, no dependencies.
 * Reads endpoint, auth, actor, registration and activity_id from the launch URL and sends
 * xAPI 1.0.3 statements (X-Experience-API-Version header):
 *   experienced  – each section, as a child activity of the course (context parent);
 *   answered     – each quiz question, a cmi.interaction (choice) with response and success;
 *   completed    – the course, once every section was seen and the quiz submitted, with
 *                  a score and success (pass mark 2 of 3).
 */
(function () {
  'use strict';
  var COURSE_ID_DEFAULT = 'https://samples.hr-lms.example/xapi/expense-policy';
  var VERB = {
    experienced: 'http://adlnet.gov/expapi/verbs/experienced',
    answered: 'http://adlnet.gov/expapi/verbs/answered',
    completed: 'http://adlnet.gov/expapi/verbs/completed'
  };
  var q = new URLSearchParams(window.location.search);
  var launch = {
    endpoint: q.get('endpoint'),
    auth: q.get('auth'),
    actor: q.get('actor'),
    registration: q.get('registration'),
    activityId: q.get('activity_id') || COURSE_ID_DEFAULT
  };
  var statusEl = document.getElementById('lms-status');
  function say(text, kind) { statusEl.textContent = text; statusEl.className = 'status' + (kind ? ' ' + kind : ''); }

  /** TinCan launchers sometimes pass an actor with array-valued properties; make it an xAPI Agent. */
  function normaliseActor(raw) {
    var a = JSON.parse(raw);
    var out = { objectType: 'Agent' };
    ['name', 'mbox', 'mbox_sha1sum', 'openid'].forEach(function (k) {
      if (a[k] !== undefined) out[k] = Array.isArray(a[k]) ? a[k][0] : a[k];
    });
    var acct = a.account;
    if (Array.isArray(acct)) acct = acct[0];
    if (acct) out.account = { homePage: acct.homePage || acct.accountServiceHomePage, name: acct.name || acct.accountName };
    return out;
  }

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function duration(ms) { return 'PT' + Math.max(0, Math.round(ms / 10)) / 100 + 'S'; }

  var actor = null;
  var connected = false;
  try {
    if (launch.endpoint && launch.auth && launch.actor) { actor = normaliseActor(launch.actor); connected = true; }
  } catch (e) { connected = false; }
  var queue = Promise.resolve();
  var startedAt = Date.now();

  function send(verb, object, result, parent) {
    if (!connected) return Promise.resolve(null);
    var statement = {
      id: uuid(),
      timestamp: new Date().toISOString(),
      actor: actor,
      verb: { id: VERB[verb], display: { 'en-US': verb } },
      object: object,
      context: { contextActivities: {} }
    };
    if (launch.registration) statement.context.registration = launch.registration;
    if (parent) statement.context.contextActivities.parent = [{ objectType: 'Activity', id: launch.activityId }];
    if (result) statement.result = result;
    var url = launch.endpoint.replace(/\/?$/, '/') + 'statements';
    var run = function () {
      return window.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3', Authorization: launch.auth },
        body: JSON.stringify(statement),
        keepalive: true
      }).then(function (res) {
        if (!res.ok) throw new Error('The learning record store refused a statement (' + res.status + ').');
        return statement;
      });
    };
    var p = queue.then(run, run);
    queue = p.catch(function (err) { say(err.message, 'bad'); });
    return p;
  }

  var pages = Array.prototype.slice.call(document.querySelectorAll('section.page'));
  var seen = {};
  var current = 0;
  var completed = false;

  function show(i, focus) {
    current = i;
    pages.forEach(function (p, n) { p.hidden = n !== i; });
    document.getElementById('prev').disabled = i === 0;
    document.getElementById('next').disabled = i === pages.length - 1;
    document.getElementById('progress').textContent = 'Section ' + (i + 1) + ' of ' + pages.length;
    var sec = pages[i];
    if (!seen[sec.id]) {
      seen[sec.id] = true;
      send('experienced', {
        objectType: 'Activity',
        id: launch.activityId + '/' + sec.id,
        definition: { name: { 'en-US': sec.getAttribute('data-title') }, type: 'http://adlnet.gov/expapi/activities/module' }
      }, null, true);
    }
    if (focus) sec.querySelector('h2').focus();
  }

  document.getElementById('prev').addEventListener('click', function () { if (current > 0) show(current - 1, true); });
  document.getElementById('next').addEventListener('click', function () { if (current < pages.length - 1) show(current + 1, true); });

  document.getElementById('quiz').addEventListener('submit', function (evt) {
    evt.preventDefault();
    var fss = Array.prototype.slice.call(this.querySelectorAll('fieldset[data-question]'));
    var missing = fss.filter(function (fs) { return !fs.querySelector('input:checked'); });
    var err = document.getElementById('quiz-error');
    if (missing.length) { err.textContent = 'Please answer every question (' + missing.length + ' left).'; missing[0].querySelector('input').focus(); return; }
    err.textContent = '';
    var correct = 0;
    fss.forEach(function (fs) {
      var id = fs.getAttribute('data-question');
      var given = fs.querySelector('input:checked').value;
      var right = fs.getAttribute('data-correct');
      if (given === right) correct += 1;
      var choices = Array.prototype.map.call(fs.querySelectorAll('input'), function (input) {
        return { id: input.value, description: { 'en-US': input.parentNode.textContent.trim() } };
      });
      send('answered', {
        objectType: 'Activity',
        id: launch.activityId + '/quiz/' + id,
        definition: {
          type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
          name: { 'en-US': fs.getAttribute('data-text') },
          interactionType: 'choice',
          correctResponsesPattern: [right],
          choices: choices
        }
      }, { response: given, success: given === right }, true);
    });
    var passed = correct >= 2;
    var result = document.getElementById('result');
    result.hidden = false;
    result.className = 'status ' + (passed ? 'ok' : 'bad');
    result.textContent = correct + ' of ' + fss.length + ' correct. ' + (passed ? 'You have finished the course.' : 'Have another look at the sections and try again.');
    if (passed && !completed && Object.keys(seen).length === pages.length) {
      completed = true;
      send('completed', { objectType: 'Activity', id: launch.activityId, definition: { type: 'http://adlnet.gov/expapi/activities/course', name: { 'en-US': 'Expense policy in five minutes' } } }, {
        completion: true,
        success: true,
        score: { scaled: Math.round((correct / fss.length) * 100) / 100, raw: correct, min: 0, max: fss.length },
        duration: duration(Date.now() - startedAt)
      }, false).then(function () { say('Completion recorded.', 'ok'); });
    }
  });

  if (connected) say('Connected. Your progress is recorded.', 'ok');
  else say('Not launched from a learning system: nothing is recorded.', 'bad');
  show(0, false);
})();
