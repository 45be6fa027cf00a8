// The playground page: controls, the WebSocket to chainrule, and what to redraw.
// No mathematics here: every number comes from the server.
"use strict";
const $ = id => document.getElementById(id);
const S = {settings: null, layout: null, sizes: null, frame: null, history: [], points: null,
           sample: null, walk: null, fwd: -1, bwd: -1, playing: false, inspect: null};
const LRS = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 1, 3, 10];
const RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const FEATURES = [["x1", "x₁"], ["x2", "x₂"], ["x1^2", "x₁²"], ["x2^2", "x₂²"], ["x1x2", "x₁x₂"],
                  ["sin_x1", "sin x₁"], ["sin_x2", "sin x₂"]];
const GROUPS = ["data", "features", "layers", "hyper", "train", "explain", "export", "edit"];

// ---- the connection: one request at a time, answered in order ---------------------------
let ws, nextId = 1; const waiting = new Map();
function request(msg) {
  return new Promise(resolve => {
    msg.id = nextId++; waiting.set(msg.id, resolve); ws.send(JSON.stringify(msg));
  });
}
function showError(text) { const e = $("error"); e.textContent = text; e.hidden = !text; }
async function ask(msg) {
  const reply = await request(msg);
  if (reply.type === "error") { showError(reply.message); S.playing = false; setPlay(); return null; }
  showError("");
  if (reply.type === "state") applyState(reply);
  else if (reply.type === "frame") applyFrame(reply);
  return reply;
}

function connect() {
  ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
  ws.onmessage = ev => {
    const reply = JSON.parse(ev.data); const done = waiting.get(reply.id);
    if (done) { waiting.delete(reply.id); done(reply); } else if (reply.type === "error") showError(reply.message);
  };
  ws.onclose = () => { S.playing = false; showError("the connection to chainrule closed; reload the page"); };
  ws.onopen = async () => {
    let wanted = null;
    if (location.hash.length > 1) {
      try { wanted = JSON.parse(decodeURIComponent(location.hash.slice(1))); } catch (e) { wanted = null; }
    }
    const reply = await ask({op: "config", settings: wanted || {}});
    if (!reply && wanted) await ask({op: "config", settings: {}});
    if (S.settings) applyHide(S.settings.hide);
    document.body.dataset.ready = "1";
  };
}

// ---- settings <-> controls <-> URL --------------------------------------------------------
function fillSelect(el, values) { el.innerHTML = values.map(v => `<option value="${v}">${v}</option>`).join(""); }
// The activation and loss menus: what the server offers (the rule table, explain's losses).
function fillChoices(choices) {
  ["activation", "loss"].forEach(id => {
    if ($(id).options.length) return;
    $(id).innerHTML = choices[id].map(([v, label, title]) =>
      `<option value="${escapeHtml(v)}" title="${escapeHtml(title)}">${escapeHtml(label)}</option>`).join("");
  });
}
function settingsFromControls() {
  const s = Object.assign({}, S.settings);
  delete s.edits; delete s.data;            // kept by the server where the change allows
  s.preset = $("preset").value; s.dataset = $("dataset").value;
  s.lr = Number($("lr").value); s.activation = $("activation").value; s.loss = $("loss").value;
  s.reg = $("reg").value; s.reg_rate = Number($("reg-rate").value);
  s.noise = Number($("noise").value); s.ratio = Number($("ratio").value);
  s.batch = Number($("batch").value); s.classes = Number($("classes").value);
  s.points = Number($("points").value);
  s.features = FEATURES.map(f => f[0]).filter(f => $("f-" + f) && $("f-" + f).checked);
  return s;
}
function controlsFromSettings(s) {
  $("preset").value = s.preset; $("dataset").value = s.dataset; $("lr").value = String(s.lr);
  if ($("lr").value !== String(s.lr)) { $("lr").insertAdjacentHTML("beforeend", `<option>${s.lr}</option>`); $("lr").value = String(s.lr); }
  $("activation").value = s.activation; $("loss").value = s.loss; $("reg").value = s.reg;
  $("reg-rate").value = String(s.reg_rate); $("noise").value = s.noise; $("ratio").value = s.ratio;
  $("batch").value = s.batch; $("classes").value = s.classes; $("points").value = s.points;
  $("noise-out").textContent = s.noise; $("ratio-out").textContent = s.ratio + "%";
  $("batch-out").textContent = s.batch;
  $("features").innerHTML = FEATURES.map(([f, l]) =>
    `<label><input type="checkbox" id="f-${f}" ${s.features.includes(f) ? "checked" : ""}> ${l}</label>`).join("");
  FEATURES.forEach(([f]) => $("f-" + f).addEventListener("change", reconfigure));
  const paint = $("paint-class"); const k = S.points ? Math.max(S.points.classes, 2) : 2;
  paint.innerHTML = Array.from({length: k}, (_, i) => `<option>${i}</option>`).join("");
}
function writeUrl() {
  history.replaceState(null, "", "#" + encodeURIComponent(JSON.stringify(S.settings)));
  $("share-url").value = location.href;
}
function applyHide(hide) {
  document.querySelectorAll("[data-group]").forEach(el =>
    el.classList.toggle("hidden-by-link", hide.includes(el.dataset.group)));
  if (S.layout) { buildNetwork(); updateNetwork(); }  // the network's column changed width
}
async function reconfigure(extra) {
  const s = Object.assign(settingsFromControls(), extra && extra.preventDefault ? {} : extra || {});
  S.playing = false; setPlay();
  await ask({op: "config", settings: s});
}

