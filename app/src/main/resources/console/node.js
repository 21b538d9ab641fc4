// A node's page: its edit and figures, its change against the parent, and its per-case outcomes with filters.
'use strict';
(() => {
  const {api, el, usd, pct, card, fail, editClass} = alp;
  const [, session, , node] = alp.segs();
  const sessionUrl = '/sessions/' + encodeURIComponent(session);
  const FILTERS = {
    all: () => true,
    failed: c => c.verdict !== 'pass',
    passed: c => c.verdict === 'pass',
    changed: c => c.changed,
    errors: c => c.verdict === 'error'
  };
  let filter = 'all';
  let detail = null;
  window.alpNode = {};
  document.title = 'ALP node ' + node + ' of ' + session;
  document.getElementById('crumbs').append(' / ', el('a', {href: sessionUrl, text: session}), ' / ', el('span', {text: node}));

  function head(d) {
    const n = d.node;
    return el('div', {},
      el('h1', {}, n.node + ' ', editClass(n.editClass), ' ', el('span', {class: 'ns-' + n.status, text: n.status}),
        n.onFrontier ? el('span', {class: 'star', text: ' ★ frontier'}) : null, n.pruned ? el('span', {class: 'muted', text: ' pruned'}) : null),
      el('p', {class: 'wrap', text: n.edit}),
      el('p', {class: 'muted'}, n.parent ? ['parent ', el('a', {href: sessionUrl + '/nodes/' + encodeURIComponent(n.parent), text: n.parent}), ' · '] : null,
        n.origin + (d.simulated ? ' · SIMULATED world' : '')),
      (n.leftOut || []).map(part => el('p', {class: 'error-box', text: 'left out, could not be applied: ' + part})),
      n.failure ? el('p', {class: 'error-box', text: n.failure}) : null,
      el('div', {class: 'cards'},
        card('pass-rate', n.passRate === null ? '–' : pct(n.passRate) + ' [' + pct(n.passLow) + ', ' + pct(n.passHigh) + ']'),
        card('$ per case', usd(n.costPerCase)),
        card('passed', String(d.counts.pass)), card('failed', String(d.counts.fail)),
        card('errors', String(d.counts.error)), card('changed vs parent', String(d.counts.changed)),
        card('judge agreement', n.judgeAgreement === null ? '–' : pct(n.judgeAgreement))),
      d.branchEdits.length > 1 ? el('details', {}, el('summary', {text: 'edits from the baseline (' + d.branchEdits.length + ')'}),
        el('ol', {}, d.branchEdits.map(e => el('li', {text: e})))) : null);
  }

  function diff(d) {
    const pre = document.getElementById('diff');
    const text = d.diff.text || (d.diff.kind === 'source' ? '(the same source as its parent)' : '');
    pre.replaceChildren(...text.split('\n').map(line => el('span', {
      class: line.startsWith('@@') ? 'hunk' : line.startsWith('+') && !line.startsWith('+++') ? 'add'
        : line.startsWith('-') && !line.startsWith('---') ? 'del' : null, text: line + '\n'})));
  }

  function filters() {
    const counts = k => detail.cases.filter(FILTERS[k]).length;
    document.getElementById('filters').replaceChildren(...Object.keys(FILTERS).map(k => el('button', {
      type: 'button', 'data-filter': k, class: k === filter ? 'on' : null, text: k + ' (' + counts(k) + ')',
      onclick: () => { filter = k; filters(); cases(); }})));
  }

  function verdict(v) {
    return v === null ? el('span', {class: 'muted', text: '–'}) : el('span', {class: 'v-' + v, text: v});
  }

  function cases() {
    const shown = detail.cases.filter(FILTERS[filter]);
    window.alpNode.shown = shown.length;
    if (!detail.cases.length) {
      document.getElementById('cases').replaceChildren(el('p', {class: 'muted', text: 'No case recorded for this node.'}));
      return;
    }
    document.getElementById('cases').replaceChildren(el('table', {id: 'case-table'},
      el('thead', {}, el('tr', {}, ['case', 'verdict', 'parent', 'input', 'output', 'judge reason / error', 'tokens in/out', 'cost', 'judge cost']
        .map(h => el('th', {text: h})))),
      el('tbody', {}, shown.map(c => el('tr', {'data-case': c.caseId, 'data-verdict': c.verdict},
        el('td', {class: 'nowrap', text: c.caseId}),
        el('td', {}, verdict(c.verdict), c.changed ? el('div', {class: 'muted', text: 'changed'}) : null),
        el('td', {}, verdict(c.parentVerdict)),
        el('td', {class: 'wrap', text: c.input}),
        el('td', {class: 'wrap', text: c.output}),
        el('td', {class: 'wrap' + (c.error ? ' v-error' : '')}, el('div', {text: c.error || c.reason}),
          c.stderrTail && !c.error ? el('pre', {class: 'muted stderr', text: 'stderr: ' + c.stderrTail}) : null),
        el('td', {class: 'num', text: c.inputTokens + ' / ' + c.outputTokens}),
        el('td', {class: 'num', text: usd(c.costUsd)}),
        el('td', {class: 'num', text: usd(c.judgeCostUsd)}))))));
  }

  api('/api/sessions/' + encodeURIComponent(session) + '/nodes/' + encodeURIComponent(node)).then(d => {
    detail = d;
    window.alpNode.detail = d;
    document.getElementById('head').replaceChildren(head(d));
    diff(d);
    filters();
    cases();
  }).catch(e => fail(document.getElementById('head'), e));
})();
