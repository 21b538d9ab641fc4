// The session's Pareto plot (every evaluated node, the frontier estimated and measured, the baseline) and its
// timeline (spend and frontier hypervolume), drawn with the bundled Chart.js.
'use strict';
alp.plots = (() => {
  const COLORS = {evaluated: 'rgba(100,116,139,0.55)', frontier: '#d97706', baseline: '#111827'};

  // onNode(node) opens a clicked node; null (the offline report): points only show their figures
  function pareto(canvas, onNode) {
    const chart = new Chart(canvas, {
      type: 'scatter',
      data: {datasets: [
        {label: 'evaluated nodes', data: [], pointRadius: 4, backgroundColor: COLORS.evaluated, order: 4},
        {label: 'frontier (pass-rate estimated from the tree)', data: [], showLine: true, borderColor: COLORS.frontier,
          backgroundColor: COLORS.frontier, pointRadius: 6, order: 2},
        {label: 'frontier nodes (measured pass-rate)', data: [], pointStyle: 'circle', pointRadius: 6,
          backgroundColor: 'rgba(0,0,0,0)', borderColor: COLORS.frontier, borderWidth: 2, order: 3},
        {label: 'baseline', data: [], pointStyle: 'rectRot', pointRadius: 9, backgroundColor: COLORS.baseline, order: 1}
      ]},
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: {title: {display: true, text: 'dollars per case'}, beginAtZero: true},
          y: {title: {display: true, text: 'pass-rate (%)'}, suggestedMin: 0, suggestedMax: 100}
        },
        plugins: {tooltip: {callbacks: {label: ctx => describe(ctx.raw)}}},
        onClick: (evt, elements) => {
          const hit = chart.getElementsAtEventForMode(evt, 'nearest', {intersect: true}, true)[0] || elements[0];
          if (hit && onNode) onNode(chart.data.datasets[hit.datasetIndex].data[hit.index].node);
        },
        onHover: (evt, elements) => {
          evt.native.target.style.cursor = elements.length && onNode ? 'pointer' : 'default';
        }
      }
    });
    return chart;
  }

  function describe(p) {
    const lines = [p.node + '  ' + (p.editClass || 'baseline') + ': ' + p.edit,
      'pass-rate ' + alp.pct(p.passRate) + (p.passLow !== undefined && p.passLow !== null
        ? ' [' + alp.pct(p.passLow) + ', ' + alp.pct(p.passHigh) + ']' : ''),
      alp.usd(p.costPerCase) + ' per case'];
    if (p.estimated !== undefined && p.estimated !== null) lines.push('estimated from the tree ' + alp.pct(p.estimated));
    return lines;
  }

  function updatePareto(chart, detail, rows) {
    const byId = new Map(rows.map(r => [r.node, r]));
    const point = (r, y) => ({x: r.costPerCase, y: y * 100, node: r.node, edit: r.edit, editClass: r.editClass,
      passRate: r.passRate, passLow: r.passLow, passHigh: r.passHigh, costPerCase: r.costPerCase});
    const scored = rows.filter(r => r.passRate !== null);
    chart.data.datasets[0].data = scored.map(r => point(r, r.passRate));
    // the frontier is chosen on pass-rates estimated from the whole tree; each node's own sample is drawn beside it
    const estimated = f => f.estimatedPassRate === null || f.estimatedPassRate === undefined ? f.passRate : f.estimatedPassRate;
    const withEstimate = (f, y) => Object.assign(point(byId.get(f.node) || f, y), {estimated: f.estimatedPassRate});
    chart.data.datasets[1].data = detail.frontier.map(f => withEstimate(f, estimated(f)));
    chart.data.datasets[2].data = detail.frontier.map(f => withEstimate(f, f.passRate));
    const b = detail.baseline;
    chart.data.datasets[3].data = b ? [Object.assign(point(byId.get(b.node) || b, b.passRate), {edit: 'baseline'})] : [];
    chart.update('none');
  }

  function timeline(canvas) {
    return new Chart(canvas, {
      type: 'line',
      data: {datasets: [
        {label: 'spent ($)', data: [], yAxisID: 'y', borderColor: '#2563eb', pointRadius: 0, stepped: true},
        {label: 'frontier hypervolume', data: [], yAxisID: 'y1', borderColor: '#d97706', pointRadius: 0, stepped: true}
      ]},
      options: {
        animation: false, maintainAspectRatio: false, parsing: false,
        scales: {
          x: {type: 'linear', title: {display: true, text: 'seconds since the session started'}},
          y: {title: {display: true, text: 'dollars'}, beginAtZero: true},
          y1: {position: 'right', title: {display: true, text: 'hypervolume'}, grid: {drawOnChartArea: false}}
        }
      }
    });
  }

  function updateTimeline(chart, points) {
    const t0 = points.length ? points[0].at : 0;
    chart.data.datasets[0].data = points.map(p => ({x: (p.at - t0) / 1000, y: p.spentUsd}));
    chart.data.datasets[1].data = points.map(p => ({x: (p.at - t0) / 1000, y: p.hypervolume}));
    chart.update('none');
  }

  return {pareto, updatePareto, timeline, updateTimeline};
})();
