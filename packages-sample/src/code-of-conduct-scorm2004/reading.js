/*
 * Code of Conduct – reading SCO. Reports cmi.completion_status (incomplete, then
 * completed), cmi.success_status (passed once every section was read, which satisfies
 * the objective that unlocks the quiz), cmi.progress_measure, cmi.location (section),
 * cmi.suspend_data (sections seen), cmi.session_time, cmi.exit and, at the end,
 * adl.nav.request = continue.
 */
(function () {
  'use strict';
  var SECTIONS = 3;
  var sco = new window.Scorm2004.Session();
  var state = { section: 1, seen: [1], done: false };
  var statusEl = document.getElementById('lms-status');
  function say(text, kind) { statusEl.textContent = text; statusEl.className = 'status' + (kind ? ' ' + kind : ''); }

  function save() {
    sco.set('cmi.location', String(state.section));
    sco.set('cmi.suspend_data', JSON.stringify({ s: state.section, seen: state.seen }));
    sco.set('cmi.progress_measure', (state.seen.length / SECTIONS).toFixed(2));
    sco.commit();
  }

  function show(n, focus) {
    state.section = n;
    if (state.seen.indexOf(n) < 0) state.seen.push(n);
    for (var i = 1; i <= SECTIONS; i++) document.getElementById('section-' + i).hidden = i !== n;
    document.getElementById('prev').disabled = n === 1;
    document.getElementById('next').disabled = n === SECTIONS;
    document.getElementById('progress').textContent = 'Section ' + n + ' of ' + SECTIONS;
    document.getElementById('done').hidden = state.seen.length < SECTIONS;
    save();
    if (focus) {
      var h = document.querySelector('#section-' + n + ' h2');
      h.setAttribute('tabindex', '-1');
      h.focus();
    }
  }

  function start() {
    if (!sco.api) say('No learning system found: your progress will not be saved.', 'bad');
    else if (!sco.initialize()) say('The learning system refused the connection; progress will not be saved.', 'bad');
    if (sco.connected) {
      var entry = sco.get('cmi.entry');
      if (entry === 'resume') {
        try {
          var saved = JSON.parse(sco.get('cmi.suspend_data') || '{}');
          if (saved.seen && saved.seen.length) state.seen = saved.seen;
        } catch (e) { /* start over */ }
        var loc = parseInt(sco.get('cmi.location'), 10);
        if (loc >= 1 && loc <= SECTIONS) state.section = loc;
      }
      if (sco.get('cmi.completion_status') !== 'completed') sco.set('cmi.completion_status', 'incomplete');
      else state.done = true;
      var name = sco.learnerName();
      say((entry === 'resume' ? 'Welcome back' : 'Welcome') + (name ? ', ' + name : '') + '. Read all three sections, then confirm.', 'ok');
    }
    show(state.section, false);
  }

  document.getElementById('prev').addEventListener('click', function () { if (state.section > 1) show(state.section - 1, true); });
  document.getElementById('next').addEventListener('click', function () { if (state.section < SECTIONS) show(state.section + 1, true); });
  document.getElementById('done').addEventListener('click', function () {
    state.done = true;
    sco.set('cmi.progress_measure', '1');
    sco.set('cmi.completion_status', 'completed');
    sco.set('cmi.success_status', 'passed');
    save();
    say('Thank you. Opening the acknowledgement quiz…', 'ok');
    sco.terminate('normal', 'continue');
  });
  document.getElementById('exit').addEventListener('click', function () {
    sco.terminate(state.done ? 'normal' : 'suspend', 'suspendAll');
    say('Your progress is saved. You can close this window.', 'ok');
  });
  window.addEventListener('pagehide', function () { sco.terminate(state.done ? 'normal' : 'suspend'); });
  window.addEventListener('beforeunload', function () { sco.terminate(state.done ? 'normal' : 'suspend'); });

  start();
})();
