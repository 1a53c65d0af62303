// Proposal detail `/proposals/{id}` (spec 04 §5.3): breaking changes, current vs proposed
// schema, impacted consumers, acknowledgments, the blast radius with the changed asset and the
// teams still to acknowledge marked; acknowledge, withdraw, force-approve, publish.
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;
  const RESPONSES = ['approved', 'blocked', 'migrating'].map((r) => ({ value: r, label: r }));
  const show = (value) => (value === undefined || value === null ? '—' : JSON.stringify(value));

  async function actions(proposal, status, ctx, reload) {
    const box = h('div', { class: 'actions' });
    if (!ctx.canWrite) return box;
    if (proposal.status === 'pending') {
      const pending = new Set(status.pending_consumers.map((c) => c.team_id));
      const choices = await T.actingTeamOptions();
      // An admin starts on the first team still to acknowledge.
      const first = choices.find((t) => pending.has(t.value)) || choices[0];
      box.appendChild(T.section('Acknowledge', T.form([
        { name: 'consumer_team_id', label: 'As team', type: 'select', options: choices, value: first ? first.value : '' },
        { name: 'response', label: 'Response', type: 'select', options: RESPONSES },
        { name: 'notes', label: 'Notes', type: 'textarea', rows: 2 },
      ], 'Acknowledge', async (v) => {
        await api.post('/proposals/' + proposal.id + '/acknowledge', { consumer_team_id: v.consumer_team_id, response: v.response, notes: v.notes || null });
        reload();
      })));
      // Only the proposing team withdraws (spec 01 §9.8 R11); any team may force-approve.
      const mayWithdraw = ctx.isAdmin || proposal.proposed_by === ctx.teamId;
      box.appendChild(T.section('Other actions',
        mayWithdraw ? T.actionButton('Withdraw', async () => { await api.post('/proposals/' + proposal.id + '/withdraw'); reload(); }, 'Withdraw this proposal?') : null,
        T.actionButton('Force-approve', async () => {
          await api.post('/proposals/' + proposal.id + '/force', undefined, { actor_id: ctx.teamId });
          reload();
        }, 'Approve without every consumer acknowledging?')));
    } else if (proposal.status === 'approved') {
      box.appendChild(T.section('Publish', T.form([{ name: 'version', label: 'Version', required: true, placeholder: '2.0.0' }], 'Publish', async (v) => {
        const result = await api.post('/proposals/' + proposal.id + '/publish', { version: v.version, published_by: ctx.teamId });
        return h('span', null, 'Published ', T.contractLink(result.contract.id, result.contract.version),
          result.audit_warning ? ' — ' + result.audit_warning : '');
      }, { inline: true })));
    }
    return box;
  }

  T.start(async (content, ctx) => {
    const [proposal, status] = await Promise.all([api.get('/proposals/' + ctx.id), api.get('/proposals/' + ctx.id + '/status')]);
    const [asset, contracts] = await Promise.all([
      api.get('/assets/' + proposal.asset_id).catch(() => null),
      api.get('/assets/' + proposal.asset_id + '/contracts', { limit: 100 }),
    ]);
    const current = contracts.results.find((c) => c.status === 'active') || null;
    const pendingTeams = status.pending_consumers.map((c) => c.team_id);
    const acknowledged = new Map(status.acknowledgments.map((a) => [a.consumer_team_id, a.response]));
    const reload = () => window.location.reload();
    const radiusBox = h('div', { class: 'radius', id: 'radius' });
    const actionBox = await actions(proposal, status, ctx, reload);

    content.replaceChildren(
      h('h1', null, 'Proposal for ', T.assetLink(proposal.asset_id, status.asset_fqn)),
      h('dl', { class: 'facts' },
        h('dt', null, 'Status'), h('dd', null, T.badge(proposal.status)),
        h('dt', null, 'Change'), h('dd', null, T.badge(proposal.change_type)),
        h('dt', null, 'Proposed by'), h('dd', null, T.teamLink(status.proposed_by.team_id, status.proposed_by.team_name),
          status.proposed_by.user_name ? ' (' + status.proposed_by.user_name + ')' : ''),
        h('dt', null, 'Proposed'), h('dd', null, T.fmtDate(status.proposed_at)),
        h('dt', null, 'Consumers'), h('dd', null, status.consumers.acknowledged + ' acknowledged, ' +
          status.consumers.pending + ' pending, ' + status.consumers.blocked + ' blocked of ' + status.consumers.total)),
      status.warnings.map((w) => T.notice('warning', w)),
      T.section('Breaking changes', T.table([
        { title: 'Change', cell: (c) => T.badge(c.type, 'breaking') },
        { title: 'Path', cell: (c) => h('code', null, c.path || '') },
        { title: 'Message', cell: (c) => c.message || '' },
        { title: 'Old', cell: (c) => h('code', null, show(c.old_value)) },
        { title: 'New', cell: (c) => h('code', null, show(c.new_value)) },
      ], status.breaking_changes, 'No breaking changes.')),
      T.section('Blast radius', h('p', { class: 'muted' },
        'The changed asset has a red ring; consumer teams that still have to acknowledge are marked ⚠.'), radiusBox),
      T.section('Impacted consumers still to acknowledge', T.table([
        { title: 'Team', cell: (c) => h('strong', { class: 'pending' }, T.teamLink(c.team_id, c.team_name)) },
        { title: 'Registered', cell: (c) => T.fmtDate(c.registered_at) },
      ], status.pending_consumers, 'Every registered consumer has acknowledged.')),
      T.section('Acknowledgments', T.table([
        { title: 'Team', cell: (a) => T.teamLink(a.consumer_team_id, a.consumer_team_name) },
        { title: 'Response', cell: (a) => T.badge(a.response) },
        { title: 'By', cell: (a) => a.acknowledged_by_user_name || '—' },
        { title: 'When', cell: (a) => T.fmtDate(a.responded_at) },
        { title: 'Notes', cell: (a) => a.notes || '' },
      ], status.acknowledgments, 'No acknowledgments yet.')),
      h('div', { class: 'columns' },
        T.section('Current schema' + (current ? ' (' + current.version + ')' : ''), current ? T.json(current.schema_def) : h('p', { class: 'empty' }, 'No active contract.')),
        T.section('Proposed schema', T.json(proposal.proposed_schema))),
      actionBox,
    );

    await T.loadScript('/static/radius.js');
    T.radius.mount(radiusBox, {
      assetId: proposal.asset_id, ownerTeamId: asset ? asset.owner_team_id : '', changed: true,
      breakingCount: status.breaking_changes.length,
      pendingTeamIds: proposal.status === 'pending' ? pendingTeams : [], acknowledged, depth: 3,
      rootLink: '/assets/' + proposal.asset_id,
    });
  });
})();
