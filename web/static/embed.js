// Civic Search embed: a search box with the top results, for a blog. Paste
//   <script src="https://SEARCH-SERVER/embed.js" data-placeholder="Search the archive"
//           data-results="5" data-theme="auto"></script>
// where the box should appear. It renders inside a Shadow DOM, so the blog's styles and ours
// never mix; the blog can still set --civic-font, --civic-fg, --civic-bg and --civic-accent.
// Results come from the server's /api/search, which answers only origins it was started with
// (--allow-origin). Each result links to its unit's page on the server, with the paragraph in the
// blog's own post beside it. Archive text is inserted with textContent; only the server-escaped snippet
// is inserted as HTML.
'use strict';
(() => {
  const script = document.currentScript;
  if (!script || !script.src) return;
  const server = new URL(script.src).origin;
  const data = script.dataset;
  const results = Math.min(10, Math.max(1, parseInt(data.results || '5', 10) || 5));
  const theme = ['light', 'dark'].includes(data.theme) ? data.theme : 'auto';
  const placeholder = data.placeholder || 'Search the archive';

  const host = document.createElement('div');
  host.className = 'civic-search-embed';
  script.parentNode.insertBefore(host, script.nextSibling);
  const root = host.attachShadow({ mode: 'open' });

  const el = (tag, attrs = {}, text) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text != null) node.textContent = text;
    return node;
  };

  const style = el('link', { rel: 'stylesheet', href: server + '/static/embed.css' });
  const box = el('div', { class: 'civic', 'data-theme': theme, part: 'box' });
  const uid = 'civic-q-' + Math.random().toString(36).slice(2, 8);
  const form = el('form', { class: 'civic-form', role: 'search', action: server + '/search', method: 'get', target: '_top' });
  const label = el('label', { class: 'civic-vh', for: uid }, placeholder);
  const input = el('input', { class: 'civic-input', id: uid, name: 'q', type: 'search', placeholder, autocomplete: 'off' });
  const button = el('button', { class: 'civic-button', type: 'submit' }, 'Search');
  form.append(label, input, button);
  const status = el('p', { class: 'civic-status', role: 'status', 'aria-live': 'polite' });
  const list = el('ol', { class: 'civic-hits' });
  const more = el('a', { class: 'civic-more', href: server + '/search', target: '_top' }, 'Open the full search \u2192');
  box.append(form, status, list, more);
  root.append(style, box);

  let controller = null;
  async function search(text) {
    const q = text.trim();
    more.href = server + '/search' + (q ? '?q=' + encodeURIComponent(q) : '');
    if (!q) { list.replaceChildren(); status.textContent = ''; return; }
    if (controller) controller.abort();
    controller = new AbortController();
    status.textContent = 'Searching\u2026';
    try {
      const url = `${server}/api/search?per_page=${results}&facet_limit=0&q=${encodeURIComponent(q)}`;
      const res = await fetch(url, { signal: controller.signal, credentials: 'omit', mode: 'cors' });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const body = await res.json();
      list.replaceChildren(...body.hits.map((hit) => {
        const li = el('li', { class: 'civic-hit' });
        const title = (hit.post && hit.post.title) || hit.id;
        li.append(el('a', { class: 'civic-hit-title', href: `${server}/units/${encodeURIComponent(hit.id)}`, target: '_top' }, title));
        // Speaker · role, organisation (query::who_line()), then the date, then the paragraph in
        // the blog's own post (as the /embed page has them).
        const roleOrg = [hit.role, hit.org].filter(Boolean).join(', ');
        const meta = [hit.speaker, roleOrg, hit.post && hit.post.date].filter(Boolean).join(' \u00b7 ');
        if (meta || hit.url) {
          const line = el('p', { class: 'civic-meta' }, meta);
          if (hit.url) {
            if (meta) line.append(' \u00b7 ');
            line.append(el('a', { class: 'civic-source', href: hit.url, target: '_top' }, 'in the post'));
          }
          li.append(line);
        }
        const snippet = el('p', { class: 'civic-snippet' });
        snippet.innerHTML = hit.snippet; // HTML-escaped by the server, <mark> around matches
        li.append(snippet);
        return li;
      }));
      status.textContent = body.total === 0 ? `No results for \u201c${q}\u201d`
        : `${body.total.toLocaleString('en-GB')} result${body.total === 1 ? '' : 's'} for \u201c${q}\u201d`;
      more.textContent = body.total > 0 ? `All ${body.total.toLocaleString('en-GB')} results \u2192` : 'Open the full search \u2192';
    } catch (err) {
      if (err.name === 'AbortError') return;
      list.replaceChildren();
      status.textContent = 'Search is not available on this site.';
      box.classList.add('civic-unavailable');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    search(input.value);
  });
})();
