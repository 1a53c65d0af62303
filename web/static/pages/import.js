// Import `/import` (spec 04 §5.3): a dbt manifest.json, an owner team and a conflict mode,
// sent to POST /sync/dbt/upload; the counts, or the conflicting FQNs on 409.
(function () {
  'use strict';
  const T = window.Tessera;
  const { h, api } = T;
  const MODES = ['ignore', 'overwrite', 'fail'].map((m) => ({ value: m, label: m }));

  function readFile(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(new Error('could not read ' + file.name));
      reader.readAsText(file);
    });
  }

  function summary(result) {
    const rows = [
      ['Assets created', result.assets.created], ['Assets updated', result.assets.updated],
      ['Assets skipped', result.assets.skipped], ['Contracts published', result.contracts.published],
      ['Proposals created', result.proposals.created], ['Registrations created', result.registrations.created],
      ['Guarantees extracted', result.guarantees_extracted],
    ];
    const warnings = [].concat(result.ownership_warnings, result.contract_warnings, result.registration_warnings);
    return h('div', { class: 'import-result' },
      T.table([{ title: 'What', cell: (r) => r[0] }, { title: 'Count', cell: (r) => String(r[1]) }], rows),
      warnings.length ? T.section('Warnings', h('ul', null, warnings.map((w) => h('li', null, w)))) : null);
  }

  T.start(async (content, ctx) => {
    content.replaceChildren(
      h('h1', null, 'Import a dbt manifest'),
      h('p', { class: 'muted' }, 'Creates or updates one asset per model, seed, snapshot and source of the manifest.'));
    if (!ctx.isAdmin) {
      // The sync routes need the admin scope (spec 04 §0), which only the admin role gives.
      content.appendChild(T.notice('warning', 'Importing needs the admin role; ask an admin to upload the manifest.'));
      return;
    }
    const teams = await T.teamOptions();
    const result = h('div', { id: 'import-result' });
    content.append(
      T.form([
        { name: 'manifest', label: 'manifest.json', type: 'file', accept: '.json,application/json', required: true },
        { name: 'owner_team_id', label: 'Owner team', type: 'select', options: teams, value: ctx.teamId },
        { name: 'conflict_mode', label: 'When an asset exists', type: 'select', options: MODES },
        { name: 'auto_publish_contracts', label: 'Publish contracts from columns', type: 'checkbox' },
        { name: 'auto_register_consumers', label: 'Register consumers from refs', type: 'checkbox' },
      ], 'Upload', async (v) => {
        if (!v.manifest) throw new Error('Choose a manifest.json file.');
        let manifest;
        try {
          manifest = JSON.parse(await readFile(v.manifest));
        } catch (err) {
          throw new Error(v.manifest.name + ' is not valid JSON: ' + err.message);
        }
        result.replaceChildren();
        try {
          const body = await api.post('/sync/dbt/upload', {
            manifest, owner_team_id: v.owner_team_id || null, conflict_mode: v.conflict_mode,
            auto_publish_contracts: v.auto_publish_contracts, auto_register_consumers: v.auto_register_consumers,
          });
          result.replaceChildren(summary(body));
          return 'Imported ' + v.manifest.name;
        } catch (err) {
          const conflicts = err.status === 409 && err.details && err.details.conflicts;
          if (!conflicts) throw err;
          result.replaceChildren(T.section('Conflicts (nothing was written)', h('ul', null, conflicts.map((c) => h('li', null, c)))));
          throw err;
        }
      }),
      result);
  });
})();