// ---- state and frames ---------------------------------------------------------------------
function applyState(st) {
  S.settings = st.settings; S.layout = st.layout; S.sizes = st.sizes; S.history = st.history;
  S.points = st.points || null; S.sample = st.sample || null; S.inputs = st.inputs || null;
  S.grid = st.grid; S.walk = null; S.fwd = S.bwd = -1; $("apply-status").textContent = "";
  fillChoices(st.choices); controlsFromSettings(st.settings); writeUrl(); buildNetwork(); buildNeuronButtons();
  $("sample").max = S.points ? S.points.n_train : 1;  // numbered from 1, as the CLI numbers them
  if (Number($("sample").value) > Number($("sample").max)) $("sample").value = 1;
  $("preset-note").hidden = !S.sample; $("pic-wrap").hidden = !!S.sample;
  $("preset-note").textContent = S.sample ? `Preset: one sample, inputs [${S.sample.inputs.map(fmt).join(", ")}], targets [${S.sample.targets.map(fmt).join(", ")}].` : "";
  $("iterate").hidden = !S.sample;
  ["data-col", "features", "neuron-buttons", "add-layer", "remove-layer"].forEach(id => { $(id).style.visibility = S.sample ? "hidden" : ""; });
  ["lr", "activation", "loss", "reg", "reg-rate"].forEach(id => { $(id).parentElement.style.display = S.sample ? "none" : ""; });
  if (S.sample) $("preset-note").textContent += ` η = ${fmt(st.learning_rate)}, loss ${st.loss_kind}, activations ${st.activations.join(", ")}` +
    (st.layout.frozen.length ? `; frozen: ${st.layout.frozen.join(", ")}.` : ".");
  $("colour-legend").hidden = !!S.sample;
  if (!S.sample) colourLegend();
  applyFrame(st.frame, true);
  drawPoints();
  if ($("show-grads").checked || S.sample) loadWalk();
}
// What the heatmap's colours mean: the output a = P(class 1), a regression output clipped to
// ±1, or (softmax) each class's confidence in its own colour.
function colourLegend() {
  const outs = S.sizes[S.sizes.length - 1], classes = outs > 1 ? outs : 0;
  const labels = classes ? [[0, "0"], [0.5, "0.5"], [1, "1"]]
    : S.points.classes ? [[0, "0 (class 0)"], [0.5, "0.5"], [1, "1 (class 1)"]] : [[0, "−1"], [0.5, "0"], [1, "1"]];
  drawColourBar($("colour-bar"), $("colour-ticks"), classes, labels);
  $("colour-caption").textContent = classes ? `winning class confidence; a row per class 0 … ${classes - 1}`
    : S.points.classes ? "output a = P(class 1)" : "output (clipped to −1 … 1)";
}
function applyFrame(f, fromState) {
  S.frame = f; S.changed = null;
  if (f.settings) { S.settings = f.settings; writeUrl(); }   // a hand-set value: into the link
  if (!fromState) {    // a training request sends the points along its way, others one point
    S.history.push(...(f.history || [[f.epoch, ...f.loss]]));
    if (S.history.length > 2000) S.history = S.history.filter((_, i, a) => i % 2 === 0 || i === a.length - 1);
  }
  $("epoch").textContent = f.epoch; $("iterations").textContent = f.iterations;
  $("train-loss").textContent = fmt(f.loss[0]); $("test-loss").textContent = fmt(f.loss[1]);
  $("acc-wrap").hidden = !f.accuracy;
  if (f.accuracy) { $("train-acc").textContent = pct(f.accuracy[0]); $("test-acc").textContent = pct(f.accuracy[1]); }
  if (f.heat) paintGrid($("heatmap"), S.grid, b64bytes(f.heat), f.heat_class ? b64bytes(f.heat_class) : null, $("discretize").checked);
  drawLossChart($("loss-chart"), S.history);
  updateNetwork();
  if (fromState || !S.paramCells) fillParams(); else updateParamValues();
}
// During training only the value column changes: update those cells, keep the table.
function updateParamValues() {
  S.paramCells.forEach(([cell, k, j, i]) => {
    cell.textContent = fmt(i === null ? S.frame.biases[k][j] : S.frame.weights[k][j][i]);
  });
}
const pct = v => v === null ? "–" : (100 * v).toFixed(1) + "%";

