// Civic Search: enhances the server-rendered search page (web/pages.cpp). Without this script
// the page works as a plain GET form; with it, searches run against /api/search without a
// reload, the URL keeps the state (back and forward restore it), the query box autocompletes
// and long facets can be filtered. Archive text is inserted with textContent; only a hit's
// snippet, which the server has already HTML-escaped, is inserted as HTML. The timeline chart and
// the "who said it most" panel come from the server as markup (GET /search/explore renders them
// as the page does, web/explore_parts.cpp) and are swapped in whole.
'use strict';
(() => {
  const FACETS = [
    ['speaker', 'speakers'], ['org', 'organisations'], ['theme', 'themes'],
    ['event', 'events'], ['kind', 'kinds'], ['year', 'years'],
  ];
  const LONG_FACET = 8;
  const NOUNS = { unit: ['result', 'results'], talk: ['talk', 'talks'], post: ['post', 'posts'] };
  const MAX_WINDOW = 10000;
  // How the chart and the panel show the search (web/explore_parts.h explore_link_params()):
  // carried on from the URL, as the links of the chart and the panel set them.
  const VIEW = ['chart', 'split', 'interval', 'compare', 'by', 'measure', 'min'];
  const PARTS = ['timeline', 'who-said'];

  const form = document.getElementById('search-form');
  if (!form) return;
  document.documentElement.classList.add('js');
  const $ = (id) => document.getElementById(id);
  const q = $('q');
  const suggestions = $('q-suggestions');
  const hitsList = $('hits');
  const status = $('result-status');
  const errorBox = $('search-error');
  const didYouMean = $('did-you-mean');
  const partialNotice = $('partial-notice');
  const pagination = $('pagination');
  const feedLink = $('feed-link');
  const results = $('results');

  let lastResponse = null;
  let inFlight = null;

  const el = (tag, attrs = {}, text) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === true) node.setAttribute(k, '');
      else if (v !== false && v != null) node.setAttribute(k, v);
    }
    if (text != null) node.textContent = text;
    return node;
  };
  const fmt = (n) => n.toLocaleString('en-GB');
  const debounce = (fn, ms) => {
    let timer = 0;
    const run = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
    run.cancel = () => clearTimeout(timer);
    return run;
  };

  // --- State: URL ⇄ form --------------------------------------------------------------------

  function paramsFromForm() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (value === '') continue;
      if (name === 'group' && value === 'unit') continue;
      if (name === 'sort' && value === 'relevance') continue;
      params.append(name, value);
    }
    const current = new URLSearchParams(location.search);
    const perPage = current.get('per_page');
    if (perPage) params.set('per_page', perPage);
    for (const name of VIEW) {
      params.delete(name); // the form's hidden copy is as old as the page
      for (const value of current.getAll(name)) params.append(name, value);
    }
    return params;
  }

  function applyToForm(params) {
    q.value = params.get('q') || '';
    $('sort').value = params.get('sort') || 'relevance';
    const group = params.get('group') || 'unit';
    for (const radio of document.querySelectorAll('input[name="group"]')) radio.checked = radio.value === group;
    $('from').value = params.get('from') || '';
    $('to').value = params.get('to') || '';
    for (const [facet] of FACETS) {
      const selected = new Set(params.getAll(facet));
      for (const box of document.querySelectorAll(`input[type="checkbox"][name="${facet}"]`)) {
        box.checked = selected.has(box.value);
      }
    }
  }

  // --- Searching --------------------------------------------------------------------------------

  async function run(params, { push = false, focusResults = false } = {}) {
    const qs = params.toString();
    if (push) history.pushState(null, '', '/search' + (qs ? '?' + qs : ''));
    if (inFlight) inFlight.abort();
    const controller = new AbortController();
    inFlight = controller;
    hitsList.classList.add('loading');
    hitsList.setAttribute('aria-busy', 'true');
    updateParts(qs, controller.signal);
    try {
      const res = await fetch('/api/search?' + qs, { signal: controller.signal, headers: { Accept: 'application/json' } });
      const body = await res.json();
      if (!res.ok) throw new Error(body && body.error ? body.error.message : `HTTP ${res.status}`);
      lastResponse = body;
      render(body, params);
      if (focusResults) {
        results.focus({ preventScroll: true });
        results.scrollIntoView({ block: 'start' });
      }
    } catch (err) {
      if (err.name === 'AbortError') return;
      errorBox.textContent = err.message || 'The search failed.';
      errorBox.hidden = false;
      status.textContent = 'Search failed';
    } finally {
      if (inFlight === controller) {
        inFlight = null;
        hitsList.classList.remove('loading');
        hitsList.removeAttribute('aria-busy');
      }
    }
  }

  const navigate = (params, opts = {}) => run(params, { push: true, ...opts });

  // The chart and the panel for the search `qs`, rendered by the server, replace the page's. Focus
  // inside them stays on the link of the same kind with the same address (a chosen view, an
  // entry), else moves to the part itself (a bar: the new chart has other bars).
  async function updateParts(qs, signal) {
    let doc;
    try {
      const res = await fetch('/search/explore' + (qs ? '?' + qs : ''), { signal, headers: { Accept: 'text/html' } });
      doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    } catch (err) {
      return; // aborted by a newer search, or offline: the parts keep their last state
    }
    for (const id of PARTS) {
      const old = $(id);
      const fresh = doc.getElementById(id);
      if (!old || !fresh) continue;
      const active = document.activeElement;
      const focused = old.contains(active) ? [active.getAttribute('href'), active.getAttribute('class'), active.id] : null;
      if (fresh.tagName === 'DETAILS' && !old.hidden) fresh.open = old.open;
      const node = document.importNode(fresh, true);
      old.replaceWith(node);
      if (focused === null) continue;
      const same = (focused[2] && node.querySelector('#' + CSS.escape(focused[2]))) || [...node.querySelectorAll('a[href]')]
        .find((a) => a.getAttribute('href') === focused[0] && a.getAttribute('class') === focused[1]);
      if (same) {
        same.focus({ preventScroll: true });
      } else {
        node.tabIndex = -1;
        node.focus({ preventScroll: true });
      }
    }
  }

  // The unit's page, as web/page_parts.cpp unit_path() builds it.
  const unitPath = (id) => '/units/' + encodeURIComponent(id);
  // A name linked to its profile page by the slug the API gives (query/json.cpp), as the
  // server-rendered page links it (web/page_parts.cpp).
  const profileName = (cls, root, slug, name) => {
    const span = el('span', { class: cls });
    span.append(slug ? el('a', { href: root + encodeURIComponent(slug) }, name) : name);
    return span;
  };

  function linkTo(path, params) {
    const qs = params.toString();
    return path + (qs ? '?' + qs : '');
  }

  // --- Rendering (mirrors web/pages.cpp) --------------------------------------------------------

  function statusText(resp, group) {
    const noun = NOUNS[group] || NOUNS.unit;
    let s = resp.total === 0 ? `No ${noun[1]}` : `${fmt(resp.total)} ${noun[resp.total === 1 ? 0 : 1]}`;
    if (resp.query) s += ` for \u201c${resp.query}\u201d`;
    const pages = Math.ceil(resp.total / Math.max(1, resp.per_page));
    if (pages > 1) s += ` \u2014 page ${resp.page} of ${fmt(pages)}`;
    return s;
  }

  // "Dorothy Aske · Mayor, Kirkhope Borough Council": speaker · role, organisation,
  // empty parts left out, as query::who_parts() and the server-rendered page have it.
  function renderWho(hit, sep) {
    const who = el('span', { class: 'hit-who' });
    if (hit.speaker) {
      who.append(profileName('hit-speaker', '/speakers/', hit.speaker_slug, hit.speaker));
    }
    if (hit.role) {
      if (hit.speaker) who.append(sep());
      who.append(el('span', { class: 'hit-role' }, hit.role));
    }
    if (hit.org) {
      if (hit.role) who.append(', ');
      else if (hit.speaker) who.append(sep());
      who.append(profileName('hit-org', '/orgs/', hit.org_slug, hit.org));
    }
    return who.childNodes.length ? who : null;
  }

  function renderHit(hit, group) {
    const li = el('li', { class: 'hit' });
    const h3 = el('h3', { class: 'hit-title' });
    const title = (hit.post && hit.post.title) || hit.id;
    h3.append(el('a', { href: unitPath(hit.id) }, title));
    li.append(h3);
    const meta = el('p', { class: 'hit-meta' });
    const sep = () => el('span', { class: 'sep', 'aria-hidden': 'true' }, ' \u00b7 ');
    const parts = [];
    const who = renderWho(hit, sep);
    if (who) parts.push(who);
    if (hit.event) parts.push(profileName('hit-event', '/events/', hit.event_slug, hit.event));
    if (hit.post && hit.post.date) parts.push(el('time', { class: 'hit-date', datetime: hit.post.date }, hit.post.date));
    // Who wrote the text: a comment's commenter, else the post's author (pages.cpp written_by).
    const author = hit.comment ? hit.comment.author : hit.post && hit.post.author;
    if (author) parts.push(el('span', { class: 'hit-author' }, `by ${author}`));
    if (hit.kind) parts.push(el('span', { class: 'hit-kind' }, hit.kind));
    // Beside the link to the unit's page (the title), the paragraph in the archive's own post.
    if (hit.url) parts.push(el('a', { class: 'hit-source', href: hit.url }, 'original post'));
    parts.forEach((part, i) => {
      if (i) meta.append(sep());
      meta.append(part);
    });
    li.append(meta);
    if (hit.context) li.append(el('p', { class: 'hit-context' }, hit.context));
    const snippet = el('p', { class: 'hit-snippet' });
    snippet.innerHTML = hit.snippet; // escaped by the server, with <mark> around matches
    li.append(snippet);
    if (hit.more > 0) li.append(el('p', { class: 'hit-more' }, `+${hit.more} more in this ${(NOUNS[group] || NOUNS.unit)[0]}`));
    return li;
  }

  function renderPagination(resp, params) {
    pagination.replaceChildren();
    const per = Math.max(1, resp.per_page);
    const last = Math.max(1, Math.min(Math.ceil(resp.total / per), Math.floor(MAX_WINDOW / per)));
    const page = resp.page;
    if (last <= 1 && page <= 1) { pagination.hidden = true; return; }
    pagination.hidden = false;
    pagination.setAttribute('aria-label', 'Pages');
    const ul = el('ul');
    const pageLink = (n, text, attrs) => {
      const p = new URLSearchParams(params);
      p.delete('page');
      if (n > 1) p.set('page', String(n));
      const li = el('li');
      li.append(el('a', { href: linkTo('/search', p), ...attrs }, text));
      ul.append(li);
    };
    if (page > 1) pageLink(page - 1, '\u2190 Previous', { rel: 'prev', class: 'page-prev' });
    const shown = new Set([1, last]);
    for (let n = page - 2; n <= page + 2; n++) if (n >= 1 && n <= last) shown.add(n);
    let previous = 0;
    for (const n of [...shown].sort((a, b) => a - b)) {
      if (previous && n > previous + 1) ul.append(el('li', { class: 'gap', 'aria-hidden': 'true' }, '\u2026'));
      pageLink(n, String(n), n === page ? { 'aria-current': 'page' } : { 'aria-label': `Page ${n}` });
      previous = n;
    }
    if (page < last) pageLink(page + 1, 'Next \u2192', { rel: 'next', class: 'page-next' });
    pagination.append(ul);
  }

  function renderFacetValues(facet, values, selected) {
    const fieldset = $('facet-' + facet);
    const list = fieldset.querySelector('.facet-values');
    const focused = document.activeElement;
    const refocus = focused && focused.name === facet && list.contains(focused) ? focused.value : null;
    const shown = values.slice();
    for (const value of selected) {
      if (!shown.some((c) => c.value === value)) shown.push({ value, count: 0 });
    }
    list.replaceChildren();
    if (shown.length === 0) list.append(el('li', { class: 'facet-empty' }, 'None'));
    for (const { value, count } of shown) {
      const label = el('label', { class: 'facet-option' });
      const box = el('input', { type: 'checkbox', name: facet, value, form: 'search-form' });
      box.checked = selected.includes(value);
      label.append(box, el('span', { class: 'facet-name' }, value), el('span', { class: 'facet-count' }, fmt(count)));
      const li = el('li');
      li.append(label);
      list.append(li);
      if (refocus === value) box.focus({ preventScroll: true });
    }
    return shown.length;
  }

  function render(resp, params) {
    const group = params.get('group') || 'unit';
    status.textContent = statusText(resp, group);
    errorBox.hidden = true;
    errorBox.textContent = '';
    document.title = resp.query ? `${resp.query} \u2013 Civic Search` : 'Civic Search';

    if (partialNotice) {
      partialNotice.textContent = resp.partial
        ? 'Some of the archive did not answer in time, so these results may be incomplete.' : '';
      partialNotice.hidden = !resp.partial;
    }
    didYouMean.replaceChildren();
    if (resp.suggestion) {
      const p = new URLSearchParams(params);
      p.set('q', resp.suggestion);
      p.delete('page');
      didYouMean.append('Did you mean ', el('a', { href: linkTo('/search', p) }, resp.suggestion), '?');
      didYouMean.hidden = false;
    } else {
      didYouMean.hidden = true;
    }

    hitsList.start = (resp.page - 1) * resp.per_page + 1;
    hitsList.replaceChildren(...resp.hits.map((hit) => renderHit(hit, group)));
    renderPagination(resp, params);

    for (const [facet] of FACETS) {
      const filter = document.querySelector(`.facet-filter[data-facet="${facet}"]`);
      if (filter.value.trim()) continue; // the reader is searching inside this facet
      const n = renderFacetValues(facet, (resp.facets && resp.facets[facet]) || [], params.getAll(facet));
      filter.hidden = n <= LONG_FACET;
    }

    const feedParams = new URLSearchParams(params);
    feedParams.delete('page');
    feedLink.href = linkTo('/feed.atom', feedParams);
    const exportParams = new URLSearchParams(feedParams);
    exportParams.delete('group');
    exportParams.delete('per_page');
    for (const format of ['csv', 'jsonl']) {
      exportParams.set('format', format);
      $(`export-${format}`).href = linkTo('/api/export', exportParams);
    }
    const alternate = document.querySelector('link[rel="alternate"][type="application/atom+xml"]');
    if (alternate) alternate.href = new URL(feedLink.getAttribute('href'), location.href).href;
    $('sidebar').querySelector('.clear-filters').href = linkTo('/search', resp.query ? new URLSearchParams({ q: resp.query }) : new URLSearchParams());
  }

  // --- Events -----------------------------------------------------------------------------------

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    closeSuggestions();
    navigate(paramsFromForm(), { focusResults: false });
  });

  document.addEventListener('change', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
    if (target.getAttribute('form') !== 'search-form') return;
    if (target.type === 'date' && target.value && !/^\d{4}-\d{2}-\d{2}$/.test(target.value)) return;
    navigate(paramsFromForm());
  });

  // Links that stay on the search page (pages, "did you mean", "clear all") run in place.
  document.addEventListener('click', (event) => {
    const a = event.target.closest && event.target.closest('a[href]');
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(a.getAttribute('href'), location.href); // an SVG <a>'s href is no string
    if (url.origin !== location.origin || url.pathname !== '/search') return;
    if (!a.closest('#pagination, #did-you-mean, .sidebar-head, #timeline, #who-said')) return;
    event.preventDefault();
    applyToForm(url.searchParams);
    for (const filter of document.querySelectorAll('.facet-filter')) filter.value = '';
    navigate(url.searchParams, { focusResults: Boolean(a.closest('#pagination')) });
  });

  // The chart's "compare with" form adds a query in place (its hidden fields hold the search).
  document.addEventListener('submit', (event) => {
    const compare = event.target;
    if (!(compare instanceof HTMLFormElement) || !compare.classList.contains('timeline-compare')) return;
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(compare)) {
      if (value.trim() !== '') params.append(name, value);
    }
    applyToForm(params);
    navigate(params);
  });

  window.addEventListener('popstate', () => {
    const params = new URLSearchParams(location.search);
    applyToForm(params);
    closeSuggestions();
    run(params);
  });

  // Filter boxes inside long facets search the whole facet (/api/facets/{name}?prefix=).
  for (const filter of document.querySelectorAll('.facet-filter')) {
    const facet = filter.dataset.facet;
    if (!filter.hasAttribute('data-short')) filter.hidden = false;
    filter.addEventListener('input', debounce(async () => {
      const prefix = filter.value.trim();
      const selected = new URLSearchParams(location.search).getAll(facet);
      if (!prefix) {
        if (lastResponse) renderFacetValues(facet, lastResponse.facets[facet] || [], selected);
        else run(new URLSearchParams(location.search));
        return;
      }
      try {
        const res = await fetch(`/api/facets/${encodeURIComponent(facet)}?prefix=${encodeURIComponent(prefix)}&limit=50`);
        if (!res.ok) return;
        const body = await res.json();
        if (filter.value.trim() === prefix) renderFacetValues(facet, body.values || [], selected);
      } catch (err) { /* the list keeps its last values */ }
    }, 150));
    filter.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') event.preventDefault(); // filtering, not submitting
    });
  }

  // --- Autocomplete (a combobox with a listbox popup) ---------------------------------------------

  let active = -1;
  let suggestRequest = 0;

  function closeSuggestions() {
    fetchSuggestions.cancel();
    suggestRequest++; // answers still on their way are dropped
    suggestions.hidden = true;
    suggestions.replaceChildren();
    q.setAttribute('aria-expanded', 'false');
    q.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function setActive(i) {
    const items = suggestions.children;
    if (!items.length) return;
    active = (i + items.length) % items.length;
    [...items].forEach((item, n) => item.setAttribute('aria-selected', String(n === active)));
    q.setAttribute('aria-activedescendant', items[active].id);
  }

  function choose(value) {
    const words = q.value.replace(/\s+$/, '').split(/\s+/);
    words[words.length - 1] = /\s/.test(value) ? `"${value}"` : value;
    q.value = words.join(' ') + ' ';
    closeSuggestions();
    form.requestSubmit();
  }

  const fetchSuggestions = debounce(async () => {
    const text = q.value;
    const last = text.split(/\s+/).pop();
    if (!last || last.length < 2) return closeSuggestions();
    const id = ++suggestRequest;
    try {
      const res = await fetch('/api/suggest?limit=8&q=' + encodeURIComponent(text));
      if (!res.ok || id !== suggestRequest) return;
      const body = await res.json();
      if (id !== suggestRequest || q.value !== text) return;
      const items = (body.suggestions || []).filter((s) => s.toLowerCase() !== last.toLowerCase());
      if (!items.length || document.activeElement !== q) return closeSuggestions();
      suggestions.replaceChildren(...items.map((s, i) => el('li', { id: `q-suggestion-${i}`, role: 'option', 'aria-selected': 'false' }, s)));
      suggestions.hidden = false;
      q.setAttribute('aria-expanded', 'true');
      active = -1;
    } catch (err) { closeSuggestions(); }
  }, 120);

  q.addEventListener('input', fetchSuggestions);
  q.addEventListener('keydown', (event) => {
    const open = !suggestions.hidden;
    if (event.key === 'ArrowDown' && open) { event.preventDefault(); setActive(active + 1); }
    else if (event.key === 'ArrowUp' && open) { event.preventDefault(); setActive(active - 1); }
    else if (event.key === 'Escape' && open) { event.preventDefault(); closeSuggestions(); }
    else if (event.key === 'Enter' && open && active >= 0) {
      event.preventDefault();
      choose(suggestions.children[active].textContent);
    }
  });
  q.addEventListener('blur', () => setTimeout(closeSuggestions, 150));
  suggestions.addEventListener('mousedown', (event) => event.preventDefault());
  suggestions.addEventListener('click', (event) => {
    const item = event.target.closest('li[role="option"]');
    if (item) choose(item.textContent);
  });

  // On a narrow screen the filters start folded away, below the search box.
  if (window.matchMedia('(max-width: 859px)').matches) {
    for (const id of ['refine', 'who-said']) {
      if ($(id)) $(id).open = false;
    }
  }

  // The page was rendered by the server for this URL; later entries are rendered here.
  history.replaceState(null, '', location.href);
})();
