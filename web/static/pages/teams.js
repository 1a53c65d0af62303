// Teams `/teams` (spec 04 §5.3): name, asset count, created; create and delete (admin).
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;

  async function removeTeam(team, list) {
    try {
      await api.del('/teams/' + team.id);
    } catch (err) {
      // A team that still owns assets needs force (spec 01 §10.5): ask once more.
      if (err.code !== 'TEAM_HAS_ASSETS' || !window.confirm(err.message + ' Delete anyway?')) throw err;
      await api.del('/teams/' + team.id, { force: true });
    }
    list.reload();
  }

  T.start(async (content, ctx) => {
    const list = T.pagedList(
      (offset) => api.get('/teams', { limit: 50, offset }),
      (page) => T.table([
        { title: 'Name', cell: (t) => T.teamLink(t.id, t.name) },
        { title: 'Assets', cell: (t) => String(t.asset_count) },
        { title: 'Created', cell: (t) => T.fmtDate(t.created_at) },
        { title: '', cell: (t) => (ctx.isAdmin ? T.actionButton('Delete', () => removeTeam(t, list), 'Delete team ' + t.name + '?') : '') },
      ], page.results, 'No teams.'),
      'teams');
    content.replaceChildren(h('h1', null, 'Teams'));
    if (ctx.isAdmin) {
      content.appendChild(T.section('Create a team', T.form([{ name: 'name', label: 'Name', required: true }], 'Create team', async (v) => {
        const team = await api.post('/teams', { name: v.name });
        list.reload();
        return 'Created ' + team.name;
      }, { inline: true })));
    }
    content.appendChild(list);
  });
})();
