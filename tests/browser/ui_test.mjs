// The web UI in a real headless browser (issue 17): Debian's chromium driven by playwright-core
// (web/package.json) against a running `tessera serve` whose database holds the demo seed.
// Logs in as each demo role, visits every page of spec 04 §5.3 and checks its data appears,
// acknowledges the open proposal through the UI, counts the nodes the blast-radius picture
// draws for demo.analytics.orders, checks that a team named like markup renders as text, imports
// a generated 2,001-model manifest on the import page and draws its 2,000-asset radius, and fails
// on any console error; logs out.
//
//   TESSERA_URL=http://127.0.0.1:PORT node tests/browser/ui_test.mjs
// Environment: TESSERA_URL (required), TESSERA_CHROMIUM (default /usr/bin/chromium),
// TESSERA_WEB_DIR (default: web/ of this checkout, where `npm ci` put playwright-core).
// Exit status 0 when every check passed; 1 with the failed checks listed otherwise; 2 when the
// browser or playwright-core is missing (the test fails, it never passes without a browser).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DEMO } from './demo_expectations.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const baseURL = process.env.TESSERA_URL;
const chromiumPath = process.env.TESSERA_CHROMIUM || '/usr/bin/chromium';
const webDir = process.env.TESSERA_WEB_DIR || path.resolve(here, '../../web');

function missing(what) {
  console.error('browser test cannot run: ' + what);
  process.exit(2);
}
if (!baseURL) missing('TESSERA_URL is not set');
if (!fs.existsSync(chromiumPath)) missing('no chromium at ' + chromiumPath + ' (apt-get install chromium, or set TESSERA_CHROMIUM)');
let chromium;
try {
  ({ chromium } = createRequire(path.join(webDir, 'package.json'))('playwright-core'));
} catch (err) {
  missing('playwright-core is not installed in ' + webDir + '/node_modules (run `npm ci` there: scripts/lib.sh install_web_assets)');
}

const failures = [];
let passed = 0;
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed += 1;
    console.log('ok - ' + name + ' (' + (Date.now() - started) + ' ms)');
  } catch (err) {
    failures.push(name + ': ' + (err && err.message ? err.message.split('\n')[0] : err));
    console.log('not ok - ' + name + ': ' + (err && err.stack ? err.stack : err));
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// ---- page helpers ----------------------------------------------------------------------------

// The page's script has finished (api.js sets <body data-loaded>) without an error notice.
async function loaded(page) {
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 15000 });
  const errors = await page.$$eval('#content .notice-error', (els) => els.map((e) => e.textContent));
  expect(errors.length === 0, 'the page shows errors: ' + errors.join(' | '));
}
async function visit(page, url) {
  await page.goto(url);
  await loaded(page);
}
async function contentText(page) {
  return page.$eval('#content', (el) => el.textContent);
}
async function expectText(page, text) {
  await page.waitForFunction((t) => document.getElementById('content').textContent.includes(t), text, { timeout: 10000 })
    .catch(() => { throw new Error('"' + text + '" does not appear on ' + page.url()); });
}
async function rows(page) {
  return page.$$eval('#content table.data tbody tr', (trs) => trs.length);
}
// The rows of the table in the section headed `title`.
async function sectionRows(page, title) {
  return page.$$eval('#content section.card', (sections, t) => {
    const section = sections.find((s) => s.querySelector('h2') && s.querySelector('h2').textContent.startsWith(t));
    return section ? section.querySelectorAll('table.data tbody tr').length : -1;
  }, title);
}
// A GET of the JSON API with the page's session cookie.
async function apiGet(page, apiPath) {
  return page.evaluate(async (p) => {
    const r = await fetch('/api/v1' + p);
    if (!r.ok) throw new Error('GET ' + p + ' → ' + r.status);
    return r.json();
  }, apiPath);
}
// A state-changing call the way api.js makes it: cookie plus the page's CSRF token.
async function apiSend(page, method, apiPath, body) {
  return page.evaluate(async ([m, p, b]) => {
    const token = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
    const r = await fetch('/api/v1' + p, { method: m, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token }, body: JSON.stringify(b) });
    const text = await r.text();
    if (!r.ok) throw new Error(m + ' ' + p + ' → ' + r.status + ' ' + text.slice(0, 200));
    return text ? JSON.parse(text) : null;
  }, [method, apiPath, body]);
}
// The picture has drawn (or failed, which fails the check at once with its message).
async function radiusReady(page) {
  await page.waitForSelector('#radius[data-state="ready"], #radius[data-state="error"]', { timeout: 30000 });
  const state = await page.$eval('#radius', (el) => [el.dataset.state, el.textContent]);
  expect(state[0] === 'ready', 'the picture failed: ' + state[1]);
}
async function radiusData(page) {
  return page.$eval('#radius', (el) => Object.assign({}, el.dataset));
}
// The picture redraws on `change`, which marks it loading at once (radius.js), so "ready"
// after the choice is the new drawing.
async function chooseDepth(page, depth) {
  await page.selectOption('#radius select[name="depth"]', String(depth));
  await radiusReady(page);
}

