/* factex report: the records table (sort, filter, pages) drawn from window.FACTEX_RECORDS (records.js).
   Only one page of rows is in the DOM at a time; every text goes in with textContent, never as HTML.
   The state lives in the URL hash (#status=conflict&unit=%25&q=...&sort=value&dir=desc&page=2&record=ID),
   so a filtered view can be linked to, and an article links to its record with #record=ID. */
(function () {
  'use strict';
  var data = window.FACTEX_RECORDS;
  var table = document.getElementById('records-table');
  if (!data || !table) { return; }

  var PAGE_SIZE = 50;
  var DESCENDING_FIRST = { value: true, articles: true, date: true };
  var STATUS_RANK = { conflict: 0, corroborated: 1, single: 2 };
  var F = {};
  data.fields.forEach(function (name, i) { F[name] = i; });
  var rows = data.rows;
  var labels = JSON.parse(table.getAttribute('data-labels') || '{}');
  var collator = new Intl.Collator('ar');
  var state = { status: '', unit: '', q: '', sort: '', dir: 'asc', page: 1, record: '' };
  var opened = {};
  var $ = function (id) { return document.getElementById(id); };
  var form = $('records-filters'), inputs = { status: $('f-status'), unit: $('f-unit'), q: $('f-q') };
  var tbody = table.tBodies[0], countLine = $('records-count'), pager = $('records-pager'), pageLabel = $('records-page');

  // Search folds Arabic the way factex does (alef forms, ى, ة, diacritics, tatweel, bidi marks).
  function charClass(chars) { return '[' + chars.replace(/[\\\]\[^-]/g, '\\$&') + ']'; }
  var dropped = new RegExp(charClass(data.fold.drop), 'g');
  var folded = new RegExp(charClass(Object.keys(data.fold.letters).join('')), 'g');
  function fold(text) {
    return text.replace(dropped, '').replace(folded, function (c) { return data.fold.letters[c]; }).toLowerCase();
  }
  var foldedMetrics = null;

  function matches(i, words, unit) {
    var row = rows[i];
    if (state.status && row[F.status] !== state.status) { return false; }
    if (unit && row[F.unit] !== unit) { return false; }
    for (var w = 0; w < words.length; w++) {
      if (foldedMetrics[i].indexOf(words[w]) < 0 && row[F.id].indexOf(words[w]) !== 0) { return false; }
    }
    return true;
  }

  function compare(key) {
    var f = F[key];
    if (key === 'metric' || key === 'unit') { return function (a, b) { return collator.compare(rows[a][f], rows[b][f]); }; }
    if (key === 'status') { return function (a, b) { return STATUS_RANK[rows[a][f]] - STATUS_RANK[rows[b][f]]; }; }
    if (key === 'date') { return function (a, b) { return rows[a][f] < rows[b][f] ? -1 : rows[a][f] > rows[b][f] ? 1 : 0; }; }
    return function (a, b) {
      var x = rows[a][f], y = rows[b][f];
      return x === y ? 0 : x === null ? 1 : y === null ? -1 : x - y;
    };
  }

  function visible() {
    var list = [];
    if (state.record) {
      for (var r = 0; r < rows.length; r++) { if (rows[r][F.id] === state.record) { list.push(r); } }
      return list;
    }
    var words = fold(state.q).split(/\s+/).filter(Boolean), unit = state.unit.trim();
    if (words.length && !foldedMetrics) { foldedMetrics = rows.map(function (row) { return fold(row[F.metric]); }); }
    for (var i = 0; i < rows.length; i++) { if (matches(i, words, unit)) { list.push(i); } }
    if (state.sort && F[state.sort] !== undefined) {
      var cmp = compare(state.sort), sign = state.dir === 'desc' ? -1 : 1;
      list.sort(function (a, b) { return sign * cmp(a, b) || a - b; });
    }
    return list;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function num(text) { return el('bdi', { dir: 'ltr', 'class': 'num' }, text); }
  function cell(cls, child) { var td = el('td', { 'class': cls }); td.appendChild(child); return td; }

  function rowNodes(row) {
    var id = row[F.id], open = !!opened[id];
    var tr = el('tr', { 'class': 'status-' + row[F.status] + (id === state.record ? ' target' : ''), 'data-id': id });
    var button = el('button', { type: 'button', 'class': 'toggle', 'aria-expanded': String(open),
                                'aria-controls': 'd-' + id, 'aria-label': 'تفاصيل السجل ' + id }, open ? '−' : '+');
    tr.appendChild(cell('c-toggle', button));
    tr.appendChild(cell('c-metric', el('bdi', {}, row[F.metric] || '—')));
    tr.appendChild(cell('c-value', num(row[F.text])));
    tr.appendChild(cell('c-unit', el('bdi', {}, row[F.unit] || '—')));
    tr.appendChild(cell('c-date', row[F.date] ? num(row[F.date]) : el('span', { 'class': 'none' }, 'بلا تاريخ')));
    tr.appendChild(cell('c-status', document.createTextNode(labels[row[F.status]] || row[F.status])));
    tr.appendChild(cell('c-articles', num(row[F.articles])));
    return open ? [tr, detailNode(row)] : [tr];
  }

  function detailNode(row) {
    var tr = el('tr', { 'class': 'detail', id: 'd-' + row[F.id] });
    var td = el('td', { colspan: '7' });
    var head = el('p');
    head.appendChild(document.createTextNode('السجل '));
    head.appendChild(el('bdi', { dir: 'ltr', 'class': 'id' }, row[F.id]));
    if (row[F.flags]) { head.appendChild(document.createTextNode(' · ')); head.appendChild(el('span', { 'class': 'flag' }, row[F.flags])); }
    if (row[F.link]) {
      head.appendChild(document.createTextNode(' · '));
      head.appendChild(el('a', { href: row[F.link] }, row[F.status] === 'conflict' ? 'الروايات جنبًا إلى جنب' : 'السلسلة الزمنية'));
    }
    td.appendChild(head);
    var list = el('ul');
    row[F.mentions].split(' ').filter(Boolean).forEach(function (pair) {
      var cut = pair.indexOf(':'), doc = data.docs[+pair.slice(0, cut)];
      var li = el('li');
      li.appendChild(el('a', { href: doc[0] + '#f-' + pair.slice(cut + 1) }, doc[1]));
      list.appendChild(li);
    });
    td.appendChild(list);
    tr.appendChild(td);
    return tr;
  }

  function render(fromUser) {
    var list = visible(), pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
    state.page = Math.min(Math.max(1, state.page), pages);
    var first = (state.page - 1) * PAGE_SIZE, fragment = document.createDocumentFragment();
    list.slice(first, first + PAGE_SIZE).forEach(function (i) {
      rowNodes(rows[i]).forEach(function (node) { fragment.appendChild(node); });
    });
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    tbody.appendChild(fragment);
    countLine.textContent = '';
    countLine.setAttribute('data-shown', String(list.length));
    if (list.length) {
      countLine.append('السجلات ', num(first + 1), '–', num(Math.min(first + PAGE_SIZE, list.length)), ' من ', num(list.length));
      if (list.length < rows.length) { countLine.append(' (من أصل ', num(rows.length), ')'); }
    } else {
      countLine.textContent = 'لا سجل يطابق التصفية.';
    }
    pager.hidden = pages <= 1;
    pageLabel.textContent = 'الصفحة ' + state.page + ' من ' + pages;
    pager.querySelector('[data-page="first"]').disabled = pager.querySelector('[data-page="prev"]').disabled = state.page === 1;
    pager.querySelector('[data-page="last"]').disabled = pager.querySelector('[data-page="next"]').disabled = state.page === pages;
    Array.prototype.forEach.call(table.tHead.querySelectorAll('th[aria-sort]'), function (th) {
      var key = th.querySelector('button').getAttribute('data-sort');
      th.setAttribute('aria-sort', key === state.sort ? (state.dir === 'desc' ? 'descending' : 'ascending') : 'none');
    });
    if (fromUser) { writeHash(); }
  }

  function readHash() {
    var hash = location.hash.slice(1);
    if (hash.indexOf('=') < 0) { return false; }
    var params = new URLSearchParams(hash);
    state = { status: params.get('status') || '', unit: params.get('unit') || '', q: params.get('q') || '',
              sort: params.get('sort') || '', dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
              page: parseInt(params.get('page'), 10) || 1, record: params.get('record') || '' };
    if (state.record) { opened[state.record] = true; }
    inputs.status.value = state.status; inputs.unit.value = state.unit; inputs.q.value = state.q;
    return true;
  }

  function writeHash() {
    var params = new URLSearchParams();
    ['status', 'unit', 'q', 'sort', 'record'].forEach(function (k) { if (state[k]) { params.set(k, state[k]); } });
    if (state.sort) { params.set('dir', state.dir); }
    if (state.page > 1) { params.set('page', String(state.page)); }
    var hash = params.toString() || 'records';
    try { history.replaceState(null, '', '#' + hash); } catch (e) { /* some file:// setups refuse: the view still works */ }
  }

  var timer = null;
  function fromInputs() {
    state.status = inputs.status.value; state.unit = inputs.unit.value; state.q = inputs.q.value;
    state.page = 1; state.record = '';
    render(true);
  }
  function later() { clearTimeout(timer); timer = setTimeout(fromInputs, 150); }

  form.addEventListener('submit', function (event) { event.preventDefault(); fromInputs(); });
  form.addEventListener('reset', function () {
    setTimeout(function () { state.sort = ''; state.dir = 'asc'; fromInputs(); }, 0);
  });
  inputs.status.addEventListener('change', fromInputs);
  inputs.unit.addEventListener('input', later);
  inputs.unit.addEventListener('change', fromInputs);
  inputs.q.addEventListener('input', later);

  table.tHead.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-sort]');
    if (!button) { return; }
    var key = button.getAttribute('data-sort');
    if (state.sort === key) { state.dir = state.dir === 'asc' ? 'desc' : 'asc'; }
    else { state.sort = key; state.dir = DESCENDING_FIRST[key] ? 'desc' : 'asc'; }
    state.page = 1;
    render(true);
  });
  tbody.addEventListener('click', function (event) {
    var button = event.target.closest('button.toggle');
    if (!button) { return; }
    var id = button.closest('tr').getAttribute('data-id');
    opened[id] = !opened[id];
    render(false);
    var again = tbody.querySelector('tr[data-id="' + id + '"] button.toggle');
    if (again) { again.focus(); }
  });
  pager.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-page]');
    if (!button) { return; }
    var move = button.getAttribute('data-page');
    state.page = move === 'first' ? 1 : move === 'last' ? Infinity : state.page + (move === 'next' ? 1 : -1);
    render(true);
    table.scrollIntoView({ block: 'start' });
  });
  window.addEventListener('hashchange', function () {
    if (readHash()) { render(false); focusRecords(); }
  });

  function focusRecords() {
    var target = state.record && tbody.querySelector('tr.target');
    (target || $('records')).scrollIntoView({ block: 'start' });
  }

  if (readHash()) { render(false); focusRecords(); } else { render(false); }
  document.documentElement.setAttribute('data-records-ready', 'true');
}());
