// Contract detail `/contracts/{id}` (spec 04 §5.3): schema and guarantees.
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;

  T.start(async (content, ctx) => {
    const contract = await api.get('/contracts/' + ctx.id);
    const asset = await api.get('/assets/' + contract.asset_id).catch(() => null);
    content.replaceChildren(
      h('h1', null, (asset ? asset.fqn : 'Contract') + ' ' + contract.version),
      h('dl', { class: 'facts' },
        h('dt', null, 'Asset'), h('dd', null, T.assetLink(contract.asset_id, asset ? asset.fqn : null)),
        h('dt', null, 'Status'), h('dd', null, T.badge(contract.status)),
        h('dt', null, 'Compatibility'), h('dd', null, contract.compatibility_mode),
        h('dt', null, 'Published'), h('dd', null, T.fmtDate(contract.published_at)),
        h('dt', null, 'Published by'), h('dd', null, T.teamLink(contract.published_by))),
      T.section('Schema', T.json(contract.schema)),
      T.section('Guarantees', contract.guarantees ? T.json(contract.guarantees) : h('p', { class: 'empty' }, 'No guarantees.')),
    );
  });
})();
