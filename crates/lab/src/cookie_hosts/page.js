// corscope lab: the cookie page. Runs the request its fragment names (JSON:
// url, method, headers, body, mode, credentials, redirect) with the browser's
// cookies, shows what script saw in #result, and tells an opener that is the
// lab's app (data-openers), no one else.
(function () {
  "use strict";
  const me = document.currentScript;
  const openers = (me.dataset.openers || "").split(" ").filter(Boolean);
  const out = document.getElementById("result");
  function done(result) {
    out.textContent = JSON.stringify(result);
    document.title = "done";
    if (window.opener) {
      for (const o of openers) {
        try { window.opener.postMessage({ corscope: "cookie-run", result: result }, o); } catch (e) { /* another origin */ }
      }
    }
  }
  let run;
  try {
    run = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  } catch (e) {
    done({ outcome: "error", error: "the fragment is not a request: " + e });
    return;
  }
  const init = {
    method: run.method || "GET",
    headers: run.headers || [],
    mode: run.mode || "cors",
    credentials: run.credentials || "same-origin",
    redirect: run.redirect || "follow",
  };
  if (run.body != null) init.body = run.body;
  fetch(run.url, init).then(
    function (r) {
      const names = [];
      r.headers.forEach(function (_v, k) { names.push(k); });
      done({
        outcome: r.type === "opaque" || r.type === "opaqueredirect" ? "opaque" : "allowed",
        status: r.status,
        type: r.type,
        exposed: names.sort(),
      });
    },
    function (e) {
      done({ outcome: "blocked", error: String(e) });
    }
  );
})();
