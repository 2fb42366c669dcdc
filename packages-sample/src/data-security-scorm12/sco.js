/*
 * Data Security Essentials – the SCO's talk with a SCORM 1.2 run-time.
 * Plain browser JavaScript, no dependencies. Written for the HR LMS sample packages.
 *
 * Reports: cmi.core.lesson_status (incomplete, then passed/failed against the
 * mastery score), cmi.core.score.raw/min/max, cmi.core.lesson_location (page),
 * cmi.suspend_data (page + answers as JSON), cmi.core.session_time,
 * cmi.core.exit, cmi.interactions.n.* per question. Resumes when cmi.core.entry is "resume".
 */
(function () {
  'use strict';

  var PAGE_COUNT = 5; // 3 content pages, the quiz, the result page
  var QUIZ_PAGE = 4;
  var RESULT_PAGE = 5;
  var DEFAULT_MASTERY = 80;

  // ---- Finding the API: the standard SCORM 1.2 search through parents, then the opener.
  function searchApi(win) {
    var tries = 0;
    while (win && !win.API && win.parent && win.parent !== win) {
      tries += 1;
      if (tries > 7) return null;
      win = win.parent;
    }
    return win && win.API ? win.API : null;
  }
  function findApi() {
    var api = null;
    try { api = searchApi(window); } catch (e) { api = null; }
    if (!api && window.opener) {
      try { api = searchApi(window.opener); } catch (e2) { api = null; }
    }
    return api;
  }

  var api = findApi();
  var connected = false;
  var finished = false;
  var startedAt = Date.now();

  function get(name) {
    if (!connected) return '';
    var v = api.LMSGetValue(name);
    return v === null || v === undefined ? '' : String(v);
  }
  function set(name, value) {
    if (!connected) return false;
    var ok = String(api.LMSSetValue(name, String(value))) === 'true';
    if (!ok && window.console) console.warn('LMSSetValue failed', name, api.LMSGetLastError());
    return ok;
  }
  function commit() { if (connected) api.LMSCommit(''); }

  function pad(n, width) { var s = String(n); while (s.length < width) s = '0' + s; return s; }
  /** SCORM 1.2 CMITimespan: HHHH:MM:SS.SS */
  function timespan(ms) {
    var cs = Math.round(ms / 10);
    var h = Math.floor(cs / 360000); cs -= h * 360000;
    var m = Math.floor(cs / 6000); cs -= m * 6000;
    var s = Math.floor(cs / 100); cs -= s * 100;
    return pad(Math.min(h, 9999), 4) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs, 2);
  }
  /** SCORM 1.2 CMITime: HH:MM:SS */
  function clock(d) { return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2); }

  // ---- State
  var state = { page: 1, answers: {}, attempts: 0, status: 'incomplete', score: null };
  var mastery = DEFAULT_MASTERY;

  var statusEl = document.getElementById('lms-status');
  function say(text, kind) {
    statusEl.textContent = text;
    statusEl.className = 'status' + (kind ? ' ' + kind : '');
  }

  function saveSuspendData() {
    set('cmi.suspend_data', JSON.stringify({ p: state.page, a: state.answers, n: state.attempts, s: state.score }));
  }

  function showPage(n, focus) {
    state.page = n;
    for (var i = 1; i <= PAGE_COUNT; i++) {
      document.getElementById('page-' + i).hidden = i !== n;
    }
    var heading = document.querySelector('#page-' + n + ' h2');
    var title = document.getElementById('page-title');
    title.textContent = heading.textContent.replace(/^\d+\.\s*/, '');
    document.getElementById('prev').disabled = n === 1;
    var next = document.getElementById('next');
    next.disabled = n >= QUIZ_PAGE && !(n === QUIZ_PAGE && state.score !== null);
    next.hidden = n === RESULT_PAGE;
    document.getElementById('progress').textContent = 'Page ' + Math.min(n, QUIZ_PAGE) + ' of ' + QUIZ_PAGE;
    set('cmi.core.lesson_location', 'page-' + n);
    saveSuspendData();
    commit();
    if (focus) title.focus();
  }

  function restoreAnswers() {
    Object.keys(state.answers).forEach(function (q) {
      var input = document.querySelector('input[name="' + q + '"][value="' + state.answers[q] + '"]');
      if (input) input.checked = true;
    });
  }

  function questions() { return Array.prototype.slice.call(document.querySelectorAll('#quiz fieldset[data-question]')); }

  function grade(evt) {
    evt.preventDefault();
    var qs = questions();
    var missing = qs.filter(function (fs) { return !state.answers[fs.getAttribute('data-question')]; });
    var err = document.getElementById('quiz-error');
    if (missing.length) {
      err.textContent = 'Please answer every question (' + missing.length + ' left).';
      var first = missing[0].querySelector('input');
      if (first) first.focus();
      return;
    }
    err.textContent = '';
    state.attempts += 1;
    var correct = 0;
    var base = parseInt(get('cmi.interactions._count'), 10) || 0;
    var detail = document.getElementById('result-detail');
    detail.textContent = '';
    qs.forEach(function (fs, i) {
      var id = fs.getAttribute('data-question');
      var right = fs.getAttribute('data-correct');
      var given = state.answers[id];
      var ok = given === right;
      if (ok) correct += 1;
      var n = 'cmi.interactions.' + (base + i) + '.';
      set(n + 'id', 'data-security-' + id);
      set(n + 'time', clock(new Date()));
      set(n + 'type', 'choice');
      set(n + 'weighting', '1');
      set(n + 'correct_responses.0.pattern', right);
      set(n + 'student_response', given);
      set(n + 'result', ok ? 'correct' : 'wrong');
      set(n + 'latency', timespan(Date.now() - startedAt));
      var li = document.createElement('li');
      li.className = ok ? 'feedback-correct' : 'feedback-wrong';
      li.textContent = fs.querySelector('legend').textContent + ' – ' + (ok ? 'correct' : 'not correct');
      detail.appendChild(li);
    });
    var score = Math.round((correct / qs.length) * 100);
    state.score = score;
    var passed = score >= mastery;
    // Once passed, a later retake does not take the pass away.
    if (state.status !== 'passed') state.status = passed ? 'passed' : 'failed';
    set('cmi.core.score.min', '0');
    set('cmi.core.score.max', '100');
    set('cmi.core.score.raw', String(score));
    set('cmi.core.lesson_status', state.status);
    var result = document.getElementById('result');
    result.textContent = 'You scored ' + score + '% (' + correct + ' of ' + qs.length + '). ' +
      (passed ? 'You passed – well done.' : 'You need ' + mastery + '% to pass. Review the pages and try again.');
    result.className = 'status ' + (passed ? 'ok' : 'bad');
    document.getElementById('retry').hidden = passed;
    showPage(RESULT_PAGE, true);
    say(passed ? 'Result saved: passed.' : 'Result saved: not passed yet.', passed ? 'ok' : 'bad');
  }

  function finish() {
    if (finished || !connected) return;
    finished = true;
    set('cmi.core.session_time', timespan(Date.now() - startedAt));
    // Leave in a suspended state unless the learner passed; then a new attempt may start.
    set('cmi.core.exit', state.status === 'passed' ? '' : 'suspend');
    saveSuspendData();
    api.LMSCommit('');
    api.LMSFinish('');
  }

  function start() {
    if (!api) {
      say('No learning system found: your progress will not be saved. You can still read the course.', 'bad');
    } else {
      connected = String(api.LMSInitialize('')) === 'true';
      if (!connected) say('The learning system did not accept the connection (error ' + api.LMSGetLastError() + '). Progress will not be saved.', 'bad');
    }
    if (connected) {
      var ms = parseFloat(get('cmi.student_data.mastery_score'));
      if (!isNaN(ms)) mastery = ms;
      var status = get('cmi.core.lesson_status');
      var entry = get('cmi.core.entry');
      if (entry === 'resume') {
        try {
          var saved = JSON.parse(get('cmi.suspend_data') || '{}');
          state.answers = saved.a || {};
          state.attempts = saved.n || 0;
          state.score = typeof saved.s === 'number' ? saved.s : null;
        } catch (e) { state.answers = {}; }
        var loc = /^page-(\d)$/.exec(get('cmi.core.lesson_location'));
        if (loc) state.page = Math.min(Math.max(parseInt(loc[1], 10), 1), QUIZ_PAGE);
        if (state.page === RESULT_PAGE) state.page = QUIZ_PAGE;
      }
      if (status === 'passed' || status === 'failed') state.status = status;
      if (status === 'not attempted' || status === '' || status === 'browsed') {
        set('cmi.core.lesson_status', 'incomplete');
      }
      var name = get('cmi.core.student_name');
      say((entry === 'resume' ? 'Welcome back' : 'Welcome') + (name ? ', ' + name.split(',').reverse().join(' ').trim() : '') +
        '. Your progress is saved as you go.' + (entry === 'resume' ? ' You are back where you left off.' : ''), 'ok');
    }
    restoreAnswers();
    showPage(state.page, false);
  }

  document.getElementById('prev').addEventListener('click', function () { if (state.page > 1) showPage(state.page - 1, true); });
  document.getElementById('next').addEventListener('click', function () {
    if (state.page < QUIZ_PAGE) showPage(state.page + 1, true);
    else if (state.page === QUIZ_PAGE && state.score !== null) showPage(RESULT_PAGE, true);
  });
  document.getElementById('quiz').addEventListener('change', function (evt) {
    var t = evt.target;
    if (t && t.type === 'radio') {
      state.answers[t.name] = t.value;
      saveSuspendData();
      commit();
    }
  });
  document.getElementById('quiz').addEventListener('submit', grade);
  document.getElementById('retry').addEventListener('click', function () {
    state.answers = {};
    Array.prototype.forEach.call(document.querySelectorAll('#quiz input'), function (i) { i.checked = false; });
    showPage(QUIZ_PAGE, true);
  });
  document.getElementById('exit').addEventListener('click', function () {
    finish();
    say('Your progress is saved. You can close this window.', 'ok');
    document.getElementById('exit').disabled = true;
  });
  window.addEventListener('pagehide', finish);
  window.addEventListener('beforeunload', finish);

  start();
})();
