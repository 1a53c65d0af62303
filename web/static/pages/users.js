// Users `/users` (spec 04 §5.3): name, email, team, assets, created; create and delete (admin).
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;
  const ROLES = [{ value: 'user', label: 'user' }, { value: 'team_admin', label: 'team_admin' }, { value: 'admin', label: 'admin' }];

  T.start(async (content, ctx) => {
    const list = T.pagedList(
      (offset) => api.get('/users', { limit: 50, offset }),
      (page) => T.table([
        { title: 'Name', cell: (u) => T.userLink(u.id, u.name) },
        { title: 'Email', cell: (u) => u.email },
        { title: 'Role', cell: (u) => T.badge(u.role) },
        { title: 'Team', cell: (u) => T.teamLink(u.team_id, u.team_name) },
        { title: 'Assets', cell: (u) => String(u.asset_count) },
        { title: 'Created', cell: (u) => T.fmtDate(u.created_at) },
        { title: '', cell: (u) => (ctx.isAdmin && u.id !== ctx.userId
          ? T.actionButton('Delete', async () => { await api.del('/users/' + u.id); list.reload(); }, 'Deactivate ' + u.email + '?')
          : '') },
      ], page.results, 'No users.'),
      'users');
    content.replaceChildren(h('h1', null, 'Users'));
    if (ctx.isAdmin) {
      const teams = await T.teamOptions('(no team)');
      content.appendChild(T.section('Create a user', T.form([
        { name: 'email', label: 'Email', type: 'email', required: true },
        { name: 'name', label: 'Name', required: true },
        { name: 'team_id', label: 'Team', type: 'select', options: teams },
        { name: 'role', label: 'Role', type: 'select', options: ROLES },
        { name: 'password', label: 'Password', type: 'password' },
      ], 'Create user', async (v) => {
        const user = await api.post('/users', { email: v.email, name: v.name, team_id: v.team_id || null, role: v.role, password: v.password || null });
        list.reload();
        return 'Created ' + user.email;
      }, { inline: true })));
    }
    content.appendChild(list);
  });
})();
