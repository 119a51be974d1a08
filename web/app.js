// The web form of mlpsdoc serve. Everything it shows comes from /api/model (the schema as a
// field tree, the option lists of codes.xml, the GB/T 22240 matrix); the data is an XML DOM
// edited in place, checked by the engine (/api/check, the checker of `mlpsdoc check`) after
// every change, saved by /api/save. No library, no build step.
'use strict';

const S = { model: null, doc: null, name: null, etag: null, isNew: false, dirty: false, checkTimer: 0, checkSeq: 0, problems: [] };
const $ = (sel, root) => (root || document).querySelector(sel);

function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat(Infinity)) if (k !== null && k !== undefined && k !== false) e.append(k);
  return e;
}

async function api(method, url, body, headers) {
  const opt = { method, headers: Object.assign({}, headers || {}) };
  if (method === 'POST') opt.headers['X-Mlpsdoc'] = '1';
  if (body !== undefined) opt.body = body;
  const r = await fetch(url, opt);
  const type = r.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await r.json() : await r.text();
  return { status: r.status, data, etag: r.headers.get('ETag') };
}

function banner(msg) {
  const b = $('#banner');
  b.textContent = msg || '';
  b.hidden = !msg;
}

function setStatus(msg) { $('#status').textContent = msg; }

// ---- the data document ----

const kids = (node, name) => Array.from(node.children).filter(c => c.nodeName === name);
const kidField = (f, name, attr) => (f.kids || []).find(k => k.n === name && !!k.attr === !!attr);
const elementKids = f => (f.kids || []).filter(k => !k.attr);
const list = f => (f.list ? S.model.lists[f.list] : null);

// The path of a node as the engine writes it in messages: index only among several.
function nodePath(n) {
  const parts = [];
  for (let x = n; x && x.nodeType === 1; x = x.parentNode) {
    const same = Array.from(x.parentNode.children || []).filter(s => s.nodeName === x.nodeName);
    parts.unshift(same.length > 1 ? `${x.nodeName}[${same.indexOf(x) + 1}]` : x.nodeName);
  }
  return parts.join('/');
}

// A new element with what the schema requires inside it.
function create(f) {
  const e = S.doc.createElement(f.n);
  for (const k of f.kids || []) {
    if (k.attr && k.req) e.setAttribute(k.n, k.values && k.values.length === 1 ? k.values[0] : '');
    else if (!k.attr && k.req) e.append(create(k));
  }
  return e;
}

// Inserts child where the schema puts it among parent's children.
function insertInOrder(parentField, parent, child) {
  const order = elementKids(parentField).map(k => k.n);
  const at = order.indexOf(child.nodeName);
  const before = Array.from(parent.children).find(c => order.indexOf(c.nodeName) > at);
  parent.insertBefore(child, before || null);
}

function changed(structural) {
  S.dirty = true;
  setStatus('有未保存的修改');
  if (structural) renderForm();
  scheduleCheck();
}

// ---- widgets ----

function labelOf(f) { return f.label || f.n; }

function labelCell(f) {
  return h('div', { class: 'label' }, f.no ? h('span', { class: 'no', text: f.no }) : null, labelOf(f),
    f.req && !f.attr ? h('span', { class: 'req', title: '必填', text: ' *' }) : null);
}

function row(f, path, valueKids, extraClass) {
  return h('div', { class: 'row field ' + (extraClass || ''), 'data-path': path }, labelCell(f), h('div', { class: 'value' }, valueKids));
}

function textInput(node, path, f, onchange) {
  const long = f && f.paras;
  const value = long ? kids(node, 'p').map(p => p.textContent).join('\n') : node.textContent;
  const input = h(long ? 'textarea' : 'input', { type: long ? null : 'text', 'data-input': path, placeholder: f && f.hint ? f.hint : null, title: f && f.hint ? f.hint : null });
  input.value = value;
  input.addEventListener('input', () => {
    if (long) { // one paragraph a line
      while (node.firstChild) node.removeChild(node.firstChild);
      const lines = input.value.split('\n').map(s => s.trim()).filter(Boolean);
      for (const line of lines.length ? lines : ['']) { const p = S.doc.createElement('p'); p.textContent = line; node.append(p); }
    } else node.textContent = input.value;
    (onchange || (() => changed(false)))();
  });
  return input;
}

