/* Welcome AU (moveOn Completed): sends initialized, completed once the learner confirms
   reading, and terminated when they finish or leave. */
(function () {
  'use strict';
  var au = new window.Cmi5Au.Au();
  var statusEl = document.getElementById('lms-status');
  var read = document.getElementById('read');
  var finish = document.getElementById('finish');
  var ready = false;
  function say(text, kind) { statusEl.textContent = text; statusEl.className = 'status' + (kind ? ' ' + kind : ''); }

  au.start().then(function () {
    ready = true;
    var mode = au.launchData.launchMode;
    say(mode === 'Normal' ? 'Connected. Your progress is recorded.' : 'Opened in ' + mode + ' mode: nothing new is recorded.', 'ok');
    if (au.progress.completed) { read.checked = true; finish.disabled = false; }
  }).catch(function (err) {
    say(err.message + ' You can read the page, but nothing is recorded.', 'bad');
  });

  read.addEventListener('change', function () {
    finish.disabled = !read.checked;
    if (read.checked && ready) {
      au.complete().then(function (sent) {
        if (sent) say('Marked as completed.', 'ok');
      }).catch(function (err) { say(err.message, 'bad'); });
    }
  });
  finish.addEventListener('click', function () {
    finish.disabled = true;
    if (!ready) { say('Nothing to save. You can close this window.', 'ok'); return; }
    say('Saving and returning…', 'ok');
    au.terminate().then(function () {
      if (!au.launchData.returnURL) say('Finished. You can close this window.', 'ok');
    }).catch(function (err) { say(err.message, 'bad'); finish.disabled = false; });
  });
  window.addEventListener('pagehide', function () { if (ready) au.terminate({ keepalive: true, redirect: false }); });
})();
