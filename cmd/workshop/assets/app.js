// opsim workshop page. Plain JavaScript, no library: the server does the
// statistics and draws the charts (SVG), the page lays them out and keeps
// the state in its link.
"use strict";

const $ = (sel) => document.querySelector(sel);
// One id per open page: the server runs one thing per client at a time,
// and a new change cancels what is in flight.
const client = Math.random().toString(36).slice(2) + Date.now().toString(36);

const page = {
  scenarios: [],
  cur: null,      // the scenario shown
  sets: {},       // lever path -> value as --set takes it, for moved levers
  seed: 0,
  reps: 0,
  point: null,    // EventSource of the point run
  grow: null,     // EventSource of the grow
  growShown: false,
};

function query(extra) {
  const q = new URLSearchParams();
  q.set("scenario", page.cur.id);
  for (const l of page.cur.levers) {
    if (l.path in page.sets) q.append("set", l.path + "=" + page.sets[l.path]);
  }
  q.set("seed", String(page.seed));
  q.set("reps", String(page.reps));
  for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
  return q;
}

function showProblem(msg) {
  const p = $("#problem");
  p.textContent = msg;
  p.hidden = !msg;
}

// ---- levers ----

function leverValue(l) { return l.path in page.sets ? page.sets[l.path] : l.value; }

// rateNumber reads "0.3/week" as 0.3.
function rateNumber(v) { return parseFloat(String(v).split("/")[0]); }

function renderLevers() {
  const form = $("#levers");
  form.textContent = "";
  $("#scenario-title").textContent = page.cur.title;
  for (const l of page.cur.levers) {
    const div = document.createElement("div");
    div.className = "lever" + (l.path in page.sets ? " moved" : "");
    div.title = l.help;
    const label = document.createElement("label");
    const name = document.createElement("span");
    name.textContent = l.label;
    const out = document.createElement("output");
    label.append(name, out);
    div.append(label);
    let input;
    const v = leverValue(l);
    if (l.kind === "choice") {
      input = document.createElement("select");
      for (const o of l.options) {
        const opt = document.createElement("option");
        opt.value = opt.textContent = o;
        input.append(opt);
      }
      input.value = v;
    } else if (l.kind === "bool") {
      input = document.createElement("input");
      input.type = "checkbox";
      input.checked = v === "true";
    } else if (l.kind === "text") {
      input = document.createElement("input");
      input.type = "text";
      input.value = v;
    } else {
      input = document.createElement("input");
      input.type = "range";
      input.min = l.min; input.max = l.max; input.step = l.step;
      input.value = l.kind === "rate" ? rateNumber(v) : v;
      const range = document.createElement("div");
      range.className = "range";
      range.textContent = l.min + " to " + l.max;
      div.append(input, range);
    }
    input.name = l.path;
    input.dataset.path = l.path;
    if (!input.parentNode) div.append(input);
    const show = () => { out.textContent = l.kind === "bool" ? (input.checked ? "yes" : "no") : shown(l, input.value); };
    show();
    input.addEventListener("input", show);
    input.addEventListener("change", () => {
      let val = l.kind === "bool" ? String(input.checked) : input.value;
      if (l.kind === "rate") val = val + "/week";
      if (val === l.value) delete page.sets[l.path]; else page.sets[l.path] = val;
      div.classList.toggle("moved", l.path in page.sets);
      changed();
    });
    form.append(div);
  }
}

function shown(l, v) {
  if (l.kind === "rate") return v + " /wk";
  return v;
}

// ---- runs ----

function changed() {
  history.replaceState(null, "", "?" + query().toString());
  updateExports();
  if (page.grow || page.growShown) markGrowStale();
  runPoint();
}

// updateExports points the export links at what is on screen: the point
// run, or the grown organisation once a grow is done.
function updateExports(grown) {
  const q = query(grown ? { grow: "1" } : {});
  $("#export-toml").href = "/api/export/scenario.toml?" + q;
  $("#export-csv").href = "/api/export/results.csv?" + q;
}

