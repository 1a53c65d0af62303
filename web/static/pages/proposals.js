// Proposals `/proposals` (spec 04 §5.3): asset, change type, breaking count, acks/total,
// status, created; withdraw.
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;
  const STATUSES = [{ value: '', label: 'any status' }].concat(['pending', 'approved', 'rejected', 'withdrawn'].map((s) => ({ value: s, label: s })));

  T.start(async (content, ctx) => {
    const query = { status: '' };
    const list = T.pagedList(
      (offset) => api.get('/proposals', Object.assign({ limit: 25, offset }, query)),
      (page) => T.table([
        { title: 'Asset', cell: (p) => T.proposalLink(p.id, p.asset_fqn || p.asset_id) },
        { title: 'Change', cell: (p) => T.badge(p.change_type) },
        { title: 'Breaking', cell: (p) => String(p.breaking_changes_count) },
        { title: 'Acks', cell: (p) => p.acknowledgment_count + '/' + p.total_consumers },
        { title: 'Status', cell: (p) => T.badge(p.status) },
        { title: 'Created', cell: (p) => T.fmtDate(p.proposed_at) },
        { title: '', cell: (p) => (p.status === 'pending' && (ctx.isAdmin || (ctx.canWrite && p.proposed_by === ctx.teamId))
          ? T.actionButton('Withdraw', async () => { await api.post('/proposals/' + p.id + '/withdraw'); list.reload(); }, 'Withdraw this proposal?')
          : '') },
      ], page.results, 'No proposals.'),
      'proposals');
    content.replaceChildren(
      h('h1', null, 'Proposals'),
      T.filterForm([{ name: 'status', label: 'Status', type: 'select', options: STATUSES }], query, list),
      list);
  });
})();
