// Helpers shared by the console's pages: reading the API, building elements, formatting figures.
'use strict';
const alp = (() => {
  async function api(path, options) {
    const res = await fetch(path, Object.assign({credentials: 'same-origin'}, options || {}));
    if (res.status === 401) {
      location.href = '/login';
      throw new Error('the console needs its token');
    }
    const body = await res.json();
    if (!res.ok) {
      throw new Error(body.error || ('HTTP ' + res.status));
    }
    return body;
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  const usd = v => v === null || v === undefined ? '–' : v === 0 ? '$0' : '$' + (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(4));
  const pct = v => v === null || v === undefined ? '–' : (v * 100).toFixed(1) + '%';
  const segs = () => location.pathname.split('/').filter(Boolean).map(decodeURIComponent);

  function statusBadge(status) {
    return el('span', {class: 'badge st-' + status, text: status});
  }

  function editClass(cls) {
    const c = cls || 'baseline';
    return el('span', {class: 'badge ec ec-' + c, text: c.replace('_', '-')});
  }

  function spendBar(spent, reserved, budget) {
    const bar = el('div', {class: 'bar', title: usd(spent) + ' spent, ' + usd(reserved) + ' reserved, of ' + usd(budget)});
    const s = budget > 0 ? Math.min(100, 100 * spent / budget) : 0;
    const r = budget > 0 ? Math.min(100 - s, 100 * (reserved || 0) / budget) : 0;
    const spentEl = el('div', {class: 'spent'});
    spentEl.style.width = s + '%';
    const resEl = el('div', {class: 'reserved'});
    resEl.style.left = s + '%';
    resEl.style.width = r + '%';
    bar.append(spentEl, resEl);
    return bar;
  }

  function card(k, v) {
    return el('div', {class: 'card'}, el('div', {class: 'v', text: v}), el('div', {class: 'k', text: k}));
  }

  function fail(container, error) {
    container.replaceChildren(el('div', {class: 'error-box', text: String(error.message || error)}));
  }

  return {api, el, usd, pct, segs, statusBadge, editClass, spendBar, card, fail};
})();