function setStatus(el, state, text, frac) {
  el.dataset.state = state;
  const t = el.querySelector(".text");
  (t || el).textContent = text;
  const fill = el.querySelector(".fill");
  if (fill && frac !== undefined) fill.style.width = Math.round(100 * frac) + "%";
}

function stream(path, extra, handlers) {
  const es = new EventSource(path + "?" + query(Object.assign({ client }, extra)));
  for (const [name, fn] of Object.entries(handlers)) {
    es.addEventListener(name, (e) => fn(JSON.parse(e.data)));
  }
  es.onerror = () => { if (es.readyState !== EventSource.CLOSED) { es.close(); handlers.lost && handlers.lost(); } };
  return es;
}

function runPoint() {
  if (page.point) page.point.close();
  if (page.grow) { page.grow.close(); page.grow = null; setGrowStatus("idle", "stopped: a lever moved"); }
  showProblem("");
  const status = $("#status");
  const q = query().toString();
  $("#point").dataset.query = q;
  setStatus(status, "running", "running…", 0);
  const es = stream("/api/run", {}, {
    queued: (d) => setStatus(status, "queued", "waiting for a free run (" + d.running + " running for the room)…", 0),
    progress: (d) => renderPoint(d, q),
    done: (d) => {
      es.close(); renderPoint(d, q);
      if (page.pendingGrow) { page.pendingGrow = false; runGrow(); }
    },
    problem: (d) => { es.close(); page.pendingGrow = false; showProblem(d.error); setStatus(status, "problem", "not run: see the message above", 0); },
    lost: () => setStatus(status, "problem", "the connection to opsim serve was lost; is it still running?", 0),
  });
  page.point = es;
}

function renderPoint(d, q) {
  const status = $("#status");
  let reps = d.repsDone + " of " + d.reps + " replications per design";
  if (d.reps < page.cur.scenarioReps) reps += " (fewer than the scenario's " + page.cur.scenarioReps + ": wider intervals, sooner)";
  const text = d.kind === "done" ? reps + " · done in " + d.seconds.toFixed(1) + " s" : reps + " · " + d.seconds.toFixed(1) + " s";
  status.dataset.query = q;
  setStatus(status, d.kind === "done" ? "done" : "running", text, d.total ? d.done / d.total : 1);
  renderCallouts($("#callouts"), d);
  if (d.tables && d.tables.length) renderTable($("#table"), d.tables[0]);
  const fig = $("#chart");
  fig.textContent = "";
  for (const c of d.charts || []) fig.append(chartNode(c));
  renderCommand($("#command"), d);
}

function renderCallouts(el, d) {
  el.textContent = "";
  for (const h of d.headline || []) {
    const p = document.createElement("p");
    p.innerHTML = h; // escaped by the server (analysis.MarkedHTML)
    el.append(p);
  }
  for (const w of d.warnings || []) {
    const p = document.createElement("p");
    p.className = "warning";
    p.textContent = w;
    el.append(p);
  }
}

function renderTable(table, t) {
  table.textContent = "";
  const head = table.createTHead().insertRow();
  const th = document.createElement("th");
  th.textContent = t.title || "measure";
  head.append(th);
  for (const d of t.designs) {
    const c = document.createElement("th");
    c.textContent = d;
    if (d === t.baseline) { c.className = "baseline"; c.title = "the baseline: changes are against it, paired replication by replication"; }
    head.append(c);
  }
  const body = table.createTBody();
  for (const r of t.rows) {
    const tr = body.insertRow();
    tr.dataset.metric = r.metric;
    const l = tr.insertCell();
    l.textContent = r.label;
    r.cells.forEach((c, i) => {
      const td = tr.insertCell();
      td.textContent = c.text;
      td.dataset.design = t.designs[i];
      td.dataset.mean = c.mean === null ? "" : String(c.mean);
      td.className = c.hidden ? "hidden" : (c.verdict || "");
    });
  }
  const foot = table.createTFoot().insertRow().insertCell();
  foot.colSpan = t.designs.length + 1;
  foot.style.textAlign = "left";
  foot.style.whiteSpace = "normal";
  foot.textContent = "mean ± 95% CI half-width; (%) the paired change against " + t.baseline + "; ns: not distinguishable." +
    (t.verdicts && t.verdicts.length ? " " + t.verdicts.join(" ") : "");
}