// Options as on paper: box, code, label. Long lists become a select.
function options(l, current, name, onpick, path) {
  if (l.items.length > 12) {
    const sel = h('select', { 'data-input': path }, h('option', { value: '', text: '（请选择）' }),
      l.items.map(it => h('option', { value: it.code, text: `${it.code} ${it.label}`, selected: it.code === current })));
    sel.addEventListener('change', () => onpick(sel.value));
    return sel;
  }
  return h('div', { class: 'opts' }, l.items.map(it => {
    const input = h('input', { type: 'radio', name, value: it.code, checked: it.code === current, 'data-input': path });
    input.addEventListener('change', () => onpick(it.code));
    return h('label', { class: 'opt' }, input, h('span', { class: 'code', text: it.code }), it.label);
  }));
}

let uid = 0;
const YESNO = { yes: '是（有）', no: '否（无）' };

function attrWidget(f, node, path) {
  const cur = node.getAttribute(f.n);
  const apath = `${path}/@${f.n}`;
  const set = (v, structural) => {
    if (v === '' && !f.req) node.removeAttribute(f.n); else node.setAttribute(f.n, v);
    changed(structural);
  };
  let w;
  const l = list(f);
  if (l) w = options(l, cur, 'r' + uid++, v => set(v, true), apath);
  else if (f.values && f.values.length > 1) w = options({ items: f.values.map(v => ({ code: v, label: YESNO[v] || '' })) }, cur, 'r' + uid++, v => set(v, true), apath);
  else {
    w = h('input', { type: 'text', class: 'short', 'data-input': apath, placeholder: f.hint || '', title: f.hint || '' });
    w.value = cur || '';
    w.addEventListener('input', () => set(w.value, false));
  }
  const parts = [h('span', { text: labelOf(f) }), w];
  if (f.n === 'src') parts.push(uploadButton(node, f), cur ? h('img', { src: '/api/image?name=' + encodeURIComponent(cur), alt: cur }) : null);
  return h('div', { class: 'attr field' + (f.n === 'src' ? ' topology' : ''), 'data-path': apath }, parts);
}

function uploadButton(node, f) {
  const input = h('input', { type: 'file', accept: 'image/png,image/jpeg', 'data-input': 'upload' });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    const name = file.name.replace(/[\\/]/g, '_').replace(/^\.+/, '');
    const r = await api('POST', '/api/upload?name=' + encodeURIComponent(name), file, { 'Content-Type': file.type });
    if (r.status !== 201 && r.status !== 200) { banner(r.data.error || '上传失败'); return; }
    banner('');
    node.setAttribute(f.n, r.data.src); // the name the server used: another image may have had this one
    changed(true);
    if (r.data.renamed) setStatus(r.data.reused ? `图片与已有的“${r.data.src}”相同，直接使用；有未保存的修改`
      : `文件夹中已有另一张“${name}”，本图保存为“${r.data.src}”；有未保存的修改`);
  });
  return input;
}

// ---- fields ----

function isChoiceSet(f) { // several ticks of one list: business/type, interconnection …
  const attrs = (f.kids || []).filter(k => k.attr);
  return f.rep && f.list && elementKids(f).length === 0 && attrs.length === 1 && attrs[0].n === 'code';
}

function choiceSet(f, parent, path) {
  const l = list(f);
  for (const n of kids(parent, f.n)) if (!n.getAttribute('code')) parent.removeChild(n); // a new file's empty tick
  const have = kids(parent, f.n);
  const box = h('div', { class: 'opts' });
  const others = [];
  for (const it of l.items) {
    const node = have.find(n => n.getAttribute('code') === it.code);
    const cb = h('input', { type: 'checkbox', value: it.code, checked: !!node, 'data-input': `${path}/${f.n}` });
    cb.addEventListener('change', () => {
      if (cb.checked) { const e = S.doc.createElement(f.n); e.setAttribute('code', it.code); insertAfterSiblings(parent, f, e); }
      else if (node) parent.removeChild(node);
      changed(true);
    });
    box.append(h('label', { class: 'opt' }, cb, h('span', { class: 'code', text: it.code }), it.label));
    if (node && it.other) others.push(h('div', { class: 'other' }, `${it.label}：`, textInput(node, nodePath(node), { hint: '请写明' })));
  }
  const r = row(f, have.length ? nodePath(have[0]) : `${path}/${f.n}`, [box, others]);
  r.dataset.alias = `${path}/${f.n}`;
  return r;
}