// ---- the output picture and points ---------------------------------------------------------
function drawPoints() {
  const g = $("points-layer"); g.innerHTML = "";
  if (!S.points) return;
  const {X, y, n_train, classes} = S.points, showTest = $("show-test").checked;
  X.forEach((p, i) => {
    const test = i >= n_train; if (test && !showTest) return;
    const c = classes ? CLASS_COLOURS[y[i] % CLASS_COLOURS.length] : colourMap((Math.max(-1, Math.min(1, y[i])) + 1) / 2, null);
    svgEl("circle", {cx: p[0], cy: -p[1], r: 0.15, fill: `rgb(${c.map(Math.round).join(",")})`,
                     // outlined in white (as in TensorFlow Playground) so a point stays visible on a
                     // trained heatmap of its own colour (0.06: 1.5 px, where a 1 px ring blurred into the
                     // heatmap); test points in black
                     class: test ? "pt test" : "pt", stroke: test ? "#000" : "#fff",
                     "stroke-width": test ? 0.05 : 0.06}, g);
  });
  if (S.walk && S.walk.sample < n_train) {            // the sample being stepped through
    const p = X[S.walk.sample];
    svgEl("circle", {id: "chosen", cx: p[0], cy: -p[1], r: 0.3, fill: "none", stroke: "#d62728", "stroke-width": 0.08}, g);
  }
}
function pointerXY(ev) {
  const r = $("points-layer").getBoundingClientRect();
  return {x: (ev.clientX - r.left) / r.width * 12 - 6, y: 6 - (ev.clientY - r.top) / r.height * 12};
}

// "apply update": one step on the chosen sample, then say what it did to the sample's E.
async function applyUpdate() {
  if (!S.walk) await loadWalk(); if (!S.walk) return;
  const before = S.walk.loss, sample = S.walk.sample + 1;
  $("apply-status").textContent = "";
  if (!await ask({op: "apply"})) return;
  await loadWalk(); if (!S.walk) return;
  $("apply-status").textContent = `update applied: loss on sample ${sample} ${fmt3(before)} → ${fmt3(S.walk.loss)}`;
}
const fmt3 = v => v === null || v === undefined ? "–" : Number(v.toPrecision(3)).toString();

// ---- play ---------------------------------------------------------------------------------
function setPlay() { $("play").textContent = S.playing ? "❚❚ pause" : "▶ play"; $("play").classList.toggle("on", S.playing); }
async function playLoop() {
  while (S.playing) {
    const f = await ask({op: "train", unit: "epoch"});
    if (!f) break;
    if ($("show-grads").checked) S.walk = null;
    await new Promise(r => requestAnimationFrame(r));
  }
}