// ---- one role --------------------------------------------------------------------------------

async function logIn(context, user) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push('console: ' + msg.text() + ' at ' + page.url()); });
  page.on('pageerror', (err) => problems.push('page error: ' + err.message + ' at ' + page.url()));
  page.on('dialog', (dialog) => {
    if (dialog.type() !== 'confirm') problems.push(dialog.type() + ' dialog: ' + dialog.message());
    dialog.accept();
  });
  await page.goto('/login');
  await page.fill('input[name="email"]', user.email);
  await page.fill('input[name="password"]', user.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('form button[type="submit"]')]);
  return { page, problems };
}

async function everyPage(page, user, ids) {
  const totals = {
    teams: (await apiGet(page, '/teams?limit=1')).total,
    assets: (await apiGet(page, '/assets?limit=1')).total,
    contracts: (await apiGet(page, '/contracts?limit=1')).total,
  };
  await check(user.role + ': dashboard counts and lists', async () => {
    await visit(page, '/');
    const stats = await page.$$eval('.stat-value', (els) => els.map((e) => Number(e.textContent)));
    expect(stats.length === 4, 'four counts, got ' + stats.length);
    expect(stats[0] === totals.teams && stats[1] === totals.assets && stats[2] === totals.contracts,
      'counts ' + stats + ' vs the API ' + JSON.stringify(totals));
    expect((await rows(page)) >= 5, 'recent assets and pending proposals listed');
  });
  await check(user.role + ': users list', async () => {
    await visit(page, '/users');
    for (const u of DEMO.users) await expectText(page, u.email);
  });
  await check(user.role + ': user detail', async () => {
    await visit(page, '/users/' + ids.userId);
    await expectText(page, user.email);
  });
  await check(user.role + ': teams list', async () => {
    await visit(page, '/teams');
    await expectText(page, '(' + totals.teams + ' teams)');
    expect((await rows(page)) === Math.min(50, totals.teams), 'one row per team');
  });
  await check(user.role + ': team detail with members and assets', async () => {
    const owned = (await apiGet(page, '/assets?owner=' + ids.teamId + '&limit=1')).results[0];
    await visit(page, '/teams/' + ids.teamId);
    await expectText(page, user.email);
    if (owned) await expectText(page, owned.fqn);
  });
  await check(user.role + ': assets list', async () => {
    await visit(page, '/assets');
    await expectText(page, '(' + totals.assets + ' assets)');
    expect((await rows(page)) === Math.min(25, totals.assets), 'a page of 25 assets');
  });
  await check(user.role + ': asset page sections and picture', async () => {
    await visit(page, '/assets/' + ids.ordersId);
    const text = await contentText(page);
    for (const s of ['Current schema', 'Contract history', 'Consumers', 'Active proposals', 'Upstream dependencies', 'Data quality']) {
      expect(text.includes(s), 'section ' + s);
    }
    const runs = await sectionRows(page, 'Data quality');
    expect(runs === DEMO.ordersAuditRuns, runs + ' audit runs listed');
    expect((await sectionRows(page, 'Consumers')) >= 1 && (await sectionRows(page, 'Upstream dependencies')) >= 1,
      'consumers and upstream dependencies listed');
    await radiusReady(page);
    await chooseDepth(page, 10);
    const data = await radiusData(page);
    expect(Number(data.assetNodes) === DEMO.ordersRadius, 'picture draws ' + data.assetNodes + ' asset nodes, expected ' + DEMO.ordersRadius);
    const listed = await page.$$eval('#radius .radius-list tbody tr', (trs) => trs.length);
    expect(listed === DEMO.ordersRadius, 'the list under it has ' + listed + ' rows');
    const apiCount = (await apiGet(page, '/assets/' + ids.ordersId + '/blast-radius?depth=10&view=summary')).total_assets;
    expect(apiCount === DEMO.ordersRadius, 'the API says ' + apiCount);
    expect(Number(data.consumerNodes) >= 1, 'consumer teams drawn');
    await page.selectOption('#radius select[name="direction"]', 'upstream');
      await radiusReady(page);
    const upstream = (await apiGet(page, '/assets/' + ids.ordersId + '/blast-radius?depth=10&direction=upstream&view=summary')).total_assets;
    const drawn = Number((await radiusData(page)).assetNodes);
    expect(upstream > 0 && drawn === upstream, 'upstream: ' + drawn + ' nodes drawn, the API has ' + upstream);
  });
  await check(user.role + ': contracts list and detail', async () => {
    await visit(page, '/contracts');
    await expectText(page, '(' + totals.contracts + ' contracts)');
    await visit(page, '/contracts/' + ids.ordersContractId);
    await expectText(page, 'demo.analytics.orders');
    expect((await page.$$('#content pre.json')).length >= 1, 'the schema is shown');
  });
  await check(user.role + ': proposals list and detail', async () => {
    await visit(page, '/proposals');
    await expectText(page, ids.proposalFqn);
    await visit(page, '/proposals/' + ids.proposalId);
    expect((await sectionRows(page, 'Breaking changes')) >= 1, 'breaking changes listed');
    await radiusReady(page);
    const changed = await page.evaluate(() => window.TesseraRadius.cy.nodes('[changed = "yes"]').length);
    expect(changed === 1, 'the changed asset is marked');
  });
  await check(user.role + ': import form (admins) or why not', async () => {
    await visit(page, '/import');
    if (user.role !== 'admin') {
      await expectText(page, 'Importing needs the admin role');
      return;
    }
    expect((await page.$$('#content select[name="owner_team_id"] option')).length === totals.teams, 'owner team chooser');
    expect((await page.$$('#content select[name="conflict_mode"] option')).length === 3, 'three conflict modes');
  });
  await check(user.role + ': settings', async () => {
    await visit(page, '/settings');
    await expectText(page, user.email);
    expect((await page.$$('#content input[type="checkbox"]')).length === 4, 'four notification topics');
    if (user.role !== 'admin') return; // PATCH /users/{id} needs the admin scope (spec 01 §11.4)
    await page.uncheck('input[name="asset_changes"]');
    await page.click('button:has-text("Save preferences")');
    await expectText(page, 'Saved');
    const saved = (await apiGet(page, '/users/' + ids.userId)).notification_preferences;
    expect(saved.asset_changes === false && saved.breaking_changes === true, 'saved ' + JSON.stringify(saved));
  });
  await check(user.role + ': audit log ' + (user.role === 'admin' ? 'shown' : 'refused'), async () => {
    await page.goto('/admin/audit');
    if (user.role === 'admin') {
      await loaded(page);
      await expectText(page, 'events)');
      expect((await rows(page)) >= 1, 'events listed');
    } else {
      expect(new URL(page.url()).pathname === '/', 'redirected to /, at ' + page.url());
    }
  });
}

