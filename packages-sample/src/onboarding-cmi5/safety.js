/* Workplace safety check AU (moveOn CompletedAndPassed, masteryScore 0.8): sends
   initialized, then on submit passed or failed (score scaled/raw/min/max, masteryscore
   extension) and completed, and terminated when the learner finishes or leaves.
   cmi5 allows one passed/failed per session, so a failed learner retries in a new session. */
(function () {
  'use strict';
  var FALLBACK_MASTERY = 0.8;
  var au = new window.Cmi5Au.Au();
  var statusEl = document.getElementById('lms-status');
  var form = document.getElementById('quiz');
  var resultEl = document.getElementById('result');
  var finish = document.getElementById('finish');
  var say = window.Cmi5Au.statusLine(statusEl);

  au.start().then(function () {
    var m = au.masteryScore();
    if (m !== null) document.getElementById('pass-mark').textContent = String(Math.round(m * 100));
    var mode = au.launchData.launchMode;
    if (mode !== 'Normal') say('Opened in ' + mode + ' mode: you can try the questions, but no result is recorded.', 'ok');
    else if (au.progress.passed) say('You have already passed this check. You can try it again for practice.', 'ok');
    else say('Connected. Your result is recorded.', 'ok');
  }).catch(function (err) {
    say(err.message + ' You can try the questions, but nothing is recorded.', 'bad');
  });

  form.addEventListener('submit', function (evt) {
    evt.preventDefault();
    var qs = Array.prototype.slice.call(form.querySelectorAll('fieldset[data-question]'));
    var err = document.getElementById('quiz-error');
    var unanswered = qs.filter(function (fs) { return !fs.querySelector('input:checked'); });
    if (unanswered.length) { err.textContent = 'Please answer every question (' + unanswered.length + ' left).'; unanswered[0].querySelector('input').focus(); return; }
    err.textContent = '';
    var correct = qs.filter(function (fs) { return fs.querySelector('input:checked').value === fs.getAttribute('data-correct'); }).length;
    var scaled = correct / qs.length;
    var mastery = au.started && au.masteryScore() !== null ? au.masteryScore() : FALLBACK_MASTERY;
    var passed = scaled >= mastery;
    document.getElementById('submit').disabled = true;
    resultEl.hidden = false;
    resultEl.className = 'status ' + (passed ? 'ok' : 'bad');
    resultEl.textContent = 'You answered ' + correct + ' of ' + qs.length + ' correctly (' + Math.round(scaled * 100) + '%). ' +
      (passed ? 'You passed.' : 'The pass mark is ' + Math.round(mastery * 100) + '%. Finish now and launch the check again to retry.');
    resultEl.focus();
    if (!au.started) return;
    au.judge(scaled, correct, qs.length, FALLBACK_MASTERY)
      .then(function () { return au.complete(); })
      .then(function () { say('Result recorded.', 'ok'); })
      .catch(function (e) { say(e.message, 'bad'); });
  });

  au.bindFinish(finish, say);
})();
