// corscope-lab's same-origin page (see crates/lab/src/frame.rs): runs fetch()
// from this origin for the lab's app, which frames it, and hands back what
// script could see, as the app's own run records it. It answers its parent
// only, and only when the parent is the lab's app origin (which could send
// the same requests itself: the page gives it nothing more than this origin).
'use strict';
(() => {
  const parents = (document.currentScript.dataset.parents || '').split(' ').filter(Boolean);
  const parent = new URLSearchParams(location.search).get('parent');
  if (window.parent === window || !parents.includes(parent)) {
    document.body.textContent = 'corscope-lab: this page runs same-origin requests for the lab\'s own app only.';
    return;
  }
  const PREVIEW = 512;
  const errorOf = (e) => ({
    Rejected: { name: String((e && e.name) || 'Error'), message: String((e && e.message) || e) },
  });
  // `url`: what to fetch; `request`: the scenario's request as JSON (its
  // method, header lines in order, body, mode, credentials, redirect).
  async function run(url, request) {
    try {
      const headers = new Headers();
      for (const [name, value] of request.headers || []) headers.append(name, value);
      const init = { method: request.method, headers, mode: request.mode, credentials: request.credentials, redirect: request.redirect };
      if (request.body !== null && request.body !== undefined) init.body = request.body;
      const response = await fetch(url, init);
      const readable = [];
      for (const [name, value] of response.headers) readable.push([name, value]);
      let body = null;
      try {
        body = Array.from(await response.text()).slice(0, PREVIEW).join('');
      } catch (e) {
        body = null;
      }
      return { Resolved: { response_type: response.type, status: response.status, headers: readable, body } };
    } catch (e) {
      return errorOf(e);
    }
  }
  window.addEventListener('message', async (event) => {
    const ask = event.data;
    if (event.origin !== parent || event.source !== window.parent) return;
    if (!ask || typeof ask !== 'object' || ask.corscope !== 'run' || typeof ask.url !== 'string') return;
    let request;
    try {
      request = JSON.parse(ask.request);
    } catch (e) {
      return;
    }
    const observed = await run(ask.url, request);
    window.parent.postMessage({ corscope: 'ran', id: ask.id, observed: JSON.stringify(observed) }, parent);
  });
  window.parent.postMessage({ corscope: 'ready' }, parent);
})();
