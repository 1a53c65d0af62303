// The one JS helper of the web UI (spec 04 §5): calls to /api/v1 with the session cookie and the
// CSRF token, and the few DOM builders every page uses. Every value from the server reaches the
// page as text (createTextNode / textContent), never as markup: an asset named
// `<img src=x onerror=alert(1)>` shows those characters.
(function () {
  'use strict';

  const body = document.body;
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');

  // What the server's HTML shell says about this page and its user.
  const ctx = {
    page: body.dataset.page || '',
    id: body.dataset.id || '',
    userId: body.dataset.userId || '',
    role: body.dataset.userRole || 'user',
    teamId: body.dataset.teamId || '',
    slack: body.dataset.slack === 'true',
    csrf: csrfMeta ? csrfMeta.getAttribute('content') : '',
  };
  ctx.isAdmin = ctx.role === 'admin';
  ctx.canWrite = ctx.role === 'admin' || ctx.role === 'team_admin';

  // ---- API ---------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message, details) {
      super(message);
      this.status = status;
      this.code = code;
      this.details = details || null;
    }
  }

  // The message of an error body: the service envelope (spec 01 §2.1) or the request-validation
  // 422 list (§2.3), whichever the server sent.
  function errorFromBody(status, data) {
    if (data && data.error) {
      return new ApiError(status, data.error.code, data.error.message, data.error.details);
    }
    if (data && Array.isArray(data.detail)) {
      const text = data.detail
        .map((d) => (Array.isArray(d.loc) ? d.loc.join('.') + ': ' : '') + d.msg)
        .join('; ');
      return new ApiError(status, 'VALIDATION_ERROR', text, { detail: data.detail });
    }
    return new ApiError(status, 'HTTP_' + status, 'The server answered ' + status);
  }

  function withQuery(path, query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query || {})) {
      if (value === undefined || value === null || value === '') continue;
      params.append(key, String(value));
    }
    const text = params.toString();
    return text ? path + (path.includes('?') ? '&' : '?') + text : path;
  }

  // A 401 means the session ended, unless the route ignores sessions (POST /teams asks for an
  // API key, spec 01 §10.1): a page request tells them apart (a shell, or a redirect to /login).
  async function sessionEnded() {
    const probe = await fetch('/settings', { redirect: 'manual', credentials: 'same-origin' });
    return probe.type === 'opaqueredirect' || probe.status === 302 || probe.status === 401;
  }

  // request('GET', '/assets', {query: {limit: 1}}) → the parsed JSON body (null for 204).
  async function request(method, path, options) {
    const opts = options || {};
    const headers = { Accept: 'application/json' };
    const init = { method, headers, credentials: 'same-origin' };
    if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = ctx.csrf;
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(opts.body);
    }
    const response = await fetch(withQuery('/api/v1' + path, opts.query), init);
    if (response.status === 401 && (await sessionEnded())) {
      // Logged out elsewhere, or expired: back to the login form.
      window.location.assign('/login');
      throw new ApiError(401, 'UNAUTHORIZED', 'Your session has ended; please log in again');
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = null;
      }
    }
    if (!response.ok) throw errorFromBody(response.status, data);
    return data;
  }

  const api = {
    get: (path, query) => request('GET', path, { query }),
    post: (path, body, query) => request('POST', path, { body, query }),
    patch: (path, body) => request('PATCH', path, { body }),
    del: (path, query) => request('DELETE', path, { query }),
    // Every item of a paginated list (spec 01 §7), 100 at a time.
    async all(path, query) {
      const items = [];
      for (let offset = 0; ; offset += 100) {
        const page = await api.get(path, Object.assign({}, query, { limit: 100, offset }));
        items.push(...page.results);
        if (items.length >= page.total || page.results.length === 0) return items;
      }
    },
  };

  // ---- DOM ---------------------------------------------------------------------------------

  // h('a', {href: '/x', class: 'btn', onclick: fn}, 'text', child, [more]) — strings become text
  // nodes; null, undefined and false children are skipped.
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        node.addEventListener(key.slice(2), value);
      } else if (key === 'class') {
        node.className = value;
      } else if (key === 'href' && !/^\/(?!\/)/.test(String(value))) {
        // Links stay on this server: no javascript:, data: or other origins, whatever the data.
        throw new Error('refusing a link to ' + String(value));
      } else if (key === 'dataset') {
        Object.assign(node.dataset, value);
      } else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'selected') {
        node[key] = value;
      } else {
        node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children) {
      if (child === undefined || child === null || child === false) continue;
      if (Array.isArray(child)) append(node, child);
      else if (child instanceof Node) node.appendChild(child);
      else node.appendChild(document.createTextNode(String(child)));
    }
  }

  function fmtDate(iso) {
    if (!iso) return '—';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(iso);
    return date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  }

  const link = (href, text) => h('a', { href }, text);
  const assetLink = (id, fqn) => (id ? link('/assets/' + id, fqn || id) : '—');
  const teamLink = (id, name) => (id ? link('/teams/' + id, name || id.slice(0, 8)) : '—');
  const userLink = (id, name) => (id ? link('/users/' + id, name || id.slice(0, 8)) : '—');
  const contractLink = (id, version) => (id ? link('/contracts/' + id, version || id) : '—');
  const proposalLink = (id, text) => link('/proposals/' + id, text || id.slice(0, 8));
  const badge = (text, kind) => h('span', { class: 'badge badge-' + (kind || text) }, text);
  const json = (value) => h('pre', { class: 'json' }, JSON.stringify(value, null, 2));

  function errorText(err) {
    if (err instanceof ApiError) return err.message + ' (' + err.status + ' ' + err.code + ')';
    return String(err && err.message ? err.message : err);
  }

  function notice(kind, text) {
    return h('p', { class: 'notice notice-' + kind, role: kind === 'error' ? 'alert' : 'status' }, text);
  }

  // columns: [{title, cell: row => node | string}]
  function table(columns, rows, emptyText) {
    if (!rows.length) return h('p', { class: 'empty' }, emptyText || 'Nothing here yet.');
    return h(
      'table',
      { class: 'data' },
      h('thead', null, h('tr', null, columns.map((c) => h('th', null, c.title)))),
      h(
        'tbody',
        null,
        rows.map((row) => h('tr', null, columns.map((c) => h('td', null, c.cell(row))))),
      ),
    );
  }

  function section(title, ...children) {
    return h('section', { class: 'card' }, h('h2', null, title), children);
  }

  // "Page x of y (n items)" with Prev / Next.
  function pager(page, onPage, noun) {
    const pages = Math.max(1, Math.ceil(page.total / page.limit));
    const current = Math.floor(page.offset / page.limit) + 1;
    return h(
      'div',
      { class: 'pager' },
      h('button', { type: 'button', disabled: current <= 1, onclick: () => onPage(page.offset - page.limit) }, 'Prev'),
      h('span', { class: 'pager-text' }, 'Page ' + current + ' of ' + pages + ' (' + page.total + ' ' + (noun || 'items') + ')'),
      h('button', { type: 'button', disabled: current >= pages, onclick: () => onPage(page.offset + page.limit) }, 'Next'),
    );
  }

  // A list that pages itself: load(offset) → page envelope; render(page) → node.
  function pagedList(load, render, noun) {
    const holder = h('div', { class: 'paged' });
    async function show(offset) {
      try {
        const page = await load(Math.max(0, offset));
        holder.replaceChildren(render(page), pager(page, show, noun));
      } catch (err) {
        holder.replaceChildren(notice('error', errorText(err)));
      }
    }
    holder.reload = () => show(0);
    show(0);
    return holder;
  }

  // A form from field descriptions; onSubmit(values) may return a message to show. Errors from
  // the API appear under the form, the button is disabled while the call runs.
  // field: {name, label, type: text|email|password|number|textarea|select|checkbox|file,
  //         options: [{value, label}], value, required, placeholder}
  function form(fields, submitLabel, onSubmit, options) {
    const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
    const inputs = {};
    const rows = fields.map((f) => {
      let input;
      if (f.type === 'select') {
        input = h('select', { name: f.name, required: f.required },
          (f.options || []).map((o) => h('option', { value: o.value, selected: o.value === f.value }, o.label)));
      } else if (f.type === 'textarea') {
        input = h('textarea', { name: f.name, rows: f.rows || 8, required: f.required, placeholder: f.placeholder });
        input.value = f.value || '';
      } else if (f.type === 'checkbox') {
        input = h('input', { type: 'checkbox', name: f.name, checked: Boolean(f.value) });
      } else {
        input = h('input', { type: f.type || 'text', name: f.name, required: f.required, placeholder: f.placeholder,
          accept: f.accept, value: f.value === undefined ? undefined : String(f.value) });
      }
      inputs[f.name] = input;
      return h('label', { class: 'field field-' + (f.type || 'text') }, h('span', null, f.label), input);
    });
    const button = h('button', { type: 'submit', class: 'primary' }, submitLabel);
    const el = h('form', { class: 'form' + (options && options.inline ? ' form-inline' : '') }, rows, button, status);
    el.addEventListener('submit', async (event) => {
      event.preventDefault();
      const values = {};
      for (const [name, input] of Object.entries(inputs)) {
        if (input.type === 'checkbox') values[name] = input.checked;
        else if (input.type === 'file') values[name] = input.files[0] || null;
        else values[name] = input.value;
      }
      button.disabled = true;
      status.replaceChildren();
      try {
        const message = await onSubmit(values);
        if (message) status.replaceChildren(notice('ok', message));
      } catch (err) {
        status.replaceChildren(notice('error', errorText(err)));
      } finally {
        button.disabled = false;
      }
    });
    el.inputs = inputs;
    return el;
  }

  // A one-line form over a list's query: its values replace the query's, then the list
  // starts again at its first page.
  function filterForm(fields, query, list, label) {
    return form(fields, label || 'Filter', async (values) => {
      Object.assign(query, values);
      list.reload();
    }, { inline: true });
  }

  // A modal <dialog> opened by a button; build(close) returns its content.
  function dialogButton(label, title, build) {
    const dialog = h('dialog', { class: 'dialog' });
    const close = () => dialog.close();
    const open = () => {
      dialog.replaceChildren(
        h('div', { class: 'dialog-head' }, h('h2', null, title),
          h('button', { type: 'button', class: 'close', 'aria-label': 'Close', onclick: close }, '×')),
        build(close),
      );
      dialog.showModal();
    };
    return [h('button', { type: 'button', onclick: open }, label), dialog];
  }

  // A button that asks, runs action(), then shows the outcome next to it.
  function actionButton(label, action, confirmText) {
    const status = h('span', { class: 'action-status' });
    const button = h('button', { type: 'button', onclick: async () => {
      if (confirmText && !window.confirm(confirmText)) return;
      button.disabled = true;
      status.replaceChildren();
      try {
        const message = await action();
        if (message) status.replaceChildren(notice('ok', message));
      } catch (err) {
        status.replaceChildren(notice('error', errorText(err)));
      } finally {
        button.disabled = false;
      }
    } }, label);
    return h('span', { class: 'action' }, button, status);
  }

  // ---- shared lookups ------------------------------------------------------------------------

  let teamsPromise = null;
  // All teams, once per page load (for names and choosers).
  function teams() {
    if (!teamsPromise) teamsPromise = api.all('/teams');
    return teamsPromise;
  }
  async function teamOptions(withEmpty) {
    const list = (await teams()).map((t) => ({ value: t.id, label: t.name }));
    return withEmpty ? [{ value: '', label: withEmpty }].concat(list) : list;
  }
  // The teams this user may act for (spec 01 §9.8: only an admin acts for any team).
  async function actingTeamOptions() {
    const all = await teamOptions();
    return ctx.isAdmin ? all : all.filter((t) => t.value === ctx.teamId);
  }
  async function teamNames() {
    const names = new Map();
    for (const t of await teams()) names.set(t.id, t.name);
    return names;
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = h('script', { src });
      script.onload = resolve;
      script.onerror = () => reject(new Error('could not load ' + src));
      document.head.appendChild(script);
    });
  }

  // Runs the page's builder once the DOM is there; marks <body data-loaded> for tests and
  // shows any failure in the page instead of leaving it blank.
  function start(build) {
    const run = async () => {
      const content = document.getElementById('content');
      try {
        await build(content, ctx);
      } catch (err) {
        content.appendChild(notice('error', errorText(err)));
      } finally {
        body.dataset.loaded = 'true';
      }
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
    else run();
  }

  window.Tessera = {
    ctx, api, ApiError, h, append, fmtDate, link, assetLink, teamLink, userLink, contractLink,
    proposalLink, badge, json, errorText, notice, table, section, pager, pagedList, form, filterForm,
    dialogButton, actionButton, teams, teamOptions, actingTeamOptions, teamNames, loadScript, start,
  };
})();