function insertAfterSiblings(parent, pf, e) {
  const same = kids(parent, e.nodeName);
  if (same.length) same[same.length - 1].after(e);
  else insertInOrder(fieldOf(parent), parent, e);
}

// The field of an element of the document, found by walking down from the root.
function fieldOf(node) {
  const chain = [];
  for (let x = node; x && x.nodeType === 1; x = x.parentNode) chain.unshift(x.nodeName);
  let f = S.model.root;
  for (const n of chain.slice(1)) f = kidField(f, n, false);
  return f;
}

function coded(f, node, path) {
  const l = list(f);
  const cur = node.getAttribute('code');
  const item = l.items.find(it => it.code === cur);
  const parts = [options(l, cur, 'r' + uid++, v => { node.setAttribute('code', v); changed(true); }, `${path}/@code`)];
  if (item && item.other) parts.push(h('div', { class: 'other' }, `${item.label}：`, textInput(node, path, { hint: '请写明' })));
  else if (f.text && !l.items.some(it => it.other) && (f.kids || []).some(k => k.attr && k.n !== 'code'))
    parts.push(h('div', { class: 'other' }, '说明：', textInput(node, path, { hint: '标为“无”时写明原因' })));
  for (const k of f.kids || []) if (k.attr && k.n !== 'code') parts.push(attrWidget(k, node, path));
  return parts;
}

function removeButton(node, f) {
  return h('button', { type: 'button', class: 'remove', onclick: () => { node.parentNode.removeChild(node); changed(true); } }, `删除${f.rep ? '此项' : '“' + labelOf(f) + '”'}`);
}

// One element of the document.
function renderOne(f, node, removable) {
  const path = nodePath(node);
  const tools = removable ? h('div', { class: 'tools' }, removeButton(node, f)) : null;
  if (f.paras) return row(f, path, [(f.kids || []).filter(k => k.attr).map(k => attrWidget(k, node, path)), textInput(node, path, f), tools]);
  if (f.list && (f.kids || []).some(k => k.attr && k.n === 'code')) {
    const r = row(f, path, [coded(f, node, path), elementKids(f).length ? body(f, node) : null, tools]);
    r.dataset.alias = `${path}/@code`;
    return r;
  }
  const attrs = (f.kids || []).filter(k => k.attr && !(k.values && k.values.length === 1));
  if (!elementKids(f).length)
    return row(f, path, [attrs.map(k => attrWidget(k, node, path)), f.text ? textInput(node, path, f) : null, tools]);
  return row(f, path, [attrs.length ? h('div', { class: 'attrs' }, attrs.map(k => attrWidget(k, node, path))) : null, body(f, node), tools], 'group');
}

// A field under parent: present, absent (add button), repeated, or a set of ticks.
function renderField(f, parent) {
  const path = nodePath(parent);
  if (isChoiceSet(f)) return choiceSet(f, parent, path);
  let nodes = kids(parent, f.n);
  if (!nodes.length && f.req) { // required: part of the form from the start
    const e = create(f);
    insertInOrder(fieldOf(parent), parent, e);
    nodes = [e];
  }
  const out = [];
  for (const n of nodes) out.push(f.rep ? h('div', { class: 'item' }, renderOne(f, n, nodes.length > 1 || !f.req)) : renderOne(f, n, !f.req));
  if (f.rep || !nodes.length) {
    const add = h('button', { type: 'button', class: 'add', 'data-add': `${path}/${f.n}` }, `＋ ${f.rep && nodes.length ? '再添加' : '填写'}“${labelOf(f)}”`);
    add.addEventListener('click', () => { const e = create(f); if (f.rep && nodes.length) nodes[nodes.length - 1].after(e); else insertInOrder(fieldOf(parent), parent, e); changed(true); });
    if (!nodes.length) return h('div', { class: 'row field absent', 'data-path': `${path}/${f.n}` }, labelCell(f), h('div', { class: 'value' }, add));
    out.push(add);
  }
  return out;
}

