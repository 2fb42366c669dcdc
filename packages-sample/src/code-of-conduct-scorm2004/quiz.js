/*
 * Code of Conduct – acknowledgement quiz SCO. Reports cmi.completion_status,
 * cmi.success_status (against cmi.scaled_passing_score, 0.8 from the manifest),
 * cmi.score.scaled/raw/min/max, cmi.location, cmi.suspend_data (answers so far),
 * cmi.session_time, cmi.exit and cmi.interactions.n.* (five choice questions and the
 * true-false acknowledgement).
 */
(function () {
  'use strict';
  var sco = new window.Scorm2004.Session();
  var T = window.Scorm2004.timestamp;
  var passing = 0.8;
  var state = { answers: {}, ack: false, scaled: null, success: 'unknown' };
  var statusEl = document.getElementById('lms-status');
  function say(text, kind) { statusEl.textContent = text; statusEl.className = 'status' + (kind ? ' ' + kind : ''); }
  function questions() { return Array.prototype.slice.call(document.querySelectorAll('#quiz fieldset[data-question]')); }

  function save(location) {
    sco.set('cmi.location', location);
    sco.set('cmi.suspend_data', JSON.stringify({ a: state.answers, k: state.ack, sc: state.scaled }));
    sco.commit();
  }

  function restore() {
    Object.keys(state.answers).forEach(function (q) {
      var input = document.querySelector('input[name="' + q + '"][value="' + state.answers[q] + '"]');
      if (input) input.checked = true;
    });
    document.getElementById('ack').checked = state.ack;
  }

  function submit(evt) {
    evt.preventDefault();
    var qs = questions();
    var err = document.getElementById('quiz-error');
    var missing = qs.filter(function (fs) { return !state.answers[fs.getAttribute('data-question')]; });
    if (missing.length) { err.textContent = 'Please answer every question (' + missing.length + ' left).'; missing[0].querySelector('input').focus(); return; }
    if (!state.ack) { err.textContent = 'Please confirm the acknowledgement.'; document.getElementById('ack').focus(); return; }
    err.textContent = '';
    var base = parseInt(sco.get('cmi.interactions._count'), 10) || 0;
    var correct = 0;
    qs.forEach(function (fs, i) {
      var id = fs.getAttribute('data-question');
      var right = fs.getAttribute('data-correct');
      var given = state.answers[id];
      if (given === right) correct += 1;
      var n = 'cmi.interactions.' + (base + i) + '.';
      sco.set(n + 'id', 'code-of-conduct-' + id);
      sco.set(n + 'type', 'choice');
      sco.set(n + 'timestamp', T(new Date()));
      sco.set(n + 'weighting', '1');
      sco.set(n + 'description', fs.getAttribute('data-text'));
      sco.set(n + 'correct_responses.0.pattern', right);
      sco.set(n + 'learner_response', given);
      sco.set(n + 'result', given === right ? 'correct' : 'incorrect');
    });
    var a = 'cmi.interactions.' + (base + qs.length) + '.';
    sco.set(a + 'id', 'code-of-conduct-acknowledgement');
    sco.set(a + 'type', 'true-false');
    sco.set(a + 'timestamp', T(new Date()));
    sco.set(a + 'description', 'I have read the Code of Conduct 2026 and I will follow it');
    sco.set(a + 'learner_response', 'true');
    sco.set(a + 'result', 'neutral');

    var scaled = correct / qs.length;
    state.scaled = scaled;
    var passed = scaled >= passing;
    if (state.success !== 'passed') state.success = passed ? 'passed' : 'failed';
    sco.set('cmi.score.min', '0');
    sco.set('cmi.score.max', String(qs.length));
    sco.set('cmi.score.raw', String(correct));
    sco.set('cmi.score.scaled', scaled.toFixed(2));
    sco.set('cmi.completion_status', 'completed');
    sco.set('cmi.success_status', state.success);
    save('result');
    var result = document.getElementById('result');
    result.textContent = 'You answered ' + correct + ' of ' + qs.length + ' correctly (' + Math.round(scaled * 100) + '%). ' +
      (passed ? 'You passed and your acknowledgement is recorded.' : 'You need ' + Math.round(passing * 100) + '% to pass. Review the Code and try again.');
    result.className = 'status ' + (passed ? 'ok' : 'bad');
    document.getElementById('quiz').hidden = true;
    document.getElementById('result-page').hidden = false;
    document.getElementById('retry').hidden = passed;
    document.getElementById('result-h').focus();
    say(passed ? 'Result saved: passed.' : 'Result saved: not passed yet.', passed ? 'ok' : 'bad');
  }

  function start() {
    if (!sco.api) say('No learning system found: your progress will not be saved.', 'bad');
    else if (!sco.initialize()) say('The learning system refused the connection; progress will not be saved.', 'bad');
    if (sco.connected) {
      var sps = parseFloat(sco.get('cmi.scaled_passing_score'));
      if (!isNaN(sps)) passing = sps;
      var entry = sco.get('cmi.entry');
      if (entry === 'resume') {
        try {
          var saved = JSON.parse(sco.get('cmi.suspend_data') || '{}');
          state.answers = saved.a || {};
          state.ack = !!saved.k;
        } catch (e) { /* start over */ }
      }
      var success = sco.get('cmi.success_status');
      if (success === 'passed' || success === 'failed') state.success = success;
      if (sco.get('cmi.completion_status') !== 'completed') sco.set('cmi.completion_status', 'incomplete');
      var name = sco.learnerName();
      say((entry === 'resume' ? 'Welcome back' : 'Welcome') + (name ? ', ' + name : '') + '. Your answers are saved as you go.', 'ok');
      save('quiz');
    }
    restore();
  }

  document.getElementById('quiz').addEventListener('change', function (evt) {
    var t = evt.target;
    if (t.type === 'radio') state.answers[t.name] = t.value;
    if (t.id === 'ack') state.ack = t.checked;
    save('quiz');
  });
  document.getElementById('quiz').addEventListener('submit', submit);
  document.getElementById('retry').addEventListener('click', function () {
    state.answers = {};
    Array.prototype.forEach.call(document.querySelectorAll('#quiz input[type=radio]'), function (i) { i.checked = false; });
    document.getElementById('result-page').hidden = true;
    document.getElementById('quiz').hidden = false;
    save('quiz');
    document.getElementById('page-title').focus();
  });
  document.getElementById('finish').addEventListener('click', function () {
    sco.terminate('normal', 'exitAll');
    say('Finished. You can close this window.', 'ok');
  });
  document.getElementById('exit').addEventListener('click', function () {
    sco.terminate(state.success === 'passed' ? 'normal' : 'suspend', 'suspendAll');
    say('Your progress is saved. You can close this window.', 'ok');
  });
  function leave() { sco.terminate(state.success === 'passed' ? 'normal' : 'suspend'); }
  window.addEventListener('pagehide', leave);
  window.addEventListener('beforeunload', leave);

  start();
})();
