// User detail `/users/{id}` (spec 04 §5.3): the user and their owned assets (paginated).
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;

  T.start(async (content, ctx) => {
    const user = await api.get('/users/' + ctx.id);
    content.replaceChildren(
      h('h1', null, user.name),
      h('dl', { class: 'facts' },
        h('dt', null, 'Email'), h('dd', null, user.email),
        h('dt', null, 'Role'), h('dd', null, T.badge(user.role)),
        h('dt', null, 'Team'), h('dd', null, T.teamLink(user.team_id, user.team_name)),
        h('dt', null, 'Created'), h('dd', null, T.fmtDate(user.created_at))),
      T.section('Owned assets', T.pagedList(
        (offset) => api.get('/assets', { owner_user: user.id, limit: 20, offset }),
        (page) => T.table([
          { title: 'FQN', cell: (a) => T.assetLink(a.id, a.fqn) },
          { title: 'Team', cell: (a) => T.teamLink(a.owner_team_id, a.owner_team_name) },
          { title: 'Contract', cell: (a) => a.active_contract_version || '—' },
        ], page.results, 'This user owns no assets.'),
        'assets')),
    );
  });
})();