function chartNode(c) {
  const div = document.createElement("div");
  div.className = "chart";
  div.dataset.name = c.name;
  div.innerHTML = c.svg; // drawn by the server (gonum/plot)
  const cap = document.createElement("details");
  const sum = document.createElement("summary");
  sum.textContent = "How to read this chart";
  cap.append(sum, c.caption);
  div.append(cap);
  // A click enlarges a chart for the back of the room; another puts it back.
  div.title = "click to enlarge";
  div.addEventListener("click", (e) => { if (!e.target.closest("details")) div.classList.toggle("zoom"); });
  return div;
}

function renderCommand(el, d) {
  el.textContent = "";
  if (!d.command) return;
  el.append(d.export ? "Export the scenario, then the same numbers: " : "The same numbers in a terminal: ");
  const code = document.createElement("code");
  code.textContent = d.command;
  el.append(code);
}

// ---- grow ----

function renderSteps(steps, breaks) {
  const el = $("#steps");
  el.textContent = "";
  const broken = new Set((breaks || []).map((b) => b.teams));
  for (const s of steps) {
    const sp = document.createElement("span");
    sp.textContent = s.teams;
    sp.className = broken.has(String(s.teams)) ? "broken" : (s.done ? "done" : "");
    el.append(sp);
  }
}

function setGrowStatus(state, text) {
  const el = $("#grow-status");
  el.dataset.state = state;
  el.textContent = text;
}

function markGrowStale() {
  $("#growchart").classList.add("stale");
  $("#breaks").classList.add("stale");
  setGrowStatus("stale", "the levers moved: press Grow again");
}

function runGrow() {
  if (page.point) {
    page.point.close(); page.point = null;
    if ($("#status").dataset.state !== "done") setStatus($("#status"), "stopped", "stopped: growing the organisation instead", 0);
  }
  if (page.grow) page.grow.close();
  showProblem("");
  page.growShown = true;
  $("#grow-hint").hidden = true;
  $("#growchart").classList.remove("stale");
  $("#breaks").classList.remove("stale");
  $("#growchart").textContent = "";
  $("#growchart").dataset.stepsDone = "0";
  $("#breaks").textContent = "";
  $("#sweep").textContent = "";
  renderSteps(page.cur.grow.map((n) => ({ teams: n, done: false })), []);
  setGrowStatus("running", "growing…");
  history.replaceState(null, "", "?" + query({ grow: "1" }).toString());
  const es = stream("/api/grow", {}, {
    queued: (d) => setGrowStatus("queued", "waiting for a free run (" + d.running + " running)…"),
    progress: (d) => renderGrow(d),
    done: (d) => { es.close(); page.grow = null; renderGrow(d); updateExports(true); },
    problem: (d) => { es.close(); page.grow = null; showProblem(d.error); setGrowStatus("problem", "not run"); },
    lost: () => setGrowStatus("problem", "the connection to opsim serve was lost"),
  });
  page.grow = es;
}

