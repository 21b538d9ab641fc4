// A session's page: its figures, Pareto plot, timeline, frontier and tree, kept current by its event stream.
'use strict';
(() => {
  const {api, el, usd, pct, statusBadge, spendBar, card, fail, editClass} = alp;
  const id = alp.segs()[1];
  const base = '/api/sessions/' + encodeURIComponent(id);
  const nodeUrl = node => '/sessions/' + encodeURIComponent(id) + '/nodes/' + encodeURIComponent(node);
  const state = {rows: [], detail: null, refreshes: 0, events: 0, stream: null};
  window.alpSession = state;
  document.title = 'ALP session ' + id;
  document.getElementById('crumbs').append(' / ', el('span', {text: id}));

  const plot = alp.plots.pareto(document.getElementById('plot'), node => { location.href = nodeUrl(node); });
  const timeline = alp.plots.timeline(document.getElementById('timeline'));
  state.plot = plot;
  const treeBox = document.getElementById('tree');
  document.getElementById('expand').addEventListener('click', () => alp.tree.setAll(treeBox, state.rows, false));
  document.getElementById('collapse').addEventListener('click', () => alp.tree.setAll(treeBox, state.rows, true));
  document.getElementById('log-x').addEventListener('change', e => {
    plot.options.scales.x.type = e.target.checked ? 'logarithmic' : 'linear';
    plot.update('none');
  });

  function head(d) {
    return el('div', {},
      el('h1', {}, d.name, ' ', statusBadge(d.status), d.stopReason ? el('span', {class: 'muted', text: ' ' + d.stopReason}) : null),
      el('p', {class: 'muted', text: d.id + ' · world ' + d.world + ' · dataset ' + d.datasetId + ' (' + d.cases + ' cases)'}),
      d.simulated ? el('p', {class: 'sim', text: 'SIMULATED: every figure here comes from the simulated world, not from real models.'}) : null,
      el('div', {class: 'cards'},
        el('div', {class: 'card'}, el('div', {class: 'v', text: usd(d.spentUsd) + ' of ' + usd(d.budgetUsd)}),
          spendBar(d.spentUsd, d.reservedUsd, d.budgetUsd),
          el('div', {class: 'k', text: 'spent (' + usd(d.reservedUsd) + ' reserved; proposer ' + usd(d.orchestratorUsd) + ', evaluation ' + usd(d.evaluationUsd) + ')'})),
        card('nodes', String(d.nodes)), card('scored', String(d.scored)), card('pending', String(d.pending)),
        card('rounds', String(d.rounds)), card('frontier', String(d.frontier.length)),
        card('hypervolume', d.hypervolume.toFixed(3))));
  }

  function frontierTable(d) {
    if (!d.frontier.length) return el('p', {class: 'muted', text: 'No frontier yet.'});
    const rowOf = new Map(state.rows.map(r => [r.node, r]));
    return el('table', {id: 'frontier-table'},
      el('thead', {}, el('tr', {}, ['node', 'pass-rate (measured)', '95% interval', 'estimated', '$ per case', 'edits from the baseline']
        .map(h => el('th', {text: h})))),
      el('tbody', {}, d.frontier.map(f => el('tr', {},
        el('td', {}, el('a', {href: nodeUrl(f.node), text: f.node}), ' ', editClass((rowOf.get(f.node) || {}).editClass)),
        el('td', {class: 'num', text: pct(f.passRate)}),
        el('td', {class: 'num', text: pct(f.passLow) + ' – ' + pct(f.passHigh)}),
        el('td', {class: 'num', text: pct(f.estimatedPassRate)}),
        el('td', {class: 'num', text: usd(f.costPerCase)}),
        el('td', {class: 'wrap'}, edits(f.edits))))));
  }

  // the node's own edit in full; the ones before it (often many) folded away
  function edits(list) {
    if (!list.length) return 'baseline';
    const last = list[list.length - 1];
    if (list.length === 1) return last;
    return el('details', {}, el('summary', {text: last + '  (+' + (list.length - 1) + ' earlier edits)'}),
      el('ol', {}, list.map(e => el('li', {text: e}))));
  }

  async function refresh() {
    const [d, rows] = await Promise.all([api(base), api(base + '/tree')]);
    state.detail = d;
    state.rows = rows;
    state.refreshes++;
    document.getElementById('head').replaceChildren(head(d));
    document.getElementById('frontier').replaceChildren(frontierTable(d));
    alp.plots.updatePareto(plot, d, rows);
    alp.plots.updateTimeline(timeline, d.timeline);
    alp.tree.render(treeBox, id, rows);
    return d;
  }

  let pending = null;
  function soon() {
    if (pending) return;
    pending = setTimeout(() => { pending = null; refresh().catch(e => fail(document.getElementById('head'), e)); }, 300);
  }

  function note(type, data) {
    const text = type === 'node' ? data.node + ' ' + data.status + (data.passRate !== undefined ? ': ' + pct(data.passRate) + ', ' + usd(data.costPerCase) + ' per case' : '')
      : type === 'frontier' ? 'frontier moved: ' + data.frontier.join(', ')
      : type === 'spend' ? 'spent ' + usd(data.spentUsd) + ' of ' + usd(data.budgetUsd)
      : 'session ' + data.status + (data.stopReason ? ' (' + data.stopReason + ')' : '');
    const feed = document.getElementById('feed');
    feed.prepend(el('li', {text: new Date().toLocaleTimeString() + '  ' + text}));
    while (feed.children.length > 12) feed.lastChild.remove();
  }

  function listen(after) {
    const stream = new EventSource(base + '/events?after=' + after);
    state.stream = stream;
    const live = document.getElementById('live');
    stream.onopen = () => { live.classList.add('on'); document.getElementById('live-text').textContent = 'live: updates as the session runs'; };
    stream.onerror = () => { live.classList.remove('on'); document.getElementById('live-text').textContent = 'reconnecting…'; };
    for (const type of ['node', 'frontier', 'spend', 'stop']) {
      stream.addEventListener(type, e => {
        state.events++;
        note(type, JSON.parse(e.data));
        soon();
        if (type === 'stop') {
          stream.close();
          live.classList.remove('on');
          document.getElementById('live-text').textContent = 'the session has ended';
        }
      });
    }
  }

  refresh().then(d => {
    if (d.status === 'running') listen(d.events);
    else document.getElementById('live-text').textContent = 'the session has ended (' + d.status + ')';
  }).catch(e => fail(document.getElementById('head'), e));
})();
