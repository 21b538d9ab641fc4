// The session's search tree as a collapsible list: each node with its edit class, edit, status and figures.
'use strict';
alp.tree = (() => {
  const {el, pct, usd, editClass} = alp;
  const collapsed = new Set();

  // nodeUrl(node) links each node to its page; null (the offline report) shows ids without links
  function render(box, rows, nodeUrl) {
    const children = new Map();
    for (const r of rows) {
      const k = r.parent || '';
      if (!children.has(k)) children.set(k, []);
      children.get(k).push(r);
    }
    const item = r => {
      const kids = children.get(r.node) || [];
      const toggle = el('button', {type: 'button', class: 'toggle' + (kids.length ? '' : ' leaf'),
        'aria-label': 'collapse or expand ' + r.node, text: collapsed.has(r.node) ? '▸' : '▾'});
      const li = el('li', {'data-node': r.node, class: collapsed.has(r.node) ? 'collapsed' : null},
        el('div', {class: 'row'}, toggle,
          Object.assign(alp.sessionView.nodeLink(r.node, nodeUrl), {className: r.pruned ? 'pruned' : ''}),
          editClass(r.editClass),
          el('span', {class: 'edit', text: r.edit}),
          el('span', {class: 'ns-' + r.status, text: r.status}),
          r.passRate !== null ? el('span', {class: 'muted', text: pct(r.passRate) + ' · ' + usd(r.costPerCase)}) : null,
          r.errors > 0 ? el('span', {class: 'failure', text: r.errors + (r.errors === 1 ? ' case' : ' cases') + ' could not be evaluated', title: r.commonError || ''}) : null,
          r.onFrontier ? el('span', {class: 'star', title: 'on the frontier', text: '★ frontier'}) : null,
          r.pruned ? el('span', {class: 'muted', text: 'pruned'}) : null,
          r.leftOut && r.leftOut.length ? el('span', {class: 'failure', title: 'left out, could not be applied: ' + r.leftOut.join('; '),
            text: r.leftOut.length + (r.leftOut.length === 1 ? ' part' : ' parts') + ' not applied'}) : null,
          r.failure ? el('span', {class: 'failure', title: r.failure, text: r.failure}) : null),
        kids.length ? el('ul', {}, kids.map(item)) : null);
      if (kids.length) {
        toggle.addEventListener('click', () => {
          li.classList.toggle('collapsed');
          if (li.classList.contains('collapsed')) collapsed.add(r.node); else collapsed.delete(r.node);
          toggle.textContent = li.classList.contains('collapsed') ? '▸' : '▾';
        });
      }
      return li;
    };
    box.replaceChildren(el('ul', {class: 'tree'}, (children.get('') || []).map(item)));
  }

  function setAll(box, rows, collapse) {
    collapsed.clear();
    if (collapse) rows.forEach(r => collapsed.add(r.node));
    box.querySelectorAll('li').forEach(li => {
      const hasKids = li.querySelector(':scope > ul');
      if (!hasKids) return;
      li.classList.toggle('collapsed', collapse);
      li.querySelector('.toggle').textContent = collapse ? '▸' : '▾';
    });
  }

  return {render, setAll};
})();
