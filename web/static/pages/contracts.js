// Contracts `/contracts` (spec 04 §5.3): asset, version, status, compatibility, published.
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;
  const STATUSES = [{ value: '', label: 'any status' }].concat(['active', 'deprecated', 'retired'].map((s) => ({ value: s, label: s })));

  T.start(async (content) => {
    const query = { status: '' };
    const list = T.pagedList(
      (offset) => api.get('/contracts', Object.assign({ limit: 25, offset }, query)),
      (page) => T.table([
        { title: 'Asset', cell: (c) => T.assetLink(c.asset_id, c.asset_fqn) },
        { title: 'Version', cell: (c) => T.contractLink(c.id, c.version) },
        { title: 'Status', cell: (c) => T.badge(c.status) },
        { title: 'Compatibility', cell: (c) => c.compatibility_mode },
        { title: 'Published', cell: (c) => T.fmtDate(c.published_at) },
      ], page.results, 'No contracts.'),
      'contracts');
    content.replaceChildren(
      h('h1', null, 'Contracts'),
      T.filterForm([{ name: 'status', label: 'Status', type: 'select', options: STATUSES }], query, list),
      list);
  });
})();