function renderGrow(d) {
  const done = (d.steps || []).filter((s) => s.done).length;
  renderSteps(d.steps || [], d.breaks);
  const at = done ? "up to " + d.steps[done - 1].teams + " teams" : "first size";
  setGrowStatus(d.kind === "done" ? "done" : "running",
    (d.kind === "done" ? "done: " : "running " + at + ": ") + d.done + " of " + d.total + " runs, " + d.seconds.toFixed(1) + " s");
  if (!d.headline && !d.charts) return; // progress between sizes
  const fig = $("#growchart");
  fig.dataset.stepsDone = String(done);
  fig.textContent = "";
  for (const c of d.charts || []) fig.append(chartNode(c));
  const sweep = $("#sweep");
  sweep.innerHTML = d.sweep || ""; // escaped by the server (analysis.MarkedHTML)
  const ul = $("#breaks");
  ul.textContent = "";
  for (const b of d.breaks || []) {
    const li = document.createElement("li");
    const s = document.createElement("strong");
    s.textContent = b.design;
    li.append(s, " breaks: " + b.why + ".");
    ul.append(li);
  }
  if (d.kind === "done" && !(d.breaks || []).length) {
    const li = document.createElement("li");
    li.textContent = "No design breaks by the report's rule over these sizes.";
    ul.append(li);
  }
  if (d.breakRule) ul.title = d.breakRule;
  renderCommand($("#grow-command"), d);
}

// ---- start ----

function chooseScenario(id, fromLink) {
  page.cur = page.scenarios.find((s) => s.id === id) || page.scenarios[0];
  $("#scenario").value = page.cur.id;
  page.sets = {};
  page.seed = page.cur.seed;
  page.reps = page.cur.reps;
  if (fromLink) {
    const q = new URLSearchParams(location.search);
    for (const s of q.getAll("set")) {
      const i = s.indexOf("=");
      if (i > 0) page.sets[s.slice(0, i)] = s.slice(i + 1);
    }
    if (q.get("seed") !== null) page.seed = q.get("seed");
    if (q.get("reps") !== null) page.reps = q.get("reps");
  }
  $("#seed").value = page.seed;
  $("#reps").value = page.reps;
  $("#reps").max = page.cur.maxReps;
  $("#reps").title = "Replications per design (the scenario's: " + page.cur.scenarioReps + "; at most " + page.cur.maxReps + " here)";
  renderLevers();
  renderSteps(page.cur.grow.map((n) => ({ teams: n, done: false })), []);
  $("#growchart").textContent = "";
  $("#breaks").textContent = "";
  $("#sweep").textContent = "";
  $("#grow-command").textContent = "";
  setGrowStatus("idle", "");
  $("#grow-hint").hidden = false;
  page.growShown = false;
}

async function start() {
  const r = await fetch("/api/scenarios");
  page.scenarios = await r.json();
  const sel = $("#scenario");
  for (const s of page.scenarios) {
    const o = document.createElement("option");
    o.value = s.id;
    o.textContent = s.name + " (" + s.designs.join(" vs ") + ")";
    sel.append(o);
  }
  const q = new URLSearchParams(location.search);
  const wanted = q.get("scenario");
  chooseScenario(wanted || page.scenarios[0].id, true);
  if (wanted && page.cur.id !== wanted) {
    // A link naming a scenario this page does not offer: run it as asked
    // so that the server says what is wrong.
    page.cur = Object.assign({}, page.cur, { id: wanted });
  }
  sel.addEventListener("change", () => { chooseScenario(sel.value, false); changed(); });
  $("#seed").addEventListener("change", (e) => { page.seed = e.target.value; changed(); });
  $("#reps").addEventListener("change", (e) => { page.reps = e.target.value; changed(); });
  $("#reset").addEventListener("click", () => { page.sets = {}; renderLevers(); changed(); });
  $("#play").addEventListener("click", runGrow);
  $("#link").addEventListener("click", async () => {
    const url = location.href;
    try { await navigator.clipboard.writeText(url); $("#link").textContent = "Link copied"; } catch (e) { prompt("The link to this page:", url); }
    setTimeout(() => { $("#link").textContent = "Copy link"; }, 2000);
  });
  updateExports();
  page.pendingGrow = q.get("grow") === "1";
  runPoint();
}

start().catch((e) => showProblem("The page could not start: " + e));
