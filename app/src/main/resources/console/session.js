// A session's page: its figures, Pareto plot, timeline, frontier and tree, kept current by its event stream.
'use strict';
(() => {
  const {api, el, usd, pct, fail} = alp;
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

  async function refresh() {
    const [d, rows] = await Promise.all([api(base), api(base + '/tree')]);
    state.detail = d;
    state.rows = rows;
    state.refreshes++;
    document.getElementById('head').replaceChildren(alp.sessionView.head(d));
    document.getElementById('frontier').replaceChildren(alp.sessionView.frontierTable(d, rows, nodeUrl));
    alp.plots.updatePareto(plot, d, rows);
    alp.plots.updateTimeline(timeline, d.timeline);
    alp.tree.render(treeBox, rows, nodeUrl);
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