// The open proposal acknowledged in the form of its page, as the given team.
async function acknowledgeThroughUi(page, ids, teamId) {
  await visit(page, '/proposals/' + ids.proposalId);
  const before = (await apiGet(page, '/proposals/' + ids.proposalId + '/status')).acknowledgments.length;
  await page.selectOption('select[name="consumer_team_id"]', teamId);
  await page.selectOption('select[name="response"]', 'approved');
  await page.fill('textarea[name="notes"]', 'fine by us');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Acknowledge")')]);
  await loaded(page);
  const status = await apiGet(page, '/proposals/' + ids.proposalId + '/status');
  expect(status.acknowledgments.length === before + 1, 'one more acknowledgment');
  const ack = status.acknowledgments.find((a) => a.consumer_team_id === teamId);
  expect(ack && ack.response === 'approved' && ack.notes === 'fine by us', 'the acknowledgment as entered');
  await expectText(page, 'fine by us');
}

async function logOut(page) {
  // The page's own API calls finish first: one still in flight when the session ends answers
  // 401 and Chromium logs it as a console error (seen: the dashboard behind an audit refusal).
  await page.waitForLoadState('networkidle');
  await page.goto('/logout');
  expect(new URL(page.url()).pathname === '/login', 'logout lands on /login, at ' + page.url());
  await page.goto('/assets');
  expect(new URL(page.url()).pathname === '/login', 'after logout a page sends to /login');
}

