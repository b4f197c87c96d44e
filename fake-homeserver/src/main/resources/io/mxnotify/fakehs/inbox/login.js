// The inbox link in `mxnotify serve`'s banner ends in #admin_token=...: the fragment never reaches the
// server or its logs; this script moves it into the login form, removes it from the address bar and history,
// and submits the form, which sets the session cookie and opens the inbox.
(function () {
  'use strict';
  const match = /(?:^#|&)admin_token=([^&]+)/.exec(window.location.hash);
  if (!match) {
    return;
  }
  history.replaceState(null, '', window.location.pathname + window.location.search);
  const form = document.getElementById('login-form');
  document.getElementById('token').value = decodeURIComponent(match[1]);
  if (!document.getElementById('login-failed')) {
    form.submit();
  }
})();