function body(f, node) {
  return elementKids(f).map(k => renderField(k, node));
}

// ---- the form: 表一, then per system 表二, 表三 (with the matrix), materials, 2.0 tables ----

function matrixView(sys) {
  const m = S.model, g = kids(sys, 'grading')[0];
  if (!g) return null;
  const pick = part => { const p = kids(g, part)[0]; const o = p && kids(p, 'object')[0], d = p && kids(p, 'degree')[0]; return [o && o.getAttribute('code'), d && d.getAttribute('code')]; };
  const [bo, bd] = pick('business-info'), [so, sd] = pick('system-service');
  const cell = (o, d) => m.matrix.find(c => c.object === o && c.degree === d);
  const lv = n => { const it = n && m.lists.level.items.find(i => i.code === String(n)); return it ? it.label : '—'; };
  const b = cell(bo, bd), s = cell(so, sd);
  const overall = b && s ? Math.max(b.level, s.level) : 0;
  const table = h('table', { class: 'matrix' },
    h('tr', {}, h('th', { text: '受侵害客体 \\ 侵害程度' }), m.lists.degree.items.map(d => h('th', { text: d.label }))),
    m.lists.object.items.map(o => h('tr', {}, h('th', { text: o.label }), m.lists.degree.items.map(d => {
      const c = cell(o.code, d.code);
      const cls = [o.code === bo && d.code === bd ? 'biz' : '', o.code === so && d.code === sd ? 'svc' : ''].join(' ').trim();
      return h('td', { class: cls || null, 'data-cell': `${o.code}/${d.code}`, text: lv(c && c.level) });
    }))));
  const overallItem = overall && m.lists.level.items.find(i => i.code === String(overall));
  return h('div', { class: 'row' }, h('div', { class: 'label', text: 'GB/T 22240 定级矩阵' }), h('div', { class: 'value' }, table,
    h('div', { class: 'computed', 'data-computed': nodePath(sys) },
      '计算结果：业务信息 ', h('span', { class: 'lv', 'data-level': 'business', text: lv(b && b.level) }),
      '（黄色）；系统服务 ', h('span', { class: 'lv', 'data-level': 'service', text: lv(s && s.level) }),
      '（蓝框）；安全保护等级 ', h('span', { class: 'lv', 'data-level': 'overall', text: overallItem ? `${overallItem.label}（${overallItem.title}）` : '—' }))));
}

// Declared levels follow the matrix as soon as object and degree are chosen.
function syncLevels(sys) {
  const g = kids(sys, 'grading')[0];
  if (!g) return;
  const lvOf = part => {
    const p = kids(g, part)[0];
    const o = p && kids(p, 'object')[0], d = p && kids(p, 'degree')[0];
    const c = o && d && S.model.matrix.find(x => x.object === o.getAttribute('code') && x.degree === d.getAttribute('code'));
    if (c) { const l = kids(p, 'level')[0]; if (l && l.textContent !== String(c.level)) l.textContent = String(c.level); }
    return c ? c.level : 0;
  };
  const b = lvOf('business-info'), s = lvOf('system-service');
  const l = kids(g, 'level')[0];
  if (b && s && l && l.textContent !== String(Math.max(b, s))) l.textContent = String(Math.max(b, s));
}