// ---- wiring -------------------------------------------------------------------------------
function wire() {
  fillSelect($("lr"), LRS); fillSelect($("reg-rate"), RATES);
  $("hide-boxes").innerHTML = GROUPS.map(g => `<label><input type="checkbox" data-hide="${g}"> ${g}</label>`).join(" ");
  document.querySelectorAll("[data-hide]").forEach(b => b.addEventListener("change", () => {
    S.settings.hide = [...document.querySelectorAll("[data-hide]:checked")].map(x => x.dataset.hide); writeUrl();
  }));
  ["preset", "dataset", "lr", "activation", "loss", "reg", "reg-rate", "classes", "points"].forEach(id =>
    $(id).addEventListener("change", reconfigure));
  ["noise", "ratio", "batch"].forEach(id => $(id).addEventListener("change", reconfigure));
  ["noise", "ratio", "batch"].forEach(id => $(id).addEventListener("input", () =>
    $(id + "-out").textContent = $(id).value + (id === "ratio" ? "%" : "")));
  $("add-layer").addEventListener("click", () => reconfigure({hidden: S.settings.hidden.length < 6 ? [...S.settings.hidden, 2] : S.settings.hidden}));
  $("remove-layer").addEventListener("click", () => reconfigure({hidden: S.settings.hidden.slice(0, -1)}));
  $("play").addEventListener("click", () => { S.playing = !S.playing; setPlay(); if (S.playing) playLoop(); });
  ["batch", "epoch"].forEach(unit => $("step-" + unit).addEventListener("click", async () => {
    const before = S.frame;
    if (!await ask({op: "train", unit})) return;
    if (S.walk) await loadWalk();
    markChanges(before, unit);
  }));
  $("reset").addEventListener("click", () => { S.playing = false; setPlay(); ask({op: "reset"}); });
  $("rewind").addEventListener("click", () => { S.playing = false; setPlay(); ask({op: "rewind"}); });
  $("regenerate").addEventListener("click", () => ask({op: "regenerate"}));
  $("show-test").addEventListener("change", drawPoints);
  $("discretize").addEventListener("change", () => applyFrame(S.frame, true));
  $("show-grads").addEventListener("change", () => $("show-grads").checked ? loadWalk() : updateNetwork());
  $("sample").addEventListener("change", loadWalk);
  $("fwd").addEventListener("click", stepForward);
  $("bwd").addEventListener("click", stepBackward);
  $("apply-step").addEventListener("click", applyUpdate);
  $("iterate").addEventListener("click", async () => {
    if (await ask({op: "train", unit: "batch", count: 10000})) { await loadWalk(); $("walk-status").textContent = `after ${S.frame.iterations} iterations E = ${fmt(S.frame.loss[0])}`; }
  });
  $("check-btn").addEventListener("click", async () => {
    if (!S.walk) await loadWalk();
    const r = await request({op: "check", key: $("check-key").value, value: $("check-value").value});
    const v = $("verdict");
    if (r.type === "error") { v.className = "wrong"; v.textContent = r.message; return; }
    v.className = r.verdict;
    v.textContent = `${r.verdict}` + (r.ok ? "" : ` — the value is ${fmt(r.true)}`) + (r.hint ? `. Hint: ${r.hint}` : "");
  });
  $("points-layer").addEventListener("click", ev => {
    if (!S.points || S.settings.hide.includes("edit")) return;
    const p = pointerXY(ev);
    if (ev.shiftKey) ask({op: "remove_point", x: p.x, y: p.y});
    else ask({op: "add_point", x: p.x, y: p.y, label: S.points.classes ? Number($("paint-class").value) : 1});
  });
  $("csv").addEventListener("change", async () => {
    const file = $("csv").files[0]; if (!file) return;
    await ask({op: "load_csv", text: await file.text()}); $("csv").value = "";
  });
  document.querySelectorAll("[data-export]").forEach(b => b.addEventListener("click", async () => {
    const r = await ask({op: "export", what: b.dataset.export}); if (!r) return;
    const blob = r.base64 ? new Blob([b64bytes(r.base64)], {type: "application/octet-stream"}) : new Blob([r.text], {type: "text/plain"});
    download(r.filename, blob);
  }));
  $("export-svg").addEventListener("click", () => download("network.svg", new Blob([pictureSvg()], {type: "image/svg+xml"})));
  $("export-png").addEventListener("click", exportPng);
  window.addEventListener("hashchange", () => {     // a link edited or pasted in this tab
    let wanted; try { wanted = JSON.parse(decodeURIComponent(location.hash.slice(1))); } catch (e) { return; }
    S.playing = false; setPlay();
    ask({op: "config", settings: wanted}).then(() => applyHide(S.settings.hide));
  });
  window.addEventListener("resize", () => { if (S.layout) { buildNetwork(); updateNetwork(); } });
  connect();
}
document.addEventListener("DOMContentLoaded", wire);
