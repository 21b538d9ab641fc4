// What a session's page and its offline report (report.html) both show: the figures and the frontier table.
// nodeUrl(node) links a node to its page; null (the report) shows node ids without links.
'use strict';
alp.sessionView = (() => {
  const {el, usd, pct, statusBadge, spendBar, card, editClass} = alp;

  function nodeLink(node, nodeUrl) {
    return nodeUrl ? el('a', {href: nodeUrl(node), text: node}) : el('span', {text: node});
  }

  function head(d) {
    return el('div', {},
      el('h1', {}, d.name, ' ', statusBadge(d.status), d.stopReason ? el('span', {class: 'muted', text: ' ' + d.stopReason}) : null),
      el('p', {class: 'muted', text: d.id + ' · world ' + d.world + ' · dataset ' + d.datasetId + ' (' + d.cases + ' cases)'}),
      d.simulated ? el('p', {class: 'sim', text: 'SIMULATED: every figure here comes from the simulated world, not from real models.'}) : null,
      d.stopReason === 'baseline_errors' && d.stopDetail ? el('p', {class: 'failure', text: d.stopDetail}) : null,
      el('div', {class: 'cards'},
        el('div', {class: 'card'}, el('div', {class: 'v', text: usd(d.spentUsd) + ' of ' + usd(d.budgetUsd)}),
          spendBar(d.spentUsd, d.reservedUsd, d.budgetUsd),
          el('div', {class: 'k', text: 'spent (' + usd(d.reservedUsd) + ' reserved; proposer ' + usd(d.orchestratorUsd) + ', evaluation ' + usd(d.evaluationUsd) + ')'})),
        card('nodes', String(d.nodes)), card('scored', String(d.scored)), card('pending', String(d.pending)),
        card('rounds', String(d.rounds)), card('frontier', String(d.frontier.length)),
        card('hypervolume', d.hypervolume === 0 || d.hypervolume >= 0.001 ? d.hypervolume.toFixed(3)
          : d.hypervolume.toPrecision(3))));
  }

  function frontierTable(d, rows, nodeUrl) {
    if (!d.frontier.length) return el('p', {class: 'muted', text: 'No frontier yet.'});
    const rowOf = new Map(rows.map(r => [r.node, r]));
    return el('table', {id: 'frontier-table'},
      el('thead', {}, el('tr', {}, ['node', 'pass-rate (measured)', '95% interval', 'estimated', '$ per case', 'edits from the baseline']
        .map(h => el('th', {text: h})))),
      el('tbody', {}, d.frontier.map(f => el('tr', {},
        el('td', {}, nodeLink(f.node, nodeUrl), ' ', editClass((rowOf.get(f.node) || {}).editClass)),
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

  return {head, frontierTable, nodeLink};
})();