// 表一11–15: the systems of this file by computed level (the unit's earlier filings are
// entered in earlier-objects).
function countsView() {
  const systems = kids(kids(S.doc.documentElement, 'systems')[0] || S.doc.documentElement, 'system');
  const per = {};
  for (const sys of systems) {
    const g = kids(sys, 'grading')[0];
    const lv = part => {
      const p = g && kids(g, part)[0], o = p && kids(p, 'object')[0], d = p && kids(p, 'degree')[0];
      const c = o && d && S.model.matrix.find(x => x.object === o.getAttribute('code') && x.degree === d.getAttribute('code'));
      return c ? c.level : 0;
    };
    const l = Math.max(lv('business-info'), lv('system-service'));
    const name = l ? S.model.lists.level.items.find(i => i.code === String(l)).label : '未定级';
    per[name] = (per[name] || 0) + 1;
  }
  const parts = Object.entries(per).map(([k, n]) => `${k} ${n} 个`).join('，');
  return h('div', { class: 'row', id: 'counts' }, h('div', { class: 'label' }, h('span', { class: 'no', text: '表一11–15' }), '信息系统数'),
    h('div', { class: 'value', 'data-counts': '', text: `本文件共 ${systems.length} 个定级对象${parts ? '：' + parts : ''}（按定级矩阵计算）` }));
}

function systemSection(sf, sys, i, total) {
  syncLevels(sys);
  const idAttr = kidField(sf, 'id', true);
  const name = (kids(sys, 'name')[0] || {}).textContent || '';
  const groups = new Map();
  for (const k of elementKids(sf)) {
    const t = k.table || '其他';
    if (!groups.has(t)) groups.set(t, []);
    groups.get(t).push(k);
  }
  const sec = h('section', { class: 'system', id: 'sys-' + i, 'data-system': i, 'data-path': nodePath(sys) },
    h('h2', {}, `定级对象 ${i}/${total}：${name || '（未命名）'}`, total > 1 ? removeButton(sys, sf) : null));
  const head = h('div', { class: 'table' }, h('h2', { text: '定级对象标识' }), attrWidget(idAttr, sys, nodePath(sys)));
  sec.append(head);
  for (const [t, fields] of groups) {
    const tb = h('div', { class: 'table', 'data-table': t }, h('h2', {}, `${t}（${i}/${total}）`, h('small', { text: tableTitle(t) })));
    for (const k of fields) {
      tb.append(...[renderField(k, sys)].flat(Infinity));
      if (k.n === 'grading') tb.append(matrixView(sys));
    }
    sec.append(tb);
  }
  return sec;
}

const TITLES = { '表二': ' 定级对象（信息系统）情况', '表三': ' 定级情况', '材料': ' 提交材料情况（2007 表四 / 2.0 表五）', '2.0 表四': ' 新技术新应用场景补充信息', '2.0 表六': ' 数据摸底调查表', '定级报告': ' 定级报告用内容', '策略报告': ' 安全策略报告用内容', '应急预案': ' 应急预案用内容' };
const tableTitle = t => TITLES[t] || '';

function renderForm() {
  const keepY = window.scrollY;
  const root = S.model.root, unit = S.doc.documentElement;
  const form = $('#form');
  form.replaceChildren();
  const t1 = h('div', { class: 'table', id: 'table-1', 'data-table': '表一' }, h('h2', {}, '表一 单位基本情况'));
  let systemsField = null;
  for (const k of elementKids(root)) {
    if (k.n === 'systems') { systemsField = k; continue; }
    t1.append(...[renderField(k, unit)].flat(Infinity));
  }
  let systems = kids(unit, 'systems')[0];
  if (!systems) { systems = create(systemsField); insertInOrder(root, unit, systems); }
  t1.append(countsView());
  form.append(t1);
  const sf = kidField(systemsField, 'system', false);
  const list = kids(systems, 'system');
  list.forEach((s, i) => form.append(systemSection(sf, s, i + 1, list.length)));
  const add = h('button', { type: 'button', class: 'add', id: 'btn-add-system' }, '＋ 添加定级对象');
  add.addEventListener('click', () => {
    const e = create(sf);
    e.setAttribute('id', 'system' + (list.length + 1));
    systems.append(e);
    changed(true);
    document.getElementById('sys-' + (list.length + 1)).scrollIntoView();
  });
  form.append(add);
  $("#toc").replaceChildren(h("a", { href: "#table-1", text: "表一 单位基本情况" }), ...
    list.map((s, i) => h('a', { href: '#sys-' + (i + 1), text: `定级对象 ${i + 1}：${(kids(s, 'name')[0] || {}).textContent || ''}` })));
  window.scrollTo(0, keepY);
  showProblems();
}

