/* Welcome AU (moveOn Completed): sends initialized, completed once the learner confirms
   reading, and terminated when they finish or leave. */
(function () {
  'use strict';
  var au = new window.Cmi5Au.Au();
  var statusEl = document.getElementById('lms-status');
  var read = document.getElementById('read');
  var finish = document.getElementById('finish');
  var say = window.Cmi5Au.statusLine(statusEl);

  au.start().then(function () {
    var mode = au.launchData.launchMode;
    say(mode === 'Normal' ? 'Connected. Your progress is recorded.' : 'Opened in ' + mode + ' mode: nothing new is recorded.', 'ok');
    if (au.progress.completed) { read.checked = true; finish.disabled = false; }
  }).catch(function (err) {
    say(err.message + ' You can read the page, but nothing is recorded.', 'bad');
  });

  read.addEventListener('change', function () {
    finish.disabled = !read.checked;
    if (read.checked && au.started) {
      au.complete().then(function (sent) {
        if (sent) say('Marked as completed.', 'ok');
      }).catch(function (err) { say(err.message, 'bad'); });
    }
  });
  au.bindFinish(finish, say);
})();
