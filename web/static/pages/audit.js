// Admin audit log `/admin/audit` (spec 04 §5.3): timestamp, entity type, action, entity id (8
// characters), actor, payload summary; filters by entity type and action (the whole vocabulary
// of spec 04 §1.2-1.3); pages of 50.
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;
  const ENTITY_TYPES = ['contract', 'proposal', 'api_key', 'team', 'asset', 'registration'];
  const ACTIONS = [
    'contract.published', 'contract.force_published', 'contract.deprecated', 'proposal.created',
    'proposal.acknowledged', 'proposal.rejected', 'proposal.approved', 'proposal.force_approved',
    'proposal.withdrawn', 'api_key.created', 'api_key.revoked', 'team.created', 'team.updated',
    'asset.created', 'asset.updated', 'registration.created', 'registration.updated', 'registration.deleted'];
  const any = (label) => [{ value: '', label }];

  function payloadSummary(payload) {
    const text = Object.entries(payload || {}).map(([k, v]) => k + '=' + (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
    return text.length > 120 ? text.slice(0, 117) + '…' : text;
  }

  T.start(async (content) => {
    const query = { entity_type: '', action: '' };
    const list = T.pagedList(
      (offset) => api.get('/audit/events', Object.assign({ limit: 50, offset }, query)),
      (page) => T.table([
        { title: 'Time', cell: (e) => T.fmtDate(e.occurred_at) },
        { title: 'Entity', cell: (e) => e.entity_type },
        { title: 'Action', cell: (e) => T.badge(e.action, 'action') },
        { title: 'Entity id', cell: (e) => h('code', { title: e.entity_id }, e.entity_id.slice(0, 8)) },
        { title: 'Actor', cell: (e) => (e.actor_id ? T.teamLink(e.actor_id) : '—') },
        { title: 'Payload', cell: (e) => payloadSummary(e.payload) },
      ], page.results, 'No events match.'),
      'events');
    content.replaceChildren(
      h('h1', null, 'Audit log'),
      T.filterForm([
        { name: 'entity_type', label: 'Entity type', type: 'select', options: any('any type').concat(ENTITY_TYPES.map((t) => ({ value: t, label: t }))) },
        { name: 'action', label: 'Action', type: 'select', options: any('any action').concat(ACTIONS.map((a) => ({ value: a, label: a }))) },
      ], query, list),
      list);
  });
})();