// The document as check and save get it: the text of a value and every attribute without the
// spaces typed or pasted around it (a trailing space breaks a date or a code). A copy is trimmed,
// so the field being typed in keeps what it shows. Full-width spaces are the author's and stay.
const EDGE_SPACE = /^[ \t\r\n\u00a0]+|[ \t\r\n\u00a0]+$/g;
function serialize() {
  const doc = S.doc.cloneNode(true);
  for (const e of Array.from(doc.getElementsByTagName('*'))) {
    for (const a of Array.from(e.attributes)) { const v = a.value.replace(EDGE_SPACE, ''); if (v !== a.value) a.value = v; }
    if (e.firstElementChild) continue; // element content: its own values are trimmed in turn
    const texts = Array.from(e.childNodes).filter(n => n.nodeType === Node.TEXT_NODE || n.nodeType === Node.CDATA_SECTION_NODE);
    if (!texts.length) continue;
    texts[0].data = texts[0].data.replace(/^[ \t\r\n\u00a0]+/, '');
    const last = texts[texts.length - 1];
    last.data = last.data.replace(/[ \t\r\n\u00a0]+$/, '');
  }
  return new XMLSerializer().serializeToString(doc);
}

// ---- check ----

function scheduleCheck() {
  clearTimeout(S.checkTimer);
  S.checkTimer = setTimeout(runCheck, 250);
}

async function runCheck() {
  const seq = ++S.checkSeq;
  const xml = serialize();
  const r = await api('POST', '/api/check?name=' + encodeURIComponent(S.name), xml, { 'Content-Type': 'application/xml' });
  if (seq !== S.checkSeq) return; // a newer check is on its way
  if (r.status !== 200) { banner(r.data.error || '校验失败'); return; }
  S.problems = r.data.items;
  showProblems();
  // the matrix, computed levels and counts follow every change
  const counts = $('#counts');
  if (counts) counts.replaceWith(countsView());
  document.querySelectorAll('section.system').forEach(sec => {
    const sys = kids(kids(S.doc.documentElement, 'systems')[0], 'system')[Number(sec.dataset.system) - 1];
    const old = sec.querySelector('.matrix');
    if (sys && old) { syncLevels(sys); const mv = matrixView(sys); old.closest('.row').replaceWith(mv); syncLevelInputs(sys); }
  });
}

function syncLevelInputs(sys) {
  for (const sel of ['grading/business-info/level', 'grading/system-service/level', 'grading/level']) {
    let n = sys;
    for (const part of sel.split('/')) n = n && kids(n, part)[0];
    const input = n && document.querySelector(`[data-input="${CSS.escape(nodePath(n))}"]`);
    if (input && input !== document.activeElement && input.value !== n.textContent) input.value = n.textContent;
  }
}

// The field a message belongs to: its path, the element it names as missing, or the nearest
// enclosing field shown.
function fieldFor(item) {
  const byPath = p => document.querySelector(`[data-path="${CSS.escape(p)}"]`) || document.querySelector(`[data-alias="${CSS.escape(p)}"]`);
  const miss = /缺少必需的元素 <([\w-]+)>/.exec(item.msg);
  if (miss && item.path) { const e = byPath(`${item.path}/${miss[1]}`); if (e) return e; }
  let p = item.path || '';
  while (p) {
    const e = byPath(p);
    if (e) return e;
    p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
  }
  return null;
}

