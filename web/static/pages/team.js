// Team detail `/teams/{id}` (spec 04 §5.3): members, owned assets (paginated), reassign assets.
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;

  T.start(async (content, ctx) => {
    const team = await api.get('/teams/' + ctx.id);
    const selected = new Set();
    const assets = T.pagedList(
      (offset) => api.get('/assets', { owner: team.id, limit: 20, offset }),
      (page) => T.table([
        { title: '', cell: (a) => (ctx.isAdmin ? h('input', { type: 'checkbox', checked: selected.has(a.id), 'aria-label': 'select ' + a.fqn,
          onchange: (e) => (e.target.checked ? selected.add(a.id) : selected.delete(a.id)) }) : '') },
        { title: 'FQN', cell: (a) => T.assetLink(a.id, a.fqn) },
        { title: 'Owner user', cell: (a) => T.userLink(a.owner_user_id, a.owner_user_name) },
        { title: 'Contract', cell: (a) => a.active_contract_version || '—' },
      ], page.results, 'This team owns no assets.'),
      'assets');
    content.replaceChildren(
      h('h1', null, team.name),
      h('p', { class: 'muted' }, 'Created ' + T.fmtDate(team.created_at)),
      T.section('Members', T.pagedList(
        (offset) => api.get('/teams/' + team.id + '/members', { limit: 50, offset }),
        (page) => T.table([
          { title: 'Name', cell: (u) => T.userLink(u.id, u.name) },
          { title: 'Email', cell: (u) => u.email },
          { title: 'Role', cell: (u) => T.badge(u.role) },
        ], page.results, 'No members.'),
        'members')),
      T.section('Owned assets', assets),
    );
    if (!ctx.isAdmin) return;
    const others = (await T.teamOptions()).filter((o) => o.value !== team.id);
    content.appendChild(T.section('Reassign assets',
      h('p', { class: 'muted' }, 'Moves the checked assets above, or every asset of this team when none is checked.'),
      T.form([{ name: 'target_team_id', label: 'To team', type: 'select', options: others }], 'Reassign', async (v) => {
        const result = await api.post('/teams/' + team.id + '/reassign-assets', {
          target_team_id: v.target_team_id, asset_ids: selected.size ? Array.from(selected) : null,
        });
        selected.clear();
        assets.reload();
        return 'Moved ' + result.reassigned + ' asset(s) to ' + result.target_team.name;
      }, { inline: true })));
  });
})();
