// Dashboard `/` (spec 04 §5.3): counts, pending proposals, recent assets, quick-create dialogs.
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;

  async function count(path, query) {
    const page = await api.get(path, Object.assign({ limit: 1 }, query));
    return page.total;
  }

  function stat(label, value, href) {
    return h('a', { class: 'stat', href }, h('span', { class: 'stat-value' }, String(value)), h('span', { class: 'stat-label' }, label));
  }

  async function teamDialog() {
    return T.dialogButton('New team', 'Create a team', (close) =>
      T.form([{ name: 'name', label: 'Name', required: true }], 'Create', async (v) => {
        const team = await api.post('/teams', { name: v.name });
        close();
        window.location.assign('/teams/' + team.id);
      }));
  }

  async function userDialog() {
    const teams = await T.teamOptions('(no team)');
    return T.dialogButton('New user', 'Create a user', (close) =>
      T.form([
        { name: 'email', label: 'Email', type: 'email', required: true },
        { name: 'name', label: 'Name', required: true },
        { name: 'team_id', label: 'Team', type: 'select', options: teams },
        { name: 'role', label: 'Role', type: 'select', options: [
          { value: 'user', label: 'user' }, { value: 'team_admin', label: 'team_admin' }, { value: 'admin', label: 'admin' }] },
        { name: 'password', label: 'Password', type: 'password' },
      ], 'Create', async (v) => {
        const user = await api.post('/users', {
          email: v.email, name: v.name, team_id: v.team_id || null, role: v.role, password: v.password || null,
        });
        close();
        window.location.assign('/users/' + user.id);
      }));
  }

  async function assetDialog(ctx) {
    const teams = await T.actingTeamOptions();
    return T.dialogButton('New asset', 'Create an asset', (close) =>
      T.form([
        { name: 'fqn', label: 'FQN', required: true, placeholder: 'warehouse.schema.table' },
        { name: 'owner_team_id', label: 'Owner team', type: 'select', options: teams, value: ctx.teamId },
        { name: 'environment', label: 'Environment', value: 'production' },
      ], 'Create', async (v) => {
        const asset = await api.post('/assets', { fqn: v.fqn, owner_team_id: v.owner_team_id, environment: v.environment || 'production' });
        close();
        window.location.assign('/assets/' + asset.id);
      }));
  }

  T.start(async (content, ctx) => {
    const [teams, assets, contracts, pending, pendingList, recent] = await Promise.all([
      count('/teams'), count('/assets'), count('/contracts'), count('/proposals', { status: 'pending' }),
      api.get('/proposals', { status: 'pending', limit: 5 }),
      api.get('/assets', { sort_by: 'created_at', sort_order: 'desc', limit: 5 }),
    ]);
    const actions = [];
    if (ctx.isAdmin) actions.push(await teamDialog(), await userDialog());
    if (ctx.canWrite) actions.push(await assetDialog(ctx));
    content.replaceChildren(
      h('h1', null, 'Dashboard'),
      h('div', { class: 'stats' },
        stat('Teams', teams, '/teams'), stat('Assets', assets, '/assets'),
        stat('Contracts', contracts, '/contracts'), stat('Pending proposals', pending, '/proposals')),
      h('div', { class: 'toolbar' }, actions, h('a', { class: 'button', href: '/import' }, 'Import a dbt manifest')),
      T.section('Pending proposals',
        T.table([
          { title: 'Asset', cell: (p) => T.proposalLink(p.id, p.asset_fqn || p.asset_id) },
          { title: 'Change', cell: (p) => T.badge(p.change_type) },
          { title: 'Breaking', cell: (p) => String(p.breaking_changes_count) },
          { title: 'Acks', cell: (p) => p.acknowledgment_count + '/' + p.total_consumers },
          { title: 'Proposed', cell: (p) => T.fmtDate(p.proposed_at) },
        ], pendingList.results, 'No pending proposals.')),
      T.section('Recent assets',
        T.table([
          { title: 'FQN', cell: (a) => T.assetLink(a.id, a.fqn) },
          { title: 'Owner', cell: (a) => T.teamLink(a.owner_team_id, a.owner_team_name) },
          { title: 'Contract', cell: (a) => a.active_contract_version || '—' },
          { title: 'Created', cell: (a) => T.fmtDate(a.created_at) },
        ], recent.results, 'No assets yet.')),
    );
  });
})();
