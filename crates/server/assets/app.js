/* tradewatch dashboard: a one-page app over the JSON API at /api/v1.
 *
 * Plain JavaScript, no build step and no framework; the only library is uPlot (vendor/).
 * The server serves index.html for every page path, and this file routes on
 * location.pathname (PAGES at the bottom) and reads its selectors from location.search.
 * Changing a selector is a plain navigation to the new query string.
 */
(function () {
  'use strict';

  // ------------------------------------------------------------------ constants

  const API = '/api/v1';

  // Okabe-Ito: distinguishable with the common forms of colour blindness.
  const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];
  const SERIES_COLOUR = '#0072B2';
  const EVENT_COLOUR = '#D55E00';

  const REPORTERS = ['CHN', 'USA', 'IND', 'JPN', 'KOR', 'DEU', 'NLD'];
  const PARTNERS = ['WLD', 'USA', 'CHN', 'DEU', 'KOR', 'JPN', 'VNM', 'IND', 'NLD', 'EUN', 'X_EUROPE',
    'MEX', 'RUS', 'THA', 'POL', 'ITA', 'FRA', 'GBR', 'TWN', 'HKG'];
  const COUNTRY_NAMES = {
    WLD: 'World', CHN: 'China', USA: 'United States', IND: 'India', JPN: 'Japan', KOR: 'South Korea',
    DEU: 'Germany', NLD: 'Netherlands', VNM: 'Vietnam', EUN: 'European Union', X_EUROPE: 'Europe',
    MEX: 'Mexico', RUS: 'Russia', THA: 'Thailand', POL: 'Poland', ITA: 'Italy', FRA: 'France',
    GBR: 'United Kingdom', TWN: 'Taiwan', HKG: 'Hong Kong',
  };
  const THE = new Set(['USA', 'NLD', 'EUN', 'GBR']);
  const FLOWS = [['export', 'Exports'], ['import', 'Imports']];
  const MEASURES = [['quantity', 'Quantity'], ['value', 'Value (USD)']];
  const UNIT_LABELS = { t: 'Tonnes (t)', kg: 'Kilograms (kg)', USD: 'US dollars (USD)', pct: 'Per cent (%)' };
  const PARTNER_PERIODS = 4;
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  // [verdict, label, symbol, meaning]: the symbol keeps the verdict readable without colour.
  const VERDICTS = [
    ['supported', 'Supported', '\u2713', 'the data give the same figure'],
    ['rounding', 'Rounding', '\u2248', 'the data agree once the rounding is allowed for'],
    ['contradicted', 'Contradicted', '\u2717', 'the data give a different figure'],
    ['unverifiable', 'Unverifiable', '?', 'nothing in the data to check it against'],
  ];

  // ------------------------------------------------------------------ formatting

  const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
  const AXIS_NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
  const PERCENT = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const TONNES = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });
  const MINUS = '\u2212';

  const fmtNumber = v => (v == null ? 'n/a' : NUMBER.format(v));
  const fmtPct = v => fmtSigned(v, '%');

  const sign = v => (v < 0 ? MINUS : v > 0 ? '+' : '');
  const fmtSigned = (v, suffix) => (v == null ? 'n/a' : sign(v) + PERCENT.format(Math.abs(v)) + suffix);

  const fmtChange = (value, unit) => (value == null ? 'n/a' : sign(value) + fmtValue(Math.abs(value), unit));

  function fmtValue(value, unit) {
    if (value == null) return 'n/a';
    if (unit === 'pct') return fmtPct(value);
    if (unit === 'pp') return fmtSigned(value, ' pp');
    if (unit === 'USD') return 'US$' + fmtNumber(value);
    return fmtNumber(value) + (unit ? ' ' + unit : '');
  }

  const humanise = code => String(code || '').replace(/_/g, ' ');
  const countryName = code => COUNTRY_NAMES[code] || code;
  const unitLabel = unit => UNIT_LABELS[unit] || unit || '';
  // "the United States", "the world": for running text.
  const countryPhrase = code => (code === 'WLD' ? 'the world' : (THE.has(code) ? 'the ' : '') + countryName(code));

  function hostOf(url) {
    try { return new URL(url).hostname.replace(/^www\./, ''); } catch (_) { return 'source'; }
  }

  // ------------------------------------------------------------------ periods and dates

  // Periods are months ("2025-09") or spans of months ("2025-01..06", "2025-11..2026-02").
  const isMonth = period => /^\d{4}-\d{2}$/.test(period);

  function monthNumber(period) {
    const [y, m] = period.split('-').map(Number);
    return y * 12 + (m - 1);
  }

  // Chart x values are Unix seconds at 00:00 UTC on the first of the month (or on the date).
  function periodToTs(period) {
    const [y, m] = period.split('-').map(Number);
    return Date.UTC(y, m - 1, 1) / 1000;
  }

  function dateToTs(date) {
    const [y, m, d] = date.split('-').map(Number);
    return Date.UTC(y, m - 1, d) / 1000;
  }

  function monthLabel(ts) {
    const d = new Date(ts * 1000);
    return MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
  }

  function fmtPeriod(period) {
    if (!period) return '';
    if (isMonth(period)) return monthLabel(periodToTs(period));
    const [from, to] = period.split('..');
    const [fy, fm] = from.split('-').map(Number);
    const [ty, tm] = to.includes('-') ? to.split('-').map(Number) : [fy, Number(to)];
    if (fy === ty) return MONTHS[fm - 1] + '\u2013' + MONTHS[tm - 1] + ' ' + fy;
    return MONTHS[fm - 1] + ' ' + fy + '\u2013' + MONTHS[tm - 1] + ' ' + ty;
  }

  // ------------------------------------------------------------------ DOM helpers

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    for (const child of children.flat()) {
      if (child == null || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function svgEl(tag, attrs) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    setAttrs(node, attrs);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (key === 'class') node.setAttribute('class', value);
      else if (key === 'text') node.textContent = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    }
  }

  // Like replaceChildren, but skips null/false children (conditional content).
  function fill(node, ...children) {
    node.replaceChildren(...children.flat().filter(c => c != null && c !== false));
  }

  function sourceLink(url, label) {
    if (!url) return null;
    return el('a', { href: url, rel: 'noopener noreferrer', class: 'source', title: url }, label || hostOf(url));
  }

  const errorBox = err => el('p', { class: 'error', role: 'alert' }, err && err.message ? err.message : String(err));
  const loading = text => el('p', { class: 'loading', role: 'status' }, text || 'Loading\u2026');

  function section(id, title, ...children) {
    return el('section', { id, class: 'panel' }, title ? el('h2', {}, title) : null, ...children);
  }

  function table(attrs, headers, rows) {
    const head = el('thead', {}, el('tr', {}, headers.map(h =>
      el('th', { scope: 'col', class: h.endsWith(' ') ? 'num' : null }, h.trim()))));
    return el('div', { class: 'table-scroll' }, el('table', attrs, head, el('tbody', {}, rows)));
  }

  const td = (content, cls) => el('td', { class: cls }, content);

  // ------------------------------------------------------------------ API and query strings

  function queryString(params) {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value != null && value !== '') q.set(key, value);
    }
    return q.toString();
  }

  // Fetches JSON; a non-2xx answer throws an Error carrying the API's `detail`.
  async function api(path, params, init) {
    const qs = params ? queryString(params) : '';
    let res;
    try {
      res = await fetch(API + path + (qs ? '?' + qs : ''), init);
    } catch (err) {
      throw new Error('The server could not be reached (' + err.message + ').');
    }
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error((body && body.detail) || 'The server answered ' + res.status + ' ' + res.statusText + '.');
    return body;
  }

  // The selectors shared by the series and brief pages, read from the query string.
  const DEFAULTS = { reporter: 'CHN', partner: 'WLD', basket: 'rare-earth-magnets', flow: 'export',
    measure: 'quantity', from: '', to: '', as_of: '', period: '' };

  function readState(params) {
    return Object.fromEntries(Object.entries(DEFAULTS).map(([key, def]) => [key, params.get(key) || def]));
  }

  function subjectParams(state) {
    const { reporter, partner, basket, flow, measure, from, to, as_of } = state;
    return { reporter, partner, basket, flow, measure, from, to, as_of };
  }

  const pageUrl = (path, state) => path + '?' + queryString(state);
  const navigate = (path, state) => location.assign(pageUrl(path, state));

  // ------------------------------------------------------------------ pickers

  function picker(id, label, options, value, onChange) {
    if (value && !options.some(o => o[0] === value)) options = options.concat([[value, value]]);
    const select = el('select', { id, name: id },
      options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)));
    select.addEventListener('change', () => onChange(select.value));
    return el('label', { class: 'field' }, el('span', {}, label), select);
  }

  function inputField(id, label, type, value, onChange, extra) {
    const input = el('input', Object.assign({ id, name: id, type, value: value || '' }, extra || {}));
    input.addEventListener('change', () => onChange(input.value));
    return el('label', { class: 'field' }, el('span', {}, label), input);
  }

  // Reporter, partner, basket, flow and measure: changing any navigates to `path` with the new value.
  function subjectPickers(path, state, baskets) {
    const change = key => value => navigate(path, Object.assign({}, state, { [key]: value, period: '' }));
    const countries = codes => codes.map(c => [c, c + ' \u2013 ' + countryName(c)]);
    return [
      picker('reporter', 'Reporter', countries(REPORTERS), state.reporter, change('reporter')),
      picker('flow', 'Flow', FLOWS, state.flow, change('flow')),
      picker('partner', 'Partner', countries(PARTNERS), state.partner, change('partner')),
      picker('basket', 'Material', baskets.map(b => [b.id, b.name])
        .concat(isCodes(state.basket) ? [[state.basket, codesName(state.basket)]] : []),
        state.basket, change('basket')),
      // Any commodity code instead of a basket: 850511, several separated by commas or
      // spaces, 8505* for every code under 8505. The API takes it as basket=code:….
      inputField('codes', 'or codes', 'text', isCodes(state.basket) ? state.basket.slice(5) : '',
        value => {
          const codes = value.trim().split(/[\s,]+/).filter(Boolean).map(c => c.replace(/\./g, '')).join(',');
          change('basket')(codes ? 'code:' + codes : DEFAULTS.basket);
        },
        { placeholder: '850511, 8505*', size: 12, spellcheck: 'false' }),
      picker('measure', 'Measure', MEASURES, state.measure, change('measure')),
    ];
  }

  const isCodes = id => typeof id === 'string' && id.startsWith('code:');
  const codesName = id => {
    const codes = id.slice(5).split(',');
    return codes.length === 1 && !codes[0].endsWith('*') ? 'code ' + codes[0] : 'codes ' + codes.join(', ');
  };
  const basketName = (baskets, id) => isCodes(id) ? codesName(id)
    : (baskets.find(b => b.id === id) || { name: humanise(id) }).name;

  function subjectTitle(state, baskets) {
    const flow = state.flow === 'import' ? 'imports from' : 'exports to';
    return countryName(state.reporter) + '\u2019s ' + flow + ' ' + countryPhrase(state.partner) + ': ' +
      basketName(baskets, state.basket) + ' (' + state.measure + ')';
  }

  // ------------------------------------------------------------------ charts

  const charts = [];

  window.addEventListener('resize', () => {
    for (const { chart, box } of charts) chart.setSize({ width: box.clientWidth, height: chart.height });
  });

  function makeChart(box, opts, data) {
    const chart = new uPlot(Object.assign({ width: Math.max(box.clientWidth, 300) }, opts), data, box);
    charts.push({ chart, box });
    return chart;
  }

  const utcDate = ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');
  const timeAxis = {
    space: 70, stroke: '#333', grid: { stroke: '#e4e4e4' },
    splits: monthSplits, values: (u, splits) => splits.map(monthLabel),
  };

  // Ticks on the first of a month, every 1, 2, 3, 6, 12... months: as often as fits 70px apart.
  function monthSplits(u, axisIdx, min, max) {
    const months = Math.max(1, (max - min) / (30.44 * 86400));
    const step = [1, 2, 3, 6, 12, 24, 60].find(s => (u.bbox.width / uPlot.pxRatio) * s / months >= 70) || 120;
    const d = new Date(min * 1000);
    let n = d.getUTCFullYear() * 12 + d.getUTCMonth();
    if (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000 < min) n++;
    n = Math.ceil(n / step) * step;
    const splits = [];
    for (let ts; (ts = Date.UTC(Math.floor(n / 12), n % 12, 1) / 1000) <= max; n += step) splits.push(ts);
    return splits;
  }

  // A y axis wide enough for its longest label, which has thousands separators.
  function valueAxis(label, format) {
    return {
      label, labelSize: 20, stroke: '#333', grid: { stroke: '#e4e4e4' },
      values: (u, splits) => splits.map(format),
      size: (u, values) => 18 + 7 * Math.max(3, ...(values || []).map(v => String(v).length)),
    };
  }

  // The data's own x range; a single month gets a quarter either side instead of years.
  const monthsAround = (u, min, max) => {
    const xs = u.data[0] || [];
    return xs.length === 1 ? [xs[0] - 92 * 86400, xs[0] + 92 * 86400] : [min, max];
  };

  // A y range from zero to a round number above the largest value.
  const rangeFromZero = (u, min, max) => [0, max > 0 ? uPlot.rangeNum(0, max, 0.1, true)[1] : 1];

  // Breaks the line where consecutive points are more than a month apart, so a missing month
  // shows as a gap rather than as an interpolated line.
  function monthGaps(periods) {
    return (u, seriesIdx, idx0, idx1, nullGaps) => {
      const gaps = nullGaps.slice();
      for (let i = idx0; i < idx1; i++) {
        if (monthNumber(periods[i + 1]) - monthNumber(periods[i]) > 1) {
          gaps.push([
            Math.round(u.valToPos(u.data[0][i], 'x', true)) + 1,
            Math.round(u.valToPos(u.data[0][i + 1], 'x', true)) - 1,
          ]);
        }
      }
      return gaps.sort((a, b) => a[0] - b[0]);
    };
  }

  const eventsInRange = (u, events) => events
    .filter(ev => dateToTs(ev.date) >= u.scales.x.min && dateToTs(ev.date) <= u.scales.x.max)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  function eventLabel(ev) {
    const [, m, d] = ev.date.split('-').map(Number);
    return humanise(ev.kind) + ' ' + d + ' ' + MONTHS[m - 1];
  }

  // Dashed vertical lines over the plot, each with a short label in the band above it. Labels
  // take the first of LABEL_ROWS rows where they do not overprint a neighbour; one that fits
  // nowhere is left out (the marker's hover text and the list below the chart still give it).
  // Lines are drawn first and labels over them on a white ground, so both stay legible.
  const LABEL_ROWS = 3;
  const LABEL_ROW_HEIGHT = 13;

  function drawEvents(u, events) {
    const ctx = u.ctx;
    const pr = uPlot.pxRatio;
    const gap = 3 * pr;
    const { top, height } = u.bbox;
    const rowEnds = new Array(LABEL_ROWS).fill(-Infinity);
    const labels = [];
    ctx.save();
    ctx.strokeStyle = ctx.fillStyle = EVENT_COLOUR;
    ctx.lineWidth = 1.5 * pr;
    ctx.font = (11 * pr) + 'px system-ui, -apple-system, "Segoe UI", sans-serif';
    ctx.textBaseline = 'bottom';
    for (const ev of eventsInRange(u, events)) {
      const x = Math.round(u.valToPos(dateToTs(ev.date), 'x', true));
      const text = eventLabel(ev);
      const w = ctx.measureText(text).width;
      const from = x + gap + w > ctx.canvas.width ? x - gap - w : x + gap;
      const row = rowEnds.findIndex(end => from >= end + 2 * gap);
      const y = top - (4 + Math.max(row, 0) * LABEL_ROW_HEIGHT) * pr;
      ctx.setLineDash([5 * pr, 4 * pr]);
      line(ctx, x, top + height, top);
      if (row < 0) continue;
      rowEnds[row] = from + w;
      ctx.setLineDash([]);
      line(ctx, x, top, y - 10 * pr);
      labels.push([text, from, y, w]);
    }
    for (const [text, from, y, w] of labels) {
      ctx.fillStyle = '#fff';
      ctx.fillRect(from - 1 * pr, y - 11 * pr, w + 2 * pr, 11 * pr);
      ctx.fillStyle = EVENT_COLOUR;
      ctx.textAlign = 'left';
      ctx.fillText(text, from, y);
    }
    ctx.restore();
  }

  function line(ctx, x, y0, y1) {
    ctx.beginPath();
    ctx.moveTo(x, y0);
    ctx.lineTo(x, y1);
    ctx.stroke();
  }

  function placeEventMarkers(u, events) {
    u.over.querySelectorAll('.event-marker').forEach(node => node.remove());
    for (const ev of eventsInRange(u, events)) {
      u.over.append(el('div', {
        class: 'event-marker',
        dataset: { date: ev.date },
        title: ev.date + ': ' + ev.description,
        style: 'left:' + u.valToPos(dateToTs(ev.date), 'x') + 'px',
      }));
    }
  }

  // Marks the selected period with a light band behind the line.
  function drawSelection(u, ts) {
    if (ts == null || ts < u.scales.x.min || ts > u.scales.x.max) return;
    u.ctx.fillStyle = 'rgba(0, 114, 178, 0.12)';
    u.ctx.fillRect(u.valToPos(ts, 'x', true) - 6 * uPlot.pxRatio, u.bbox.top, 12 * uPlot.pxRatio, u.bbox.height);
  }

  function tooltipText(p) {
    return [p.period, p.display, 'm/m ' + fmtPct(p.mom), 'y/y ' + fmtPct(p.yoy),
      [p.source, p.release].filter(Boolean).join(', ')].join(' \u00b7 ');
  }

  function showTooltip(u, tooltip, points) {
    const i = u.cursor.idx;
    if (i == null || u.cursor.left == null || u.cursor.left < 0) {
      tooltip.hidden = true;
      return;
    }
    tooltip.textContent = tooltipText(points[i]);
    tooltip.hidden = false;
    const x = u.valToPos(u.data[0][i], 'x');
    const y = u.valToPos(u.data[1][i], 'y');
    const flip = x > u.over.clientWidth / 2;
    tooltip.style.left = flip ? '' : (x + 12) + 'px';
    tooltip.style.right = flip ? (u.over.clientWidth - x + 12) + 'px' : '';
    tooltip.style.top = Math.max(0, y - 36) + 'px';
  }

  // The main series chart. `view.onSelect(period)` is called when a point is clicked.
  function seriesChart(box, series, events, view) {
    const points = series.points;
    const periods = points.map(p => p.period);
    const data = [periods.map(periodToTs), points.map(p => p.value)];
    const tooltip = el('div', { id: 'tooltip', hidden: true });
    const chart = makeChart(box, {
      height: 360,
      padding: [LABEL_ROWS * LABEL_ROW_HEIGHT + 10, 28, 0, 0],
      tzDate: utcDate,
      legend: { show: false },
      cursor: { points: { size: 11 }, drag: { x: false, y: false, setScale: false } },
      scales: { x: { time: true, range: monthsAround }, y: { range: rangeFromZero } },
      axes: [timeAxis, valueAxis(unitLabel(series.unit), v => AXIS_NUMBER.format(v))],
      series: [{}, {
        label: unitLabel(series.unit), stroke: SERIES_COLOUR, width: 2,
        points: { show: true, size: 7, fill: SERIES_COLOUR }, gaps: monthGaps(periods),
      }],
      hooks: {
        drawClear: [u => drawSelection(u, view.selectedTs())],
        draw: [u => drawEvents(u, events), u => placeEventMarkers(u, events)],
        setCursor: [u => showTooltip(u, tooltip, points)],
      },
    }, data);
    chart.over.append(tooltip);
    chart.over.addEventListener('click', () => {
      if (chart.cursor.idx != null) view.onSelect(points[chart.cursor.idx].period);
    });
    return chart;
  }

  function sparkline(spark) {
    const w = 120, h = 28, pad = 3;
    const values = (spark || []).map(s => s.value);
    const known = values.filter(v => v != null);
    const svg = svgEl('svg', {
      class: 'spark', width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'img',
      'aria-label': known.length ? 'trend over ' + values.length + ' months, from ' + fmtNumber(known[0]) +
        ' to ' + fmtNumber(known[known.length - 1]) : 'no monthly figures',
    });
    if (!known.length) return svg;
    const max = Math.max(...known), min = Math.min(0, ...known);
    const x = i => pad + (values.length > 1 ? i * (w - 2 * pad) / (values.length - 1) : (w - 2 * pad) / 2);
    const y = v => h - pad - (max > min ? (v - min) / (max - min) : 0.5) * (h - 2 * pad);
    let run = [];
    const flush = () => {
      if (run.length > 1) svg.append(svgEl('polyline', { points: run.join(' '), fill: 'none', stroke: SERIES_COLOUR, 'stroke-width': 1.5 }));
      run = [];
    };
    values.forEach((v, i) => (v == null ? flush() : run.push(x(i).toFixed(1) + ',' + y(v).toFixed(1))));
    flush();
    const last = values.length - 1 - [...values].reverse().findIndex(v => v != null);
    svg.append(svgEl('circle', { cx: x(last).toFixed(1), cy: y(values[last]).toFixed(1), r: 2.5, fill: SERIES_COLOUR }));
    return svg;
  }

  // ------------------------------------------------------------------ page: overview

  async function pageOverview(main) {
    main.append(
      el('h1', {}, 'Critical materials: China\u2019s exports to the world'),
      el('p', { class: 'lede' }, 'The latest month for each material in the store, with the change on the month ' +
        'before (m/m) and on the same month a year earlier (y/y). Choose a material for its series, ' +
        'partners and facts.'));
    const status = main.appendChild(loading());
    const baskets = await api('/baskets');
    status.remove();
    const rows = baskets.map(b => {
      const latest = b.latest;
      return el('tr', { dataset: { basket: b.id } },
        el('th', { scope: 'row' }, el('a', { href: pageUrl('/series', { basket: b.id, partner: 'WLD' }) }, b.name)),
        td(latest ? fmtPeriod(latest.period) : 'no data'),
        td(latest ? latest.display : '', 'num'),
        td(latest ? fmtPct(latest.mom) : '', 'num'),
        td(latest ? fmtPct(latest.yoy) : '', 'num'),
        td(sparkline(b.spark), 'spark-cell'),
        td(latest ? sourceLink(latest.citation) : ''));
    });
    main.append(table({ id: 'baskets', class: 'data' },
      ['Material', 'Latest month', 'Level ', 'm/m ', 'y/y ', 'Trend', 'Source'], rows));
  }

  // ------------------------------------------------------------------ page: series

  async function pageSeries(main, params) {
    const state = readState(params);
    const form = el('form', { class: 'pickers', onsubmit: e => e.preventDefault() });
    const title = el('h1', {}, 'Series');
    const chartBox = el('div', { id: 'chart', class: 'chart' });
    const chartStatus = el('div', {}, loading());
    const periodInput = el('input', { id: 'period', name: 'period', type: 'month' });
    const eventsList = el('ul', { id: 'events', class: 'events' });
    const partnersBox = section('partners', 'Destinations');
    const factsBox = el('div', { class: 'facts-box' });
    const figure = el('figure', { class: 'chart-figure' }, chartBox,
      el('figcaption', {}, 'Monthly levels. Hover a point for its figures; click it to see its facts. ' +
        'Dashed lines mark policy events; gaps are months with no figure in the data.'));
    const factsSection = section('facts-section', null,
      el('div', { class: 'facts-head' }, el('h2', { id: 'facts-title' }, 'Facts'),
        el('label', { class: 'field inline' }, el('span', {}, 'Period'), periodInput)),
      factsBox);
    main.append(title, form, chartStatus, figure, section('events-section', 'Policy events', eventsList),
      el('div', { id: 'spans' }), factsSection, partnersBox);

    const [baskets, releases] = await Promise.all([
      api('/baskets').catch(err => { form.append(errorBox(err)); return []; }),
      api('/releases').catch(() => []),
    ]);
    form.append(...subjectPickers('/series', state, baskets), ...asOfPickers(state, releases));
    title.textContent = subjectTitle(state, baskets);
    document.title = title.textContent + ' \u00b7 tradewatch';

    const [series, events] = await Promise.all([
      api('/series', subjectParams(state)).catch(err => err),
      api('/events', { basket: state.basket }).catch(() => []),
    ]);
    renderEventList(eventsList, events);
    loadPartners(partnersBox, state);
    if (series instanceof Error || !series.points.length) {
      figure.hidden = factsSection.hidden = true;
      chartStatus.replaceChildren(series instanceof Error ? errorBox(series)
        : el('p', { class: 'notice' }, 'There are no monthly figures for this selection.'));
      return;
    }
    chartStatus.replaceChildren();
    // A code subject: the labels its rows carry, under the title.
    const labels = Object.entries(series.labels || {});
    if (labels.length) {
      title.after(el('p', { id: 'code-labels', class: 'notice' },
        labels.map(([code, label]) => code + ' \u2013 ' + label).join('; ')));
    }
    window.twPoints = series.points;
    renderSpans(document.getElementById('spans'), series.spans || []);
    chartBox.after(dataTable(series.points));

    const latest = series.points[series.points.length - 1].period;
    let selected = state.period || latest;
    const view = {
      selectedTs: () => (selected ? periodToTs(selected) : null),
      onSelect: period => select(period),
    };
    window.twChart = seriesChart(chartBox, series, events, view);

    function select(period) {
      if (!/^\d{4}-\d{2}$/.test(period)) return;
      selected = period;
      periodInput.value = period;
      const url = new URL(location.href);
      url.searchParams.set('period', period);
      history.replaceState(null, '', url);
      window.twChart.redraw(false);
      document.getElementById('facts-title').textContent = 'Facts for ' + fmtPeriod(period);
      loadFacts(factsBox, state, period);
    }
    periodInput.min = series.points[0].period;
    periodInput.max = latest;
    periodInput.addEventListener('change', () => select(periodInput.value));
    select(selected);
  }

  // The "as of" date and a release picker that fills it with the release's ingestion date.
  function asOfPickers(state, releases) {
    const go = asOf => navigate('/series', Object.assign({}, state, { as_of: asOf, period: '' }));
    const options = [['', 'All releases']].concat(releases.map(r => {
      const date = (r.ingested_at || '').slice(0, 10);
      return [date, 'Release ' + r.seq + ': ' + r.id + ' (' + date + ')'];
    }));
    const fields = [inputField('as_of', 'As of', 'date', state.as_of, go)];
    if (releases.length) fields.push(picker('release', 'Release', options, state.as_of, go));
    return fields;
  }

  function renderEventList(list, events) {
    if (!events.length) {
      list.replaceWith(el('p', { id: 'events', class: 'muted' }, 'No policy events recorded for this material.'));
      return;
    }
    list.replaceChildren(...events.map(ev => el('li', { dataset: { date: ev.date } },
      el('time', { datetime: ev.date }, ev.date), ' \u2014 ', ev.description,
      ' (' + humanise(ev.kind) + (ev.actor ? ', ' + ev.actor : '') + ') ',
      sourceLink(ev.source_url, 'source'))));
  }

  function renderSpans(box, spans) {
    if (!spans.length) return;
    box.replaceWith(section('spans', 'Totals over several months (as published)', table({ class: 'data' },
      ['Period', 'Level ', 'Source'],
      spans.map(s => el('tr', {}, td(fmtPeriod(s.period) + ' (' + s.period + ')'), td(s.display, 'num'),
        td([s.source + ', ' + s.release + ' ', sourceLink(s.citation)]))))));
  }

  function dataTable(points) {
    return el('details', { class: 'data-table' }, el('summary', {}, 'Data table'), table({ class: 'data' },
      ['Period', 'Level ', 'm/m ', 'y/y ', 'Release', 'Source'],
      points.map(p => el('tr', {}, td(p.period), td(p.display, 'num'), td(fmtPct(p.mom), 'num'),
        td(fmtPct(p.yoy), 'num'), td(p.source + ', ' + p.release),
        td([sourceLink(p.citation), p.published ? ' (' + p.published + ')' : ''])))));
  }

  // ------------------------------------------------------------------ series: destinations

  async function loadPartners(box, state) {
    const status = box.appendChild(loading());
    let data;
    try {
      const { reporter, basket, flow, measure, from, to, as_of } = state;
      data = await api('/partners', { reporter, basket, flow, measure, from, to, as_of });
    } catch (err) {
      status.replaceWith(errorBox(err));
      return;
    }
    status.remove();
    // The last few periods for which the data hold any partner's figure.
    const cols = data.periods.map((_, i) => i).filter(i => data.partners.some(p => p.values[i] != null)).slice(-PARTNER_PERIODS);
    if (!cols.length) {
      box.append(el('p', { class: 'muted' }, 'No partner breakdown in the data for this selection.'));
      return;
    }
    const link = code => el('a', { href: pageUrl('/series', Object.assign({}, state, { partner: code, period: '' })) },
      countryName(code));
    const cell = (value, share) => td(value == null ? '\u2014' : [fmtValue(value, data.unit),
      el('div', { class: 'share' }, share == null ? '' : PERCENT.format(share) + '%')], 'num');
    const rows = [el('tr', { class: 'world' }, el('th', { scope: 'row' }, link('WLD')),
      cols.map(i => cell(data.world[i], data.world[i] == null ? null : 100)))];
    for (const p of data.partners) {
      if (cols.every(i => p.values[i] == null)) continue;
      rows.push(el('tr', { dataset: { partner: p.code } }, el('th', { scope: 'row' }, link(p.code)),
        cols.map(i => cell(p.values[i], p.shares[i]))));
    }
    box.append(el('p', { class: 'muted' }, 'Level and share of the world total in the latest months with a breakdown; ' +
      'partners with no figure in the data are not shown, so the shares need not add up to 100%.'),
      table({ class: 'data', id: 'partners-table' }, ['Partner'].concat(cols.map(i => fmtPeriod(data.periods[i]) + ' ')), rows),
      sharesChart(data));
  }

  function sharesChart(data) {
    const top = data.partners.filter(p => p.shares.some(s => s != null)).slice(0, PALETTE.length);
    const wrap = el('figure', { class: 'chart-figure' });
    if (!top.length || data.periods.length < 2) return wrap;
    const box = wrap.appendChild(el('div', { class: 'chart', id: 'shares-chart' }));
    wrap.append(el('figcaption', {}, 'Share of the world total, per cent.'));
    // The box must be in the document to have a width: build the chart once it is attached.
    requestAnimationFrame(() => makeChart(box, {
      height: 260,
      tzDate: utcDate,
      cursor: { drag: { x: false, y: false, setScale: false } },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.min(100, Math.ceil(((max || 10) * 1.1) / 10) * 10)] } },
      axes: [timeAxis, valueAxis('Share of world (%)', v => AXIS_NUMBER.format(v) + '%')],
      series: [{ label: 'Month', value: (u, ts) => (ts == null ? '\u2014' : monthLabel(ts)) }].concat(top.map((p, i) => ({
        label: countryName(p.code),
        stroke: PALETTE[i],
        width: 2,
        dash: i >= 4 ? [6, 3] : undefined,
        points: { show: true, size: 5, fill: PALETTE[i] },
        value: (u, v) => (v == null ? '\u2014' : PERCENT.format(v) + '%'),
        gaps: monthGaps(data.periods),
      }))),
    }, [data.periods.map(periodToTs)].concat(top.map(p => p.shares))));
    return wrap;
  }

  // ------------------------------------------------------------------ series: facts

  let factsRequest = 0;

  async function loadFacts(box, state, period) {
    const request = ++factsRequest;
    box.replaceChildren(loading());
    let data;
    try {
      const { reporter, partner, basket, flow, measure, as_of } = state;
      data = await api('/facts', { reporter, partner, basket, flow, measure, period, as_of });
    } catch (err) {
      data = err;
    }
    if (request !== factsRequest) return; // a later selection has taken over
    if (data instanceof Error) {
      box.replaceChildren(errorBox(data));
      return;
    }
    const rows = data.facts.map(f => el('tr', { dataset: { kind: f.kind } },
      el('th', { scope: 'row' }, humanise(f.kind)),
      td(f.display, 'figure'),
      td([f.method, f.note ? el('div', { class: 'note' }, f.note) : null]),
      td(provenanceList(f.provenance || []))));
    fill(box,
      el('p', { class: 'muted' }, el('a', { href: pageUrl('/brief', Object.assign({}, state, { period })) },
        'Read the brief for ' + fmtPeriod(period) + ' \u2192')),
      rows.length ? table({ id: 'facts', class: 'data facts' }, ['Fact', 'Figure', 'Method and notes', 'Sources'], rows)
        : el('p', { class: 'muted' }, 'No facts for ' + fmtPeriod(period) + '.'));
  }

  function provenanceList(provenance) {
    const seen = new Set();
    const items = [];
    for (const p of provenance) {
      const key = p.citation + '|' + p.period + '|' + p.line;
      if (seen.has(key)) continue;
      seen.add(key);
      // The store keeps quantities in kilograms; the page speaks in tonnes.
      const value = p.unit === 'kg' ? TONNES.format(p.value / 1000) + ' t' : fmtValue(p.value, p.unit);
      items.push(el('li', {}, sourceLink(p.citation), ' ', p.period + ': ' + value,
        el('span', { class: 'muted' }, ' (' + p.source + ', ' + p.release + (p.line != null ? ', line ' + p.line : '') + ')')));
    }
    return el('ul', { class: 'provenance' }, items);
  }

  // ------------------------------------------------------------------ page: brief

  async function pageBrief(main, params) {
    const state = readState(params);
    const form = el('form', { class: 'pickers', onsubmit: e => e.preventDefault() });
    const article = el('article', { id: 'brief', class: 'brief' }, loading());
    main.append(el('h1', {}, 'Brief'), form, article);
    const baskets = await api('/baskets').catch(err => { form.append(errorBox(err)); return []; });
    const go = period => navigate('/brief', Object.assign({}, state, { period }));
    form.append(...subjectPickers('/brief', state, baskets), inputField('period', 'Period', 'month', state.period, go));
    document.title = 'Brief \u00b7 ' + subjectTitle(state, baskets) + ' \u00b7 tradewatch';

    try {
      let period = state.period;
      if (!period) {
        const series = await api('/series', subjectParams(state));
        if (!series.points.length) throw new Error('There are no monthly figures for this selection, so there is no brief.');
        period = series.points[series.points.length - 1].period;
        document.getElementById('period').value = period;
      }
      const { reporter, partner, basket, flow, measure } = state;
      const brief = await api('/brief', { reporter, partner, basket, flow, measure, period });
      // The html is rendered by our own server from our own data.
      article.innerHTML = brief.html;
      article.after(
        el('p', { class: 'muted' }, el('a', { href: pageUrl('/series', Object.assign({}, state, { period })) },
          '\u2190 The series and all facts for ' + fmtPeriod(period))),
        el('details', { class: 'markdown' }, el('summary', {}, 'Markdown'), el('pre', {}, brief.markdown)));
    } catch (err) {
      article.replaceChildren(errorBox(err));
    }
  }

  // ------------------------------------------------------------------ page: check an article

  function pageCheck(main) {
    document.title = 'Check an article \u00b7 tradewatch';
    const textarea = el('textarea', { id: 'article', name: 'article', rows: 14, required: true,
      placeholder: 'Paste the text of a news story about trade in critical materials\u2026' });
    const published = el('input', { id: 'published', name: 'published', type: 'date' });
    const button = el('button', { id: 'check', type: 'submit' }, 'Check');
    const status = el('div', { class: 'check-status', role: 'status' });
    const result = el('div', { id: 'result', class: 'result' });
    const detail = el('aside', { id: 'claim-detail', 'aria-live': 'polite' },
      el('p', { class: 'muted' }, 'Hover, focus or click a highlighted claim to see how it was checked.'));
    const form = el('form', { class: 'check-form' },
      el('label', { class: 'field block' }, el('span', {}, 'Article text'), textarea),
      el('div', { class: 'row' },
        el('label', { class: 'field' }, el('span', {}, 'Published on (resolves \u201clast month\u201d)'), published),
        button),
      status);
    main.append(el('h1', {}, 'Check an article'),
      el('p', { class: 'lede' }, 'Every figure the checker finds is compared with the data; each verdict ' +
        'shows the figure claimed, the figure computed and the rows it rests on.'),
      form, el('div', { class: 'check-grid' }, el('div', {}, result), detail));

    form.addEventListener('submit', async e => {
      e.preventDefault();
      const text = textarea.value;
      if (!text.trim()) {
        status.replaceChildren(el('p', { class: 'error' }, 'Paste an article first.'));
        return;
      }
      button.disabled = true;
      status.replaceChildren(loading('Checking\u2026'));
      try {
        const resp = await api('/verify', {}, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ text, published: published.value || null }),
        });
        status.replaceChildren();
        renderCheck(result, detail, text, resp);
      } catch (err) {
        status.replaceChildren(errorBox(err));
      } finally {
        button.disabled = false;
      }
    });
  }

  // Claims carry UTF-8 byte offsets: map every code-point boundary's byte offset to its
  // JavaScript (UTF-16) string index.
  function byteToIndex(text) {
    const map = new Map();
    let bytes = 0, index = 0;
    for (const ch of text) {
      map.set(bytes, index);
      const cp = ch.codePointAt(0);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      index += ch.length;
    }
    map.set(bytes, index);
    return b => (map.has(b) ? map.get(b) : null);
  }

  // Where each claim sits in `text`; null when its offsets do not match its text.
  function locateClaims(text, claims) {
    const toIndex = byteToIndex(text);
    return claims.map((claim, n) => {
      let from = toIndex(claim.start), to = toIndex(claim.end);
      if (from == null || to == null || text.slice(from, to) !== claim.text) {
        // Fall back to the nearest occurrence of the claim's own text.
        const near = from == null ? 0 : from;
        const after = text.indexOf(claim.text, near), before = text.lastIndexOf(claim.text, near);
        const found = after < 0 ? before : before < 0 ? after : (after - near <= near - before ? after : before);
        from = found < 0 || !claim.text ? null : found;
        to = from == null ? null : from + claim.text.length;
      }
      return { claim, n, from, to };
    });
  }

  // Overlapping claims: the earlier (and, at the same start, the longer) one is highlighted;
  // the others are still listed below the text.
  function highlightable(located) {
    const sorted = located.filter(c => c.from != null).sort((a, b) => a.from - b.from || b.to - a.to);
    const kept = [];
    let end = 0;
    for (const c of sorted) {
      if (c.from >= end) {
        kept.push(c);
        end = c.to;
      }
    }
    return kept;
  }

  function verdictInfo(verdict) {
    return VERDICTS.find(v => v[0] === verdict) || [verdict, humanise(verdict), '?', ''];
  }

  function renderCheck(result, detail, text, resp) {
    const located = locateClaims(text, resp.claims || []);
    const show = c => renderClaimDetail(detail, c.claim);
    const bind = (node, c) => {
      for (const type of ['mouseenter', 'focus', 'click']) node.addEventListener(type, () => show(c));
      return node;
    };
    const body = el('div', { class: 'article-text' });
    let pos = 0;
    for (const c of highlightable(located)) {
      body.append(text.slice(pos, c.from));
      const [verdict, label] = verdictInfo(c.claim.verdict);
      body.append(bind(el('mark', { class: 'claim', tabindex: 0, title: label + ': ' + (c.claim.reason || ''),
        dataset: { verdict, kind: c.claim.kind, claim: c.n } }, text.slice(c.from, c.to)), c));
      pos = c.to;
    }
    body.append(text.slice(pos));

    const s = resp.summary || {};
    const summary = el('p', { id: 'summary' }, VERDICTS.map(([v, label, symbol]) =>
      el('span', { class: 'badge', dataset: { verdict: v } }, symbol + ' ' + (s[v] || 0) + ' ' + label.toLowerCase())));
    const list = el('ol', { id: 'claims', class: 'claims' }, located.map(c => {
      const [verdict, label, symbol] = verdictInfo(c.claim.verdict);
      return bind(el('li', { tabindex: 0, dataset: { verdict } },
        el('span', { class: 'badge', dataset: { verdict } }, symbol + ' ' + label), ' \u201c' + c.claim.text + '\u201d \u2014 ',
        c.claim.reason || '', c.from == null ? el('span', { class: 'muted' }, ' (not found in the text)') : null), c);
    }));
    fill(result, summary, legend(),
      resp.published ? el('p', { class: 'muted' }, 'Read as published on ' + resp.published + '.') : null,
      located.length ? null : el('p', { class: 'muted' }, 'No figures about trade in the data were found in this text.'),
      body, located.length ? el('h2', {}, 'Claims') : null, list);
  }

  function legend() {
    return el('ul', { class: 'legend', 'aria-label': 'Verdicts' }, VERDICTS.map(([v, label, symbol, meaning]) =>
      el('li', {}, el('span', { class: 'badge', dataset: { verdict: v } }, symbol + ' ' + label), ' ' + meaning)));
  }

  function renderClaimDetail(detail, claim) {
    const [verdict, label, symbol] = verdictInfo(claim.verdict);
    const subj = claim.subject || {};
    const subject = [subj.reporter && subj.partner ? subj.reporter + ' \u2192 ' + subj.partner : subj.reporter,
      humanise(subj.basket), subj.flow, subj.period].filter(Boolean).join(', ');
    const claimed = claim.claimed ? fmtValue(claim.claimed.value, claim.claimed.unit) +
      (claim.claimed.qualifier && claim.claimed.qualifier !== 'exact' ? ' (' + humanise(claim.claimed.qualifier) + ')' : '') : 'n/a';
    const computed = claim.computed ? fmtValue(claim.computed.value, claim.computed.unit) : 'nothing to compare';
    const row = (term, value) => [el('dt', {}, term), el('dd', {}, value)];
    fill(detail,
      el('h2', {}, el('span', { class: 'badge', dataset: { verdict } }, symbol + ' ' + label)),
      el('blockquote', {}, '\u201c' + claim.text + '\u201d'),
      el('dl', {}, row('Kind', humanise(claim.kind)), row('Subject', subject || 'n/a'), row('Claimed', claimed),
        row('Computed', computed), row('Why', claim.reason || '')),
      (claim.evidence || []).length ? el('h3', {}, 'Evidence') : null,
      el('ul', { class: 'provenance' }, (claim.evidence || []).map(ev => el('li', {},
        (ev.period || '') + ': ' + fmtValue(ev.value, ev.unit) + ' ',
        el('span', { class: 'muted' }, '(' + [ev.source, ev.release].filter(Boolean).join(', ') + ') '),
        sourceLink(ev.citation)))));
  }

  // ------------------------------------------------------------------ page: releases

  async function pageReleases(main, params) {
    document.title = 'Releases \u00b7 tradewatch';
    main.append(el('h1', {}, 'Releases'),
      el('p', { class: 'lede' }, 'Every file ingested is kept as a release (a vintage); a revised figure never ' +
        'overwrites the old one. Choose a release to see what it revised and what it added.'));
    const status = main.appendChild(loading());
    const releases = await api('/releases');
    status.remove();
    const diff = el('div', { id: 'diff' });
    const open = id => {
      for (const tr of main.querySelectorAll('tr[data-release]')) tr.classList.toggle('selected', tr.dataset.release === id);
      const url = new URL(location.href);
      url.searchParams.set('release', id);
      history.replaceState(null, '', url);
      showDiff(diff, id);
    };
    const rows = releases.map(r => {
      const tr = el('tr', { dataset: { release: r.id }, tabindex: 0, class: 'clickable' },
        td(String(r.seq), 'num'), el('th', { scope: 'row' }, r.id), td(r.source), td(r.format), td(r.file_name),
        td(r.published || '\u2014'), td((r.ingested_at || '').replace('T', ' ').replace(/\.\d+/, '')),
        td(fmtNumber(r.rows_in_store), 'num'), td(el('code', { title: r.sha256 }, (r.sha256 || '').slice(0, 12))));
      tr.addEventListener('click', () => open(r.id));
      tr.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(r.id); } });
      return tr;
    });
    main.append(table({ id: 'releases', class: 'data' },
      ['Seq ', 'Release', 'Source', 'Format', 'File', 'Published', 'Ingested (UTC)', 'Rows in store ', 'SHA-256'], rows), diff);
    const wanted = params.get('release');
    if (wanted) open(wanted);
  }

  async function showDiff(box, id) {
    box.replaceChildren(loading());
    let d;
    try {
      d = await api('/diff', { release: id });
    } catch (err) {
      box.replaceChildren(errorBox(err));
      return;
    }
    const series = r => [r.reporter, '\u2192', r.partner, r.flow, r.code + (r.classification ? ' (' + r.classification + ')' : '')].join(' ');
    const revised = (d.revised || []).map(r => el('tr', {}, td(series(r)), td(r.period), td(r.measure),
      td(fmtValue(r.old, r.unit), 'num'), td(fmtValue(r.new, r.unit), 'num'), td(fmtChange(r.change, r.unit), 'num'),
      td(fmtPct(r.change_pct), 'num'), td(r.old_release || ''), td(sourceLink(r.citation))));
    const added = (d.added || []).map(r => el('tr', {}, td(series(r)), td(r.period), td(r.measure),
      td(fmtValue(r.new, r.unit), 'num'), td(sourceLink(r.citation))));
    fill(box,
      el('h2', {}, 'Release ' + d.release + (d.base ? ' compared with ' + d.base : ' compared with everything earlier')),
      el('p', {}, fmtNumber(revised.length) + ' revised \u00b7 ' + fmtNumber(added.length) + ' added \u00b7 ' +
        fmtNumber(d.unchanged || 0) + ' unchanged'),
      el('h3', {}, 'Revised'),
      revised.length ? table({ class: 'data', id: 'revised' }, ['Series', 'Period', 'Measure', 'Old ', 'New ', 'Change ',
        'Change % ', 'Old release', 'Source'], revised) : el('p', { class: 'muted' }, 'Nothing revised.'),
      el('h3', {}, 'Added'),
      added.length ? table({ class: 'data', id: 'added' }, ['Series', 'Period', 'Measure', 'Value ', 'Source'], added)
        : el('p', { class: 'muted' }, 'Nothing added.'));
  }

  // ------------------------------------------------------------------ page: alerts

  async function pageAlerts(main, params) {
    document.title = 'Alerts \u00b7 tradewatch';
    main.append(el('h1', {}, 'Alerts'),
      el('p', { class: 'lede' }, 'What the alert rules fired after each release, newest first. Each alert keeps ' +
        'its fingerprint for good and names the rows behind it. Also as an ',
        el('a', { href: '/api/v1/alerts.atom' }, 'Atom feed'), '.'));
    const status = main.appendChild(loading());
    const query = {};
    if (params.get('rule')) query.rule = params.get('rule');
    if (params.get('kind')) query.kind = params.get('kind');
    const alerts = await api('/alerts', query);
    status.remove();
    if (!alerts.length) {
      main.append(el('p', { class: 'muted', id: 'no-alerts' },
        'No alert has fired. Rules live in alerts.toml in the data directory (tradewatch alerts init writes an example); ' +
        'they are evaluated after every ingest.'));
      return;
    }
    const sources = a => {
      const rows = [];
      for (const f of a.facts || []) for (const p of f.provenance || []) rows.push(p);
      if (a.revision) rows.push(...(a.revision.old_provenance || []), ...(a.revision.new_provenance || []));
      const seen = new Set();
      return rows.filter(p => { const k = p.release + ':' + p.line; if (seen.has(k)) return false; seen.add(k); return true; })
        .map(p => el('div', {}, p.period + ' ', el('span', { class: 'muted' }, '(' + p.source + ', ' + p.release + ') '),
          sourceLink(p.citation)));
    };
    const rows = alerts.map(a => el('tr', { dataset: { alert: a.id, kind: a.kind } },
      td((a.fired_at || '').replace('T', ' ').replace(/\.\d+.*$/, '')),
      el('th', { scope: 'row' }, a.rule),
      td(a.kind), td(a.period),
      td([el('div', {}, el('strong', {}, a.display)), el('div', { class: 'muted' }, a.title)]),
      td(sources(a)),
      td(el('code', { title: a.id }, a.id))));
    main.append(table({ id: 'alerts', class: 'data' },
      ['Fired (UTC)', 'Rule', 'Kind', 'Period', 'Alert', 'Sources', 'Fingerprint'], rows));
  }

  // ------------------------------------------------------------------ router

  const PAGES = {
    '/': ['overview', pageOverview],
    '/series': ['series', pageSeries],
    '/brief': ['brief', pageBrief],
    '/check': ['check', pageCheck],
    '/releases': ['releases', pageReleases],
    '/alerts': ['alerts', pageAlerts],
  };

  function route() {
    const main = document.getElementById('main');
    const path = location.pathname.replace(/\/+$/, '') || '/';
    const page = PAGES[path];
    if (!page) {
      main.append(errorBox(new Error('There is no page at ' + path + '.')));
      return;
    }
    for (const a of document.querySelectorAll('nav a[data-page]')) {
      if (a.dataset.page === page[0]) a.setAttribute('aria-current', 'page');
    }
    Promise.resolve()
      .then(() => page[1](main, new URLSearchParams(location.search)))
      .catch(err => {
        main.querySelectorAll('.loading').forEach(node => node.remove());
        main.append(errorBox(err));
      });
  }

  route();
})();
