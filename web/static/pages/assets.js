// Assets `/assets` (spec 04 §5.3): filter, sort, pages; bulk-assign an owner user (admin),
// create (optionally with a first contract), delete.
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;
  const SORTS = [
    { value: 'fqn', label: 'FQN' }, { value: 'owner', label: 'Owner team' },
    { value: 'owner_user', label: 'Owner user' }, { value: 'created_at', label: 'Created' }];

  function parseSchema(text) {
    if (!text.trim()) return null;
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new Error('The schema is not valid JSON: ' + err.message);
    }
  }

  T.start(async (content, ctx) => {
    const query = { fqn: '', sort_by: 'fqn', sort_order: 'asc' };
    const selected = new Set();
    const list = T.pagedList(
      (offset) => api.get('/assets', Object.assign({ limit: 25, offset }, query)),
      (page) => T.table([
        { title: '', cell: (a) => (ctx.isAdmin ? h('input', { type: 'checkbox', checked: selected.has(a.id), 'aria-label': 'select ' + a.fqn,
          onchange: (e) => (e.target.checked ? selected.add(a.id) : selected.delete(a.id)) }) : '') },
        { title: 'FQN', cell: (a) => T.assetLink(a.id, a.fqn) },
        { title: 'Environment', cell: (a) => a.environment },
        { title: 'Owner team', cell: (a) => T.teamLink(a.owner_team_id, a.owner_team_name) },
        { title: 'Owner user', cell: (a) => T.userLink(a.owner_user_id, a.owner_user_name) },
        { title: 'Contract', cell: (a) => a.active_contract_version || '—' },
        { title: 'Created', cell: (a) => T.fmtDate(a.created_at) },
        { title: '', cell: (a) => (ctx.isAdmin || (ctx.canWrite && a.owner_team_id === ctx.teamId)
          ? T.actionButton('Delete', async () => { await api.del('/assets/' + a.id); list.reload(); }, 'Delete ' + a.fqn + '?')
          : '') },
      ], page.results, 'No assets match.'),
      'assets');

    const filter = T.filterForm([
      { name: 'fqn', label: 'FQN contains' },
      { name: 'sort_by', label: 'Sort by', type: 'select', options: SORTS },
      { name: 'sort_order', label: 'Order', type: 'select', options: [{ value: 'asc', label: 'ascending' }, { value: 'desc', label: 'descending' }] },
    ], query, list, 'Apply');

    content.replaceChildren(h('h1', null, 'Assets'), filter);
    if (ctx.isAdmin) {
      const users = await api.all('/users');
      const options = [{ value: '', label: '(unassign)' }].concat(users.map((u) => ({ value: u.id, label: u.name + ' <' + u.email + '>' })));
      content.appendChild(T.section('Assign owner user to the checked assets', T.form(
        [{ name: 'owner_user_id', label: 'Owner user', type: 'select', options }], 'Assign', async (v) => {
          if (!selected.size) throw new Error('Check one or more assets first.');
          const result = await api.post('/assets/bulk-assign', { asset_ids: Array.from(selected), owner_user_id: v.owner_user_id || null });
          selected.clear();
          list.reload();
          return 'Updated ' + result.updated + ' asset(s)';
        }, { inline: true })));
    }
    content.appendChild(list);
    if (!ctx.canWrite) return;
    const teams = await T.actingTeamOptions();
    content.appendChild(T.section('Create an asset', T.form([
      { name: 'fqn', label: 'FQN', required: true, placeholder: 'warehouse.schema.table' },
      { name: 'owner_team_id', label: 'Owner team', type: 'select', options: teams, value: ctx.teamId },
      { name: 'environment', label: 'Environment', value: 'production' },
      { name: 'version', label: 'First contract version', value: '1.0.0' },
      { name: 'schema', label: 'First contract schema (JSON, optional)', type: 'textarea', rows: 6,
        placeholder: '{"type": "object", "properties": {"id": {"type": "integer"}}}' },
    ], 'Create asset', async (v) => {
      const schema = parseSchema(v.schema);
      const asset = await api.post('/assets', { fqn: v.fqn, owner_team_id: v.owner_team_id, environment: v.environment || 'production' });
      if (schema) {
        await api.post('/assets/' + asset.id + '/contracts', { schema, version: v.version || null }, { published_by: v.owner_team_id });
      }
      list.reload();
      return 'Created ' + asset.fqn + (schema ? ' with contract ' + (v.version || '') : '');
    })));
  });
})();
