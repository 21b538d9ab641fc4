// The list of sessions with status and spend against budget, refreshed every few seconds.
'use strict';
(() => {
  const {api, el, usd, statusBadge, spendBar, fail} = alp;
  const box = document.getElementById('sessions');

  function render(rows) {
    if (rows.length === 0) {
      box.replaceChildren(el('p', {class: 'muted', text: 'No sessions yet: run one with alp run session.yaml, or POST a session YAML to /api/sessions.'}));
      return;
    }
    const table = el('table', {id: 'session-table'},
      el('thead', {}, el('tr', {},
        ['session', 'name', 'status', 'spend against budget', '', 'nodes', 'world'].map(h => el('th', {text: h})))),
      el('tbody', {}, rows.map(r => el('tr', {'data-session': r.id},
        el('td', {}, el('a', {href: '/sessions/' + encodeURIComponent(r.id), text: r.id})),
        el('td', {class: 'wrap', text: r.name}),
        el('td', {}, statusBadge(r.status), r.stopReason ? el('div', {class: 'muted', text: r.stopReason}) : null),
        el('td', {}, spendBar(r.spentUsd, 0, r.budgetUsd)),
        el('td', {class: 'num', text: usd(r.spentUsd) + ' of ' + usd(r.budgetUsd)}),
        el('td', {class: 'num', text: r.nodes}),
        el('td', {class: 'wrap'}, r.world, r.simulated ? el('span', {class: 'badge sim', text: 'SIMULATED'}) : null)))));
    box.replaceChildren(table);
  }

  async function refresh() {
    try {
      render(await api('/api/sessions'));
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      document.getElementById('live').classList.add('on');
    } catch (e) {
      fail(box, e);
    }
  }
  refresh();
  setInterval(refresh, 3000);
})();
