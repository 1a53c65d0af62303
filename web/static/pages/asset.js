// Asset detail `/assets/{id}` (spec 04 §5.3): blast-radius picture, current schema and
// guarantees, contract history, consumers, active proposals, upstream dependencies, the last
// 10 data-quality runs; publish / edit the contract, register as consumer, change owner.
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;
  const MODES = ['backward', 'forward', 'full', 'none'].map((m) => ({ value: m, label: m }));

  function parseJson(text, what) {
    if (!text.trim()) return null;
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new Error(what + ' is not valid JSON: ' + err.message);
    }
  }

  function publishOutcome(result) {
    if (result.action === 'proposal_created') {
      return h('span', null, 'Breaking change: proposal created — ', T.proposalLink(result.proposal.id, 'open the proposal'));
    }
    return (result.action === 'force_published' ? 'Force-published ' : 'Published ') + result.contract.version;
  }

  function publishForm(asset, current, ctx, after) {
    const publisher = ctx.isAdmin ? asset.owner_team_id : ctx.teamId;
    const status = h('div');
    const f = T.form([
      { name: 'version', label: 'Version (empty: next by the change)', placeholder: current ? '' : '1.0.0' },
      { name: 'compatibility_mode', label: 'Compatibility', type: 'select', options: MODES, value: current ? current.compatibility_mode : 'backward' },
      { name: 'schema', label: 'Schema (JSON Schema)', type: 'textarea', rows: 12, required: true,
        value: current ? JSON.stringify(current.schema_def, null, 2) : '{\n  "type": "object",\n  "properties": {}\n}' },
      { name: 'guarantees', label: 'Guarantees (JSON, optional)', type: 'textarea', rows: 5,
        value: current && current.guarantees ? JSON.stringify(current.guarantees, null, 2) : '' },
    ], current ? 'Publish new version' : 'Publish first contract', async (v) => {
      const body = { schema: parseJson(v.schema, 'The schema'), compatibility_mode: v.compatibility_mode };
      if (v.version) body.version = v.version;
      const guarantees = parseJson(v.guarantees, 'The guarantees');
      if (guarantees) body.guarantees = guarantees;
      const result = await api.post('/assets/' + asset.id + '/contracts', body, { published_by: publisher });
      status.replaceChildren(T.notice('ok', publishOutcome(result)));
      after();
    });
    return h('div', null, f, status);
  }

  function ownerForm(asset, teams, users, after) {
    return T.form([
      { name: 'owner_team_id', label: 'Owner team', type: 'select', options: teams, value: asset.owner_team_id },
      { name: 'owner_user_id', label: 'Owner user', type: 'select', value: asset.owner_user_id || '',
        options: [{ value: '', label: '(keep)' }].concat(users.map((u) => ({ value: u.id, label: u.name + ' <' + u.email + '>' }))) },
    ], 'Change owner', async (v) => {
      const patch = { owner_team_id: v.owner_team_id };
      if (v.owner_user_id) patch.owner_user_id = v.owner_user_id;
      await api.patch('/assets/' + asset.id, patch);
      after();
      return 'Owner changed';
    }, { inline: true });
  }

  T.start(async (content, ctx) => {
    const id = ctx.id;
    const [asset, contracts, audit, proposals, dependencies, lineage] = await Promise.all([
      api.get('/assets/' + id),
      api.get('/assets/' + id + '/contracts', { limit: 100 }),
      api.get('/assets/' + id + '/audit-history', { limit: 10 }),
      api.get('/proposals', { asset_id: id, status: 'pending' }),
      api.get('/assets/' + id + '/dependencies', { limit: 100 }),
      api.get('/assets/' + id + '/lineage'),
    ]);
    const current = contracts.results.find((c) => c.status === 'active') || null;
    const registrations = current ? await api.get('/contracts/' + current.id + '/registrations', { limit: 100 }) : { results: [] };
    const upstreamFqn = new Map(lineage.upstream.map((u) => [u.asset_id, u.asset_fqn]));
    const reload = () => window.location.reload();
    const owns = ctx.isAdmin || (ctx.canWrite && asset.owner_team_id === ctx.teamId);

    const radiusBox = h('div', { class: 'radius', id: 'radius' });
    content.replaceChildren(
      h('h1', null, asset.fqn),
      h('dl', { class: 'facts' },
        h('dt', null, 'Owner team'), h('dd', null, T.teamLink(asset.owner_team_id, asset.owner_team_name)),
        h('dt', null, 'Owner user'), h('dd', null, asset.owner_user_id ? [T.userLink(asset.owner_user_id, asset.owner_user_name), ' ', asset.owner_user_email || ''] : '—'),
        h('dt', null, 'Environment'), h('dd', null, asset.environment),
        h('dt', null, 'Created'), h('dd', null, T.fmtDate(asset.created_at))),
      T.section('Blast radius', radiusBox),
      T.section('Current schema', current
        ? [h('p', null, 'Version ', T.contractLink(current.id, current.version), ' · ', T.badge(current.compatibility_mode)), T.json(current.schema_def)]
        : h('p', { class: 'empty' }, 'No contract published yet.')),
      T.section('Guarantees', current && current.guarantees ? T.json(current.guarantees) : h('p', { class: 'empty' }, 'No guarantees.')),
      T.section('Contract history', T.table([
        { title: 'Version', cell: (c) => T.contractLink(c.id, c.version) },
        { title: 'Status', cell: (c) => T.badge(c.status) },
        { title: 'Compatibility', cell: (c) => c.compatibility_mode },
        { title: 'Published', cell: (c) => T.fmtDate(c.published_at) },
        { title: 'By', cell: (c) => T.teamLink(c.published_by, c.published_by_team_name) },
      ], contracts.results, 'No contracts.')),
      T.section('Consumers', T.table([
        { title: 'Team', cell: (r) => T.teamLink(r.consumer_team_id, r.consumer_team_name) },
        { title: 'Status', cell: (r) => T.badge(r.status) },
        { title: 'Pinned', cell: (r) => r.pinned_version || '—' },
        { title: 'Registered', cell: (r) => T.fmtDate(r.registered_at) },
      ], registrations.results, 'No consumers registered.')),
      T.section('Active proposals', T.table([
        { title: 'Proposal', cell: (p) => T.proposalLink(p.id) },
        { title: 'Change', cell: (p) => T.badge(p.change_type) },
        { title: 'Breaking', cell: (p) => String(p.breaking_changes_count) },
        { title: 'Acks', cell: (p) => p.acknowledgment_count + '/' + p.total_consumers },
        { title: 'Proposed', cell: (p) => T.fmtDate(p.proposed_at) },
      ], proposals.results, 'No pending proposals.')),
      T.section('Upstream dependencies', T.table([
        { title: 'Depends on', cell: (d) => T.assetLink(d.dependency_asset_id, upstreamFqn.get(d.dependency_asset_id)) },
        { title: 'Type', cell: (d) => d.dependency_type },
        { title: 'Since', cell: (d) => T.fmtDate(d.created_at) },
      ], dependencies.results, 'No upstream dependencies.')),
      T.section('Data quality (last 10 runs of ' + audit.total_runs + ')', T.table([
        { title: 'When', cell: (r) => T.fmtDate(r.run_at) },
        { title: 'Status', cell: (r) => T.badge(r.status) },
        { title: 'Source', cell: (r) => r.triggered_by },
        { title: 'Passed', cell: (r) => String(r.guarantees_passed) },
        { title: 'Failed', cell: (r) => String(r.guarantees_failed) },
        { title: 'Checked', cell: (r) => String(r.guarantees_checked) },
        { title: 'Run id', cell: (r) => r.run_id || '—' },
      ], audit.runs, 'No audit runs reported.')),
    );

    if (ctx.canWrite && current) {
      const mine = registrations.results.some((r) => r.consumer_team_id === ctx.teamId && r.status === 'active');
      content.appendChild(T.section('Register as consumer', mine
        ? h('p', null, 'Your team is registered on ' + current.version + '.')
        : T.actionButton('Register my team on ' + current.version, async () => {
          await api.post('/registrations', { consumer_team_id: ctx.teamId }, { contract_id: current.id });
          reload();
        })));
    }
    if (owns) {
      content.appendChild(T.section(current ? 'Edit schema or guarantees' : 'Publish the first contract', publishForm(asset, current, ctx, () => {})));
      const [teams, users] = await Promise.all([T.teamOptions(), api.all('/users')]);
      content.appendChild(T.section('Change owner', ownerForm(asset, teams, users, reload)));
    }

    await T.loadScript('/static/radius.js');
    T.radius.mount(radiusBox, { assetId: asset.id, ownerTeamId: asset.owner_team_id, depth: 3 });
  });
})();
