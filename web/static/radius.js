// The blast-radius picture (issue 17) on the asset and proposal pages: the assets reached from
// one asset downstream (or upstream) to a chosen depth, in one column per depth, coloured by
// owner team, consumer teams as diamonds in the column of their depth; totals per depth and
// per team beside it. Hover shows FQN and team, a click opens the asset, the wheel zooms and a
// drag pans. Past GROUP_THRESHOLD assets one node stands for a team's assets at one depth, so
// a 2,000-asset radius stays readable. Data: GET /api/v1/assets/{id}/blast-radius (one
// breadth-first traversal: every asset once, at its shortest depth). That listing carries no
// edges, so for small pictures the edges come from each node's /lineage (one level).
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;

  const GROUP_THRESHOLD = 300; // more assets than this: one node per (depth, team)
  const EDGE_LIMIT = 150; // at most this many assets: draw edges (one /lineage call each)
  const LIST_LIMIT = 500; // rows of the asset list under the picture
  const COLUMN_WIDTH = 280;
  const ROW_HEIGHT = 46;
  const ROWS_PER_STRIP = 24; // a tall column is split into strips side by side
  const STRIP_WIDTH = 190;
  const LABEL_HEIGHT = 20; // room under a node for its label
  const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#e15759', '#9c755f', '#ff9da7', '#bab0ac'];

  function colourFor(index) {
    if (index < PALETTE.length) return PALETTE[index];
    const hue = Math.round((index * 137.508) % 360); // golden angle: far-apart hues
    return 'hsl(' + hue + ', 55%, 55%)';
  }

  function shortName(fqn) {
    const parts = String(fqn).split('.');
    return parts.length > 2 ? parts.slice(1).join('.') : String(fqn);
  }

  // Teams of the picture in a stable order (by_team, then owners as met), each with a colour.
  function teamPalette(radius) {
    const teams = new Map();
    const add = (id, name) => {
      if (!id || teams.has(id)) return;
      teams.set(id, { id, name: name || id.slice(0, 8), colour: colourFor(teams.size) });
    };
    for (const t of radius.totals.by_team) add(t.team_id, t.team_name);
    for (const a of radius.assets) add(a.owner_team_id, a.owner_team_name);
    for (const c of radius.consumers) add(c.team_id, c.team_name);
    return teams;
  }

  // Positions in columns by depth, the root's column at x = 0: `items` ([{depth, size}]) stack
  // in the order given, a column taller than ROWS_PER_STRIP split into strips side by side;
  // each column starts where the one before it ends.
  function placeColumns(items, sign) {
    const byDepth = new Map();
    for (const item of items) {
      if (!byDepth.has(item.depth)) byDepth.set(item.depth, []);
      byDepth.get(item.depth).push(item);
    }
    let edge = STRIP_WIDTH / 2; // the far side of the column before (the root's), from the root
    for (const depth of Array.from(byDepth.keys()).sort((x, y) => x - y)) {
      const column = byDepth.get(depth);
      const strips = Math.ceil(column.length / ROWS_PER_STRIP);
      const width = STRIP_WIDTH * strips;
      const centre = edge + (COLUMN_WIDTH - STRIP_WIDTH) + width / 2;
      for (let strip = 0; strip < strips; strip++) {
        const members = column.slice(strip * ROWS_PER_STRIP, (strip + 1) * ROWS_PER_STRIP);
        const heights = members.map((i) => Math.max(ROW_HEIGHT, i.size + LABEL_HEIGHT));
        let y = -heights.reduce((sum, v) => sum + v, 0) / 2;
        members.forEach((item, i) => {
          item.position = { x: sign * (centre - width / 2 + (strip + 0.5) * STRIP_WIDTH), y: y + heights[i] / 2 };
          y += heights[i];
        });
      }
      edge = centre + width / 2;
    }
  }

  // One node per (depth, owner team), for pictures too large to show asset by asset.
  function groupItems(radius, teamName) {
    const groups = new Map();
    for (const a of radius.assets) {
      const key = a.depth + '|' + a.owner_team_id;
      if (!groups.has(key)) groups.set(key, { kind: 'group', depth: a.depth, team: a.owner_team_id, assets: [] });
      groups.get(key).assets.push(a);
    }
    const items = Array.from(groups.values());
    for (const g of items) {
      g.id = 'g:' + g.depth + ':' + g.team;
      g.label = teamName(g.team) + ' · ' + g.assets.length;
      g.size = Math.round(24 + 6 * Math.sqrt(g.assets.length));
      g.tip = g.assets.length + ' assets of ' + teamName(g.team) + ' at depth ' + g.depth;
    }
    return items.sort((x, y) => x.depth - y.depth || teamName(x.team).localeCompare(teamName(y.team)));
  }

  function assetItems(radius, teamName) {
    const items = radius.assets.map((a) => ({
      kind: 'asset', id: a.asset_id, depth: a.depth, team: a.owner_team_id, fqn: a.fqn, deleted: a.deleted,
      label: shortName(a.fqn), size: 26, tip: a.fqn + '\nteam: ' + teamName(a.owner_team_id) + (a.deleted ? '\n(deleted)' : ''),
    }));
    return items.sort((x, y) => x.depth - y.depth || teamName(x.team).localeCompare(teamName(y.team)) || x.fqn.localeCompare(y.fqn));
  }

  // The consumer teams of the radius, plus (on a proposal) any team still to acknowledge that
  // the radius does not list, at depth 1.
  function consumerItems(radius, teamName, marks) {
    if (radius.direction === 'upstream') return []; // upstream has no consumers to break
    const consumers = radius.consumers.slice();
    for (const id of marks.pending) {
      if (!consumers.some((c) => c.team_id === id)) consumers.push({ team_id: id, depth: 1 });
    }
    return consumers.map((c) => {
      const pending = marks.pending.has(c.team_id);
      const ack = marks.acknowledged.get(c.team_id);
      let label = teamName(c.team_id);
      if (pending) label = '⚠ ' + label + ' — to acknowledge';
      else if (ack) label = label + ' — ' + ack;
      return {
        kind: 'consumer', id: 'c:' + c.team_id, depth: c.depth, team: c.team_id, label, size: 30,
        pending, acknowledged: Boolean(ack),
        tip: 'consumer team: ' + teamName(c.team_id) + '\nregistered at depth ' + c.depth + (pending ? '\nhas not acknowledged' : ''),
      };
    });
  }

  function rootItem(radius, teamName, marks) {
    const label = marks.changed
      ? radius.fqn + '\nchanged: ' + marks.breaking + ' breaking change' + (marks.breaking === 1 ? '' : 's')
      : radius.fqn;
    return {
      kind: 'root', id: radius.asset_id, depth: 0, team: marks.rootTeam, label, size: 40, position: { x: 0, y: 0 },
      tip: radius.fqn + '\nteam: ' + teamName(marks.rootTeam) + (marks.changed ? '\nchanged by this proposal' : ''),
      changed: marks.changed,
    };
  }

  function nodeElements(radius, teams, grouped, marks) {
    const teamName = (id) => (teams.get(id) || { name: '—' }).name;
    const teamColour = (id) => (teams.get(id) || { colour: '#999' }).colour;
    const items = grouped ? groupItems(radius, teamName) : assetItems(radius, teamName);
    const consumers = consumerItems(radius, teamName, marks);
    // Each column: its assets (or groups), then its consumer teams.
    const stacked = [];
    const depths = new Set(items.map((i) => i.depth).concat(consumers.map((c) => c.depth)));
    for (const d of Array.from(depths).sort((x, y) => x - y)) {
      stacked.push(...items.filter((i) => i.depth === d), ...consumers.filter((c) => c.depth === d));
    }
    placeColumns(stacked, radius.direction === 'upstream' ? -1 : 1);
    return [rootItem(radius, teamName, marks)].concat(stacked).map((item) => ({
      group: 'nodes',
      data: {
        id: item.id, kind: item.kind, label: item.label, tip: item.tip, size: item.size,
        colour: teamColour(item.team), team: item.team || '',
        deleted: item.deleted ? 'yes' : 'no', pending: item.pending ? 'yes' : 'no',
        acknowledged: item.acknowledged ? 'yes' : 'no', changed: item.changed ? 'yes' : 'no',
      },
      position: item.position,
      scratch: item.assets ? { assets: item.assets } : undefined,
    }));
  }

  // Edges among the drawn nodes, from each asset's one-level lineage (small pictures only):
  // asset → asset along the direction, and (downstream) asset → consumer team for the
  // registrations of the consumer teams in the picture.
  async function edgeElements(radius) {
    const inPicture = new Set(radius.assets.map((a) => a.asset_id).concat([radius.asset_id]));
    const consumerTeams = new Set(radius.consumers.map((c) => c.team_id));
    const ids = Array.from(inPicture);
    const edges = new Map();
    const add = (source, target, kind) => {
      edges.set(source + '>' + target, { group: 'edges', data: { id: 'e:' + source + '>' + target, source, target, kind } });
    };
    let next = 0;
    async function worker() {
      while (next < ids.length) {
        const id = ids[next++];
        const lineage = await api.get('/assets/' + id + '/lineage');
        const upstream = radius.direction === 'upstream';
        for (const n of upstream ? lineage.upstream : lineage.downstream_assets) {
          if (!inPicture.has(n.asset_id) || n.asset_id === id) continue;
          if (upstream) add(n.asset_id, id, 'lineage');
          else add(id, n.asset_id, 'lineage');
        }
        if (upstream) continue;
        for (const team of lineage.downstream) {
          const active = team.registrations.some((r) => r.status === 'active');
          if (active && consumerTeams.has(team.team_id)) add(id, 'c:' + team.team_id, 'registration');
        }
      }
    }
    await Promise.all([worker(), worker(), worker(), worker()]);
    return Array.from(edges.values());
  }

  const STYLE = [
    { selector: 'node', style: {
      'background-color': 'data(colour)', width: 'data(size)', height: 'data(size)', label: 'data(label)',
      'font-size': 11, color: '#222', 'text-valign': 'bottom', 'text-margin-y': 3,
      'text-background-color': '#fff', 'text-background-opacity': 0.75, 'text-background-padding': 1,
      'border-width': 1, 'border-color': '#555' } },
    { selector: 'node[kind = "root"]', style: { 'border-width': 4, 'border-color': '#111', 'font-weight': 'bold', 'font-size': 13 } },
    { selector: 'node[changed = "yes"]', style: { 'border-color': '#d62728', 'border-width': 6 } },
    { selector: 'node[kind = "group"]', style: { shape: 'round-rectangle', 'font-weight': 'bold' } },
    { selector: 'node[kind = "consumer"]', style: { shape: 'diamond', 'border-width': 2, 'border-style': 'dashed' } },
    { selector: 'node[pending = "yes"]', style: { 'border-color': '#d62728', 'border-width': 5, 'border-style': 'solid', color: '#b00', 'font-weight': 'bold' } },
    { selector: 'node[acknowledged = "yes"]', style: { 'border-color': '#2ca02c', 'border-width': 3, 'border-style': 'solid' } },
    { selector: 'node[deleted = "yes"]', style: { opacity: 0.45, 'border-style': 'dotted' } },
    { selector: 'edge', style: { width: 1.2, 'line-color': '#aaa', 'target-arrow-color': '#aaa', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.8 } },
    { selector: 'edge[kind = "registration"]', style: { 'line-style': 'dashed', 'line-color': '#c9a3e6', 'target-arrow-color': '#c9a3e6' } },
    { selector: 'node[kind = "root"][changed = "yes"]', style: { 'text-wrap': 'wrap', 'text-max-width': 260, color: '#b00' } },
    { selector: 'node:selected', style: { 'overlay-opacity': 0.15 } },
  ];

  function totalsPanel(radius, teams, marks) {
    const downstream = radius.direction === 'downstream';
    const byDepth = T.table([
      { title: 'Depth', cell: (d) => String(d.depth) },
      { title: 'Assets', cell: (d) => String(d.assets) },
    ].concat(downstream ? [
      { title: 'Consumer teams', cell: (d) => String(d.consumer_teams) },
      { title: 'Registrations', cell: (d) => String(d.active_registrations) },
    ] : []), radius.totals.by_depth, 'Nothing at any depth.');
    const teamRows = Array.from(teams.values()).map((t) => {
      const total = radius.totals.by_team.find((x) => x.team_id === t.id);
      const owned = total ? total.owned_assets : radius.assets.filter((a) => a.owner_team_id === t.id).length;
      return { team: t, owned, total };
    });
    const byTeam = T.table([
      { title: 'Team', cell: (r) => [h('span', { class: 'swatch', dataset: { colour: r.team.colour } }), T.teamLink(r.team.id, r.team.name)] },
      { title: 'Assets', cell: (r) => String(r.owned) },
      { title: 'Consumer', cell: (r) => {
        const depth = r.total && r.total.consumer_depth;
        const parts = [];
        if (depth !== null && depth !== undefined) parts.push(T.badge('consumer · depth ' + depth, 'consumer'));
        if (marks.pending.has(r.team.id)) parts.push(T.badge('to acknowledge', 'pending'));
        else if (marks.acknowledged.has(r.team.id)) parts.push(T.badge(marks.acknowledged.get(r.team.id), 'approved'));
        return parts.length ? parts : '—';
      } },
    ], teamRows, 'No teams.');
    // Swatch colours come from the palette, not from data; set through the CSSOM.
    byTeam.querySelectorAll('.swatch').forEach((s) => { s.style.backgroundColor = s.dataset.colour; });
    const legend = h('p', { class: 'radius-legend muted' },
      '● asset, coloured by owner team · ◆ consumer team (dashed: its registrations)',
      marks.pending.size ? ' · ⚠ red: still to acknowledge' : '', marks.changed ? ' · red ring: the changed asset' : '');
    return h('div', { class: 'radius-totals' }, legend,
      h('p', { class: 'radius-summary' },
        radius.totals.assets + ' assets ' + radius.direction + ' within depth ' + radius.depth +
        (downstream ? ', ' + radius.totals.consumer_teams + ' consumer teams' : '')),
      h('h3', null, 'Per depth'), byDepth, h('h3', null, 'Per team'), byTeam);
  }

  // Every asset of the picture as a list (the first LIST_LIMIT), for finding one by name and
  // for readers that do not see the canvas.
  function assetList(radius, teams) {
    const shown = radius.assets.slice(0, LIST_LIMIT);
    return h('details', { class: 'radius-list' },
      h('summary', null, 'All ' + radius.assets.length + ' assets'),
      T.table([
        { title: 'Depth', cell: (a) => String(a.depth) },
        { title: 'Asset', cell: (a) => T.assetLink(a.asset_id, a.fqn) },
        { title: 'Team', cell: (a) => (teams.get(a.owner_team_id) || { name: '—' }).name },
      ], shown, 'No assets.'),
      radius.assets.length > LIST_LIMIT ? h('p', { class: 'muted' }, '… and ' + (radius.assets.length - LIST_LIMIT) + ' more') : null);
  }

  function groupPanel(node) {
    const assets = (node.scratch('assets') || []).slice().sort((x, y) => x.fqn.localeCompare(y.fqn));
    return h('div', { class: 'radius-group' },
      h('h3', null, node.data('label')),
      h('ul', null, assets.slice(0, 100).map((a) => h('li', null, T.assetLink(a.asset_id, a.fqn)))),
      assets.length > 100 ? h('p', { class: 'muted' }, '… and ' + (assets.length - 100) + ' more') : null);
  }

  // mount(container, {assetId, ownerTeamId, depth, rootLink,
  //                   changed, breakingCount, pendingTeamIds, acknowledged: Map team id → response})
  function mount(container, options) {
    const marks = {
      rootTeam: options.ownerTeamId || '',
      changed: Boolean(options.changed),
      breaking: options.breakingCount || 0,
      pending: new Set(options.pendingTeamIds || []),
      acknowledged: options.acknowledged || new Map(),
    };
    const depthSelect = h('select', { name: 'depth', 'aria-label': 'depth' },
      Array.from({ length: 10 }, (_, i) => h('option', { value: String(i + 1), selected: i + 1 === (options.depth || 3) }, 'depth ' + (i + 1))));
    const directionSelect = h('select', { name: 'direction', 'aria-label': 'direction' },
      h('option', { value: 'downstream' }, 'downstream (who breaks)'), h('option', { value: 'upstream' }, 'upstream (what it reads)'));
    const groupBox = h('input', { type: 'checkbox', name: 'group' });
    const fitButton = h('button', { type: 'button' }, 'Fit');
    const status = h('span', { class: 'radius-status', 'aria-live': 'polite' });
    const canvas = h('div', { class: 'radius-canvas' });
    const tip = h('div', { class: 'radius-tip', hidden: true });
    const side = h('div', { class: 'radius-side' });
    const picture = h('div', { class: 'radius-picture' }, canvas, tip);
    const list = h('div');
    container.replaceChildren(
      h('div', { class: 'radius-controls' }, directionSelect, depthSelect,
        h('label', null, groupBox, ' group by team'), fitButton, status),
      h('div', { class: 'radius-body' }, picture, side), list);
    let cy = null;
    let userGrouping = null; // null: automatic (past the threshold)

    async function draw() {
      container.dataset.state = 'loading';
      status.textContent = 'loading…';
      try {
        const radius = await api.get('/assets/' + options.assetId + '/blast-radius', {
          depth: depthSelect.value, direction: directionSelect.value });
        const teams = teamPalette(radius);
        const grouped = userGrouping === null ? radius.assets.length > GROUP_THRESHOLD : userGrouping;
        groupBox.checked = grouped;
        const elements = nodeElements(radius, teams, grouped, marks);
        let edgeNote = radius.assets.length > EDGE_LIMIT ? ' (edges left out past ' + EDGE_LIMIT + ')' : '';
        if (!grouped && radius.assets.length <= EDGE_LIMIT) {
          // Layers without edges beat no picture (a rate limit, a lineage read failing).
          try {
            elements.push(...(await edgeElements(radius)));
          } catch (err) {
            edgeNote = ' (edges left out: ' + T.errorText(err) + ')';
          }
        }
        if (cy) cy.destroy();
        cy = window.cytoscape({ container: canvas, elements, style: STYLE, layout: { name: 'preset', fit: true, padding: 30 },
          minZoom: 0.03, maxZoom: 4, boxSelectionEnabled: false, autoungrabify: true });
        wire(cy);
        const assetNodes = cy.nodes('[kind = "asset"]').length;
        const groupNodes = cy.nodes('[kind = "group"]').length;
        container.dataset.assetNodes = String(assetNodes);
        container.dataset.groupNodes = String(groupNodes);
        container.dataset.consumerNodes = String(cy.nodes('[kind = "consumer"]').length);
        container.dataset.edges = String(cy.edges().length);
        container.dataset.assets = String(radius.totals.assets);
        status.textContent = grouped
          ? radius.assets.length + ' assets in ' + groupNodes + ' team groups'
          : assetNodes + ' assets' + edgeNote;
        side.replaceChildren(totalsPanel(radius, teams, marks));
        list.replaceChildren(assetList(radius, teams));
        container.dataset.state = 'ready';
      } catch (err) {
        status.textContent = '';
        side.replaceChildren(T.notice('error', T.errorText(err)));
        container.dataset.state = 'error';
      }
    }

    function wire(graph) {
      graph.on('mouseover', 'node', (event) => {
        tip.textContent = event.target.data('tip');
        tip.hidden = false;
      });
      graph.on('mousemove', 'node', (event) => {
        const p = event.renderedPosition;
        tip.style.left = p.x + 14 + 'px';
        tip.style.top = p.y + 14 + 'px';
      });
      graph.on('mouseout', 'node', () => { tip.hidden = true; });
      graph.on('tap', 'node', (event) => {
        const node = event.target;
        const kind = node.data('kind');
        if (kind === 'asset' || (kind === 'root' && node.id() !== options.assetId)) window.location.assign('/assets/' + node.id());
        else if (kind === 'group') side.replaceChildren(groupPanel(node), side.lastChild || '');
        else if (kind === 'consumer') window.location.assign('/teams/' + node.data('team'));
        else if (kind === 'root' && options.rootLink) window.location.assign(options.rootLink);
      });
    }

    depthSelect.addEventListener('change', draw);
    directionSelect.addEventListener('change', draw);
    groupBox.addEventListener('change', () => { userGrouping = groupBox.checked; draw(); });
    fitButton.addEventListener('click', () => cy && cy.fit(undefined, 30));
    const controller = { draw, get cy() { return cy; } };
    window.TesseraRadius = controller; // for the browser tests and the console
    draw();
    return controller;
  }

  T.radius = { mount, GROUP_THRESHOLD, EDGE_LIMIT };
})();