// A generated manifest of `count` models below one root, uploaded through the import API.
function bigManifest(count, teamNames) {
  const nodes = {};
  for (let i = 0; i <= count; i++) {
    const parent = i === 0 ? [] : ['model.big.m' + Math.floor((i - 1) / 4)];
    nodes['model.big.m' + i] = {
      resource_type: 'model', database: 'big', schema: 'radius', name: 'm' + i, depends_on: { nodes: parent },
      meta: { tessera: { owner_team: teamNames[i % teamNames.length] } },
    };
  }
  return { nodes, sources: {} };
}

// ---- the run -----------------------------------------------------------------------------------

const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
try {
  for (const user of DEMO.users) {
    const context = await browser.newContext({ baseURL });
    const { page, problems } = await logIn(context, user);
    const me = await apiGet(page, '/users?email=' + encodeURIComponent(user.email));
    const orders = (await apiGet(page, '/assets?fqn=demo.analytics.orders')).results.find((a) => a.fqn === 'demo.analytics.orders');
    const contracts = await apiGet(page, '/contracts?asset_id=' + orders.id + '&status=active');
    const proposal = (await apiGet(page, '/proposals?status=pending&limit=1')).results[0] ||
      (await apiGet(page, '/proposals?limit=1')).results[0];
    const ids = {
      userId: me.results[0].id, teamId: me.results[0].team_id, ordersId: orders.id,
      ordersContractId: contracts.results[0].id, proposalId: proposal.id, proposalFqn: proposal.asset_fqn,
    };
    await everyPage(page, user, ids);

    if (user.role === DEMO.acknowledgingRole) {
      await check(user.role + ': acknowledges the open proposal through the UI', async () => {
        const status = await apiGet(page, '/proposals/' + ids.proposalId + '/status');
        const pending = status.pending_consumers.map((c) => c.team_id);
        expect(status.status === 'pending', 'the demo proposal is pending, not ' + status.status);
        expect(pending.includes(ids.teamId), 'the ' + user.role + "'s team is among those to acknowledge");
        await visit(page, '/proposals/' + ids.proposalId);
        await radiusReady(page);
        const marked = await page.evaluate(() => window.TesseraRadius.cy.nodes('[pending = "yes"]').map((n) => n.id()));
        expect(marked.length === pending.length, 'the picture marks ' + marked.length + ' teams to acknowledge, not ' + pending.length);
        await acknowledgeThroughUi(page, ids, ids.teamId);
      });
    }
    if (user.role === 'admin') {
      await check('admin: hover shows FQN and team, a click opens the asset', async () => {
        await visit(page, '/assets/' + ids.ordersId);
        await radiusReady(page);
        const target = await page.evaluate(() => {
          const node = window.TesseraRadius.cy.nodes('[kind = "asset"]')[0];
          const box = document.querySelector('#radius .radius-canvas').getBoundingClientRect();
          const p = node.renderedPosition();
          return { id: node.id(), x: box.left + p.x, y: box.top + p.y };
        });
        await page.mouse.move(target.x, target.y);
        await page.waitForSelector('#radius .radius-tip:not([hidden])', { timeout: 5000 });
        const tip = await page.$eval('#radius .radius-tip', (el) => el.textContent);
        const asset = await apiGet(page, '/assets/' + target.id);
        expect(tip.includes(asset.fqn) && tip.includes(asset.owner_team_name), 'tip "' + tip + '"');
        await Promise.all([page.waitForURL((u) => u.pathname === '/assets/' + target.id), page.mouse.click(target.x, target.y)]);
        await loaded(page);
      });
      await check('admin: the dashboard dialogs create a team and an asset, whose page publishes its first contract', async () => {
        await visit(page, '/');
        await page.click('button:has-text("New team")');
        await page.fill('dialog[open] input[name="name"]', 'UI Made');
        await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/teams/')), page.click('dialog[open] button[type="submit"]')]);
        await loaded(page);
        expect((await page.$eval('#content h1', (el) => el.textContent)) === 'UI Made', 'the new team page');
        await visit(page, '/');
        await page.click('button:has-text("New asset")');
        await page.fill('dialog[open] input[name="fqn"]', 'demo.ui.made_here');
        await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/assets/')), page.click('dialog[open] button[type="submit"]')]);
        await loaded(page);
        await page.fill('input[name="version"]', '1.0.0');
        await page.fill('textarea[name="schema"]', '{"type": "object", "properties": {"id": {"type": "integer"}}}');
        await page.click('button:has-text("Publish first contract")');
        await expectText(page, 'Published 1.0.0');
      });
      await check('admin: a team and a user named like markup show as text', async () => {
        const evil = '<img src=x onerror=alert(1)>';
        const team = (await apiGet(page, '/teams?limit=100')).results.find((t) => t.id !== ids.teamId);
        await apiSend(page, 'PATCH', '/teams/' + team.id, { name: evil });
        try {
          await visit(page, '/teams');
          await expectText(page, evil);
          expect((await page.$$('#content img')).length === 0, 'no <img> in the content');
          await visit(page, '/teams/' + team.id);
          expect((await page.$eval('#content h1', (el) => el.textContent)) === evil, 'the heading is the name');
          expect((await page.$$('#content img')).length === 0, 'no <img> in the content');
        } finally {
          await apiSend(page, 'PATCH', '/teams/' + team.id, { name: team.name });
        }
        const other = (await apiGet(page, '/users?email=user%40test.com')).results[0];
        await apiSend(page, 'PATCH', '/users/' + other.id, { name: evil });
        try {
          await visit(page, '/users');
          await expectText(page, evil);
          await visit(page, '/users/' + other.id);
          expect((await page.$eval('#content h1', (el) => el.textContent)) === evil, 'the heading is the name');
          expect((await page.$$('#content img')).length === 0, 'no <img> in the content');
        } finally {
          await apiSend(page, 'PATCH', '/users/' + other.id, { name: other.name });
        }
      });
      await check('admin: imports a 2,001-model manifest on the import page', async () => {
        const teamNames = (await apiGet(page, '/teams?limit=100')).results.map((t) => t.name);
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-ui-')), 'manifest.json');
        fs.writeFileSync(file, JSON.stringify(bigManifest(2000, teamNames)));
        await visit(page, '/import');
        await page.setInputFiles('input[name="manifest"]', file);
        await page.selectOption('select[name="owner_team_id"]', ids.teamId);
        await page.click('form button:has-text("Upload")');
        await page.waitForSelector('#import-result table.data', { timeout: 60000 });
        const created = await page.$$eval('#import-result table.data tbody tr', (trs) => trs[0].textContent);
        expect(created.includes('2001'), 'the result says ' + created);
        fs.rmSync(path.dirname(file), { recursive: true });
      });
      await check('admin: a 2,000-asset radius is drawn grouped by team, quickly', async () => {
        const root = (await apiGet(page, '/assets?fqn=big.radius.m0')).results.find((a) => a.fqn === 'big.radius.m0');
        const started = Date.now();
        await visit(page, '/assets/' + root.id);
        await radiusReady(page);
        await chooseDepth(page, 10);
        const took = Date.now() - started;
        const data = await radiusData(page);
        console.log('# 2,000-asset radius: page and picture at depth 10 in ' + took + ' ms; ' + data.groupNodes + ' group nodes');
        expect(Number(data.assets) === 2000, 'radius of ' + data.assets);
        expect(Number(data.assetNodes) === 0 && Number(data.groupNodes) > 0, 'grouped: ' + JSON.stringify(data));
        expect(took < 20000, 'took ' + took + ' ms'); // generous: sanitizer builds of the server are slower
        // A group node lists its assets beside the picture.
        const group = await page.evaluate(() => {
          const node = window.TesseraRadius.cy.nodes('[kind = "group"]').last();
          const box = document.querySelector('#radius .radius-canvas').getBoundingClientRect();
          const p = node.renderedPosition();
          return { x: box.left + p.x, y: box.top + p.y, label: node.data('label') };
        });
        await page.mouse.click(group.x, group.y);
        await page.waitForSelector('#radius .radius-group li', { timeout: 5000 });
        // Zoom and pan stay responsive: a wheel turn and a drag, each answered within a second.
        const box = await page.$eval('#radius .radius-canvas', (el) => { const r = el.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; });
        const zoomBefore = await page.evaluate(() => window.TesseraRadius.cy.zoom());
        await page.mouse.move(box.x, box.y);
        await page.mouse.wheel(0, -400);
        await page.waitForFunction((z) => window.TesseraRadius.cy.zoom() !== z, zoomBefore, { timeout: 1000 });
      });
    }
    await check(user.role + ': logs out', () => logOut(page));
    await check(user.role + ': no console errors', async () => {
      expect(problems.length === 0, problems.join(' | '));
    });
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(passed + ' passed, ' + failures.length + ' failed');
if (failures.length) {
  for (const f of failures) console.log('FAILED: ' + f);
  process.exit(1);
}
