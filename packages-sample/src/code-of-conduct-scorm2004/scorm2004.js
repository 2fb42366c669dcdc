/*
 * Code of Conduct sample – a small helper both SCOs share to talk to a SCORM 2004 run-time
 * (API_1484_11). Plain browser JavaScript, no dependencies. Exposes window.Scorm2004.
 */
(function () {
  'use strict';

  /** The standard search: up the parent chain (at most 500 steps), then the opener's. */
  function searchApi(win) {
    var tries = 0;
    while (win && !win.API_1484_11 && win.parent && win.parent !== win && tries < 500) {
      tries += 1;
      win = win.parent;
    }
    return win && win.API_1484_11 ? win.API_1484_11 : null;
  }
  function findApi() {
    var api = null;
    try { api = searchApi(window); } catch (e) { api = null; }
    if (!api && window.opener) {
      try { api = searchApi(window.opener); } catch (e2) { api = null; }
    }
    return api;
  }

  /** cmi.session_time: ISO 8601 duration, e.g. PT1H2M3.45S */
  function isoDuration(ms) {
    var cs = Math.round(ms / 10);
    var h = Math.floor(cs / 360000); cs -= h * 360000;
    var m = Math.floor(cs / 6000); cs -= m * 6000;
    var s = cs / 100;
    return 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + s.toFixed(2).replace(/\.?0+$/, '') + 'S';
  }
  /** cmi.interactions.n.timestamp: time(second,10,0) with no zone suffix needed, e.g. 2026-05-01T10:00:00 */
  function timestamp(d) {
    function p(n) { return (n < 10 ? '0' : '') + n; }
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
  }

  function Session() {
    this.api = findApi();
    this.connected = false;
    this.terminated = false;
    this.startedAt = Date.now();
  }
  Session.prototype.initialize = function () {
    if (!this.api) return false;
    this.connected = String(this.api.Initialize('')) === 'true';
    return this.connected;
  };
  Session.prototype.get = function (name) {
    if (!this.connected || this.terminated) return '';
    var v = this.api.GetValue(name);
    return v === null || v === undefined ? '' : String(v);
  };
  Session.prototype.set = function (name, value) {
    if (!this.connected || this.terminated) return false;
    var ok = String(this.api.SetValue(name, String(value))) === 'true';
    if (!ok && window.console) console.warn('SetValue failed', name, this.api.GetLastError());
    return ok;
  };
  Session.prototype.commit = function () {
    if (this.connected && !this.terminated) this.api.Commit('');
  };
  /** Ends the session: session time, exit, an optional navigation request, Commit, Terminate. */
  Session.prototype.terminate = function (exit, navRequest) {
    if (!this.connected || this.terminated) return;
    this.set('cmi.session_time', isoDuration(Date.now() - this.startedAt));
    this.set('cmi.exit', exit || '');
    if (navRequest) this.set('adl.nav.request', navRequest);
    this.api.Commit('');
    this.terminated = true;
    this.api.Terminate('');
  };
  Session.prototype.learnerName = function () {
    var name = this.get('cmi.learner_name');
    return name ? name.split(',').reverse().join(' ').trim() : '';
  };

  window.Scorm2004 = { Session: Session, isoDuration: isoDuration, timestamp: timestamp };
})();