function showProblems() {
  document.querySelectorAll('.msg').forEach(m => m.remove());
  document.querySelectorAll('.has-error').forEach(m => m.classList.remove('has-error'));
  const listEl = $('#problem-list');
  listEl.replaceChildren();
  const errors = S.problems.filter(p => p.severity === 'error');
  $('#problem-count').textContent = String(S.problems.length);
  $('#problem-count').classList.toggle('ok', S.problems.length === 0);
  $('#problems-ok').hidden = errors.length > 0 || !S.doc;
  for (const p of S.problems) {
    const field = fieldFor(p);
    const label = field ? (field.querySelector(':scope > .label, :scope > span, :scope > h2') || {}).textContent || '' : '';
    if (field) {
      field.classList.add('has-error');
      const m = h('div', { class: 'msg', 'data-msg-for': p.path, text: p.msg });
      if (field.matches('section')) field.querySelector(':scope > h2').after(m); // the system as a whole
      else (field.querySelector(':scope > .value') || field).append(m);
    }
    const li = h('li', { 'data-problem': p.path }, h('span', { class: 'where', text: `${p.line ? '第 ' + p.line + ' 行 · ' : ''}${label.trim() || p.path || '文件'}：` }), p.msg);
    li.addEventListener('click', () => {
      if (!field) return;
      field.scrollIntoView({ block: 'center' });
      const input = field.querySelector('input, textarea, select');
      if (input) input.focus();
    });
    listEl.append(li);
  }
}

// ---- files ----

async function showFiles() {
  $('#editor').hidden = true;
  $('#save-as').hidden = true;
  $('#start').hidden = false;
  for (const b of ['#btn-save', '#btn-save-as', '#btn-render', '#btn-files']) $(b).hidden = true;
  $('#file-name').textContent = '';
  const r = await api('GET', '/api/files');
  if (r.status !== 200) { banner(r.data.error); return; }
  $('#dir').textContent = `数据文件夹：${r.data.dir}`;
  $('#file-list').replaceChildren(...(r.data.files.length ? r.data.files.map(f => h('li', {}, f.name,
    h('button', { type: 'button', 'data-open': f.name, onclick: () => openFile(f.name) }, '打开'))) : [h('li', { text: '（文件夹中还没有 .xml 数据文件）' })]));
}

function startEditor(name, xmlText, etag, isNew) {
  const doc = new DOMParser().parseFromString(xmlText, 'application/xml');
  if (doc.querySelector('parsererror') || doc.documentElement.nodeName !== 'unit') {
    banner(`“${name}”不是单位数据文件（根元素应为 <unit>），请用 mlpsdoc check 查看`);
    return;
  }
  if (isNew) doc.querySelectorAll('system').forEach((s, i) => { if (!s.getAttribute('id')) s.setAttribute('id', 'system' + (i + 1)); });
  Object.assign(S, { doc, name, etag, isNew, dirty: isNew, problems: [] });
  banner('');
  $('#save-as').hidden = true;
  $('#start').hidden = true;
  $('#editor').hidden = false;
  for (const b of ['#btn-save', '#btn-save-as', '#btn-render', '#btn-files']) $(b).hidden = false;
  $('#file-name').textContent = name;
  setStatus(isNew ? '新文件，尚未保存' : '已打开');
  renderForm();
  runCheck();
}

async function openFile(name) {
  const r = await api('GET', '/api/file?name=' + encodeURIComponent(name));
  if (r.status !== 200) { banner(r.data.error); return; }
  startEditor(name, r.data, r.etag, false);
}

// A new file's name as typed (".xml" added), or an error message: the server's rules for a data
// file name, checked before anything is sent.
function fileName(typed) {
  let name = typed.trim();
  if (!name) return { error: '请先输入新文件的文件名' };
  if (!name.endsWith('.xml')) name += '.xml';
  if (/[\/\\\u0000-\u001f\u007f]/.test(name)) return { error: `文件名“${name}”无效：不能含“/”“\\”或控制字符` };
  if (name.startsWith('.')) return { error: `文件名“${name}”无效：不能以“.”开头` };
  if (new TextEncoder().encode(name).length > 255) return { error: '文件名过长（上限 255 字节）' };
  return { name };
}

async function newFile() {
  const { name, error } = fileName($('#new-name').value);
  if (error) { banner(error); return; }
  const r = await api('GET', '/api/skeleton');
  startEditor(name, r.data, null, true);
}

