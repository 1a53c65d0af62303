// Settings `/settings` (spec 04 §5.3): account info and notification preferences, saved as
// PATCH /users/{id} {"notification_preferences": {...}}. Slack methods only when the server has
// SLACK_WEBHOOK_URL (the shell's data-slack).
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;
  const TOPICS = [
    ['breaking_changes', 'Breaking changes'], ['new_contracts', 'New contracts'],
    ['acknowledgments', 'Acknowledgments'], ['asset_changes', 'Asset changes']];

  T.start(async (content, ctx) => {
    const user = await api.get('/users/' + ctx.userId);
    const prefs = user.notification_preferences || {};
    const methods = ctx.slack ? ['email', 'slack', 'both', 'none'] : ['email', 'none'];
    content.replaceChildren(
      h('h1', null, 'Settings'),
      T.section('Account', h('dl', { class: 'facts' },
        h('dt', null, 'Name'), h('dd', null, user.name),
        h('dt', null, 'Email'), h('dd', null, user.email),
        h('dt', null, 'Role'), h('dd', null, T.badge(user.role)),
        h('dt', null, 'Team'), h('dd', null, T.teamLink(user.team_id, user.team_name)))),
      T.section('Notifications', T.form(
        TOPICS.map(([name, label]) => ({ name, label, type: 'checkbox', value: prefs[name] !== false }))
          .concat([{ name: 'method', label: 'Deliver by', type: 'select', value: prefs.method || 'email',
            options: methods.map((m) => ({ value: m, label: m })) }]),
        'Save preferences', async (v) => {
          const notification_preferences = { method: v.method };
          for (const [name] of TOPICS) notification_preferences[name] = v[name];
          await api.patch('/users/' + user.id, { notification_preferences });
          return 'Saved';
        })),
      ctx.canWrite ? T.section('Administration', h('ul', null,
        h('li', null, T.link('/users', 'Users')), h('li', null, T.link('/teams', 'Teams')))) : null,
    );
  });
})();