// Saves the form to the open file (If-Match: unchanged on disk since opened), or to a new file
// (asName, or a file not saved yet: If-None-Match, never over another). A new name that is
// taken, or a file changed on disk, opens 另存为 so the edits are not lost.
async function save(asName) {
  const name = asName || S.name, fresh = !!asName || S.isNew;
  const headers = { 'Content-Type': 'application/xml' };
  if (fresh) headers['If-None-Match'] = '*'; else headers['If-Match'] = S.etag;
  const r = await api('POST', '/api/save?name=' + encodeURIComponent(name), serialize(), headers);
  if (r.status !== 200) {
    banner(r.data.error || '保存失败');
    setStatus('未保存');
    if (r.status === 409) askSaveAs(fresh ? name : copyName(name));
    return false;
  }
  if (name !== S.name) $('#render').hidden = true; // its PDFs are the other file's
  Object.assign(S, { name, etag: r.data.etag, isNew: false, dirty: false });
  $('#file-name').textContent = name;
  $('#save-as').hidden = true;
  banner('');
  setStatus('已保存 ' + new Date().toLocaleTimeString('zh-CN'));
  return true;
}

const copyName = name => name.replace(/\.xml$/, '') + '-副本.xml';

function askSaveAs(suggest) {
  $('#save-as').hidden = false;
  const input = $('#save-as-name');
  input.value = suggest || copyName(S.name);
  input.focus();
  input.select();
}

async function saveAs(e) {
  e.preventDefault();
  const { name, error } = fileName($('#save-as-name').value);
  if (error) { banner(error); return; }
  await save(name);
}

async function render() {
  if ((S.dirty || S.isNew) && !(await save())) return;
  const r = await api('POST', '/api/render?name=' + encodeURIComponent(S.name));
  if (r.status !== 202) { banner(r.data.error); return; }
  const box = $('#render');
  box.hidden = false;
  $('#render-files').replaceChildren();
  $('#render-errors').replaceChildren();
  $('#render-text').textContent = '正在生成…';
  for (;;) {
    await new Promise(ok => setTimeout(ok, 300));
    const s = await api('GET', '/api/render/status?job=' + r.data.job);
    if (s.status !== 200) { banner(s.data.error); return; }
    const st = s.data;
    $('#render-progress').max = st.total || 1;
    $('#render-progress').value = st.done;
    const gone = (st.removed || []).length ? `；已删除不再生成的旧文档 ${st.removed.length} 份（${st.removed.join('、')}）` : '';
    $('#render-text').textContent = st.state === 'running' ? `正在生成 ${st.done}/${st.total || '?'}` :
      st.state === 'done' ? `已生成 ${st.files.length} 份文档${gone}` : `生成失败（已生成 ${st.files.length} 份）`;
    $('#render-files').replaceChildren(...st.files.map(f => h('li', { 'data-pdf': f.name }, f.name,
      h('button', { type: 'button', onclick: () => preview(f) }, '预览'),
      h('a', { href: f.url + '?download=1', download: f.name }, '下载'))));
    $('#render-errors').replaceChildren(...st.errors.map(e => h('li', { text: `${e.line ? '第 ' + e.line + ' 行 · ' : ''}${e.path ? e.path + '：' : ''}${e.msg}` })));
    if (st.state !== 'running') break;
  }
}

function preview(f) {
  $('#preview-name').textContent = f.name;
  $('#preview-frame').src = f.url;
  $('#preview').hidden = false;
}

async function main() {
  $('#btn-new').addEventListener('click', newFile);
  $('#btn-save').addEventListener('click', () => save());
  $('#btn-save-as').addEventListener('click', () => askSaveAs());
  $('#save-as').addEventListener('submit', saveAs);
  $('#btn-save-as-cancel').addEventListener('click', () => { $('#save-as').hidden = true; });
  $('#btn-render').addEventListener('click', render);
  $('#btn-files').addEventListener('click', () => { if (!S.dirty || confirm('有未保存的修改，仍要离开吗？')) showFiles(); });
  $('#btn-close-preview').addEventListener('click', () => { $('#preview').hidden = true; $('#preview-frame').src = 'about:blank'; });
  window.addEventListener('beforeunload', e => { if (S.dirty) { e.preventDefault(); e.returnValue = ''; } });
  const r = await api('GET', '/api/model');
  if (r.status !== 200) { banner(r.data.error || '无法读取数据模型'); return; }
  S.model = r.data;
  showFiles();
}

main();
