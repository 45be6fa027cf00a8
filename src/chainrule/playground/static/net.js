// The network picture: edges and neuron boxes (thumbnails), what changed in a step, and the
// numbers on the nodes. Numbers come from the server; the state S is app.js's.
"use strict";

function paramName(k, j, i) { return S.layout.layers[k].weights[j][i]; }
// Values and δs are on (a band is reserved under each neuron for them) while a sample is
// being stepped through or shown.
function numbersOn() { return !!(S.walk || S.sample || $("show-grads").checked); }
function buildNetwork() {
  const svg = $("net"), wrap = $("net-wrap");
  const W = wrap.getBoundingClientRect().width || 600;
  svg.innerHTML = ""; $("nodes").innerHTML = ""; S.numbersOn = numbersOn();
  const {xs, labelW} = netColumns(S.sizes.length, W), made = [];
  S.nodes = {};
  S.sizes.forEach((n, c) => { for (let j = 0; j < n; j++) {
    const el = document.createElement("div"); el.className = "nd";
    const name = c === 0 ? S.layout.inputs[j] : S.layout.layers[c - 1].outs[j];
    el.innerHTML = `<canvas class="thumb"></canvas><span class="lab"></span>` +
      `<div class="band"><span class="val"></span><span class="dlt"></span></div>`;
    el.style.setProperty("--label-w", labelW + "px");
    el.querySelector(".lab").textContent = name; el.dataset.name = name; el.id = `node-${c}-${j}`;
    if (c > 0) el.addEventListener("click", () => inspectNeuron(c - 1, j));
    $("nodes").appendChild(el); S.nodes[`${c}-${j}`] = el;
    made.push({el, name, net: c > 0 ? S.layout.layers[c - 1].nets[j] : null});
    if (c === 0 && S.inputs) paintGrid(el.querySelector("canvas"), S.grid, b64bytes(S.inputs[j].data), null, false);
  } });
  const {nameH, bandH} = measureLabels(made, S.numbersOn);
  const {geo, H} = netRows(S.sizes, xs, nameH, bandH, 430);
  S.geo = geo; S.edges = {}; S.netSize = [W, H];
  wrap.style.height = H + "px"; svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  geo.forEach((col, c) => col.forEach((p, j) => {
    const el = S.nodes[`${c}-${j}`]; el.style.left = p.x + "px"; el.style.top = p.y + "px";
  }));
  S.layout.layers.forEach((layer, k) => layer.weights.forEach((row, j) => row.forEach((name, i) => {
    const a = geo[k][i], b = geo[k + 1][j], mx = (a.x + b.x) / 2, r = BOX / 2;
    const d = `M${a.x + r},${a.y} C${mx},${a.y} ${mx},${b.y} ${b.x - r},${b.y}`;
    const path = svgEl("path", {d, class: "edge", "data-name": name}, svg);
    const hit = svgEl("path", {d, class: "edge-hit", "data-name": name}, svg);
    svgEl("title", {}, hit);
    const lab = svgEl("text", {class: "elabel", "text-anchor": "middle"}, svg);
    hit.addEventListener("click", () => inspect(name));
    S.edges[name] = {path, hit, lab, k, j, i};
  })));
}
function updateNetwork() {
  const f = S.frame; if (!f || !S.edges) return;
  if (S.numbersOn !== numbersOn()) buildNetwork();      // the bands under the neurons come or go
  const grads = $("show-grads").checked && S.walk ? S.walk.grads : null;
  const few = Object.keys(S.edges).length <= 12;
  let gmax = 1e-12;
  if (grads) for (const n in S.edges) gmax = Math.max(gmax, Math.abs(grads[n] || 0));
  for (const n in S.edges) {
    const e = S.edges[n], w = f.weights[e.k][e.j][e.i];
    const v = grads ? (grads[n] || 0) : w, size = grads ? 6 * Math.abs(v) / gmax : Math.min(8, Math.abs(w) * 2);
    e.path.setAttribute("stroke", v >= 0 ? "#0877bd" : "#f59322");
    e.path.setAttribute("stroke-width", Math.max(0.5, size));
    const d = S.changed ? S.changed.deltas[n] : undefined, big = d !== undefined && Math.abs(d) >= S.changed.top / 2;
    e.path.classList.toggle("changed", big);
    e.hit.firstChild.textContent = `${n} = ${fmt(w)}` + (S.walk ? `, ∂E/∂${n} = ${fmt(S.walk.grads[n])}` : "") +
      (d !== undefined ? `, changed by ${fmt(d)} in the last ${S.changed.unit}` : "");
    e.want = big ? `Δ ${fmt(d)}` : few ? (grads ? fmt(grads[n]) : fmt(w)) : "";
    e.lab.setAttribute("class", big ? "elabel d" : grads ? "elabel g" : "elabel");
  }
  S.layout.layers.forEach((layer, k) => layer.biases.forEach((b, j) => {
    const d = S.changed ? S.changed.deltas[b] : undefined;
    S.nodes[`${k + 1}-${j}`].classList.toggle("changed", d !== undefined && Math.abs(d) >= S.changed.top / 2);
  }));
  if (f.neurons) f.neurons.forEach((layer, k) => layer.forEach((unit, j) => {
    paintGrid(S.nodes[`${k + 1}-${j}`].querySelector("canvas"), S.grid, b64bytes(unit.data), unit.class ?? null, false);
  }));
  showNodeNumbers();
}
// After a batch or an epoch no single node is being computed: mark instead the weights and
// biases the step changed most (|Δp| at least half the largest), with Δp on the edge.
function markChanges(before, unit) {
  const f = S.frame; if (!before || !f || !S.layout) return;
  const deltas = {};
  S.layout.layers.forEach((layer, k) => {
    layer.weights.forEach((row, j) => row.forEach((n, i) => { deltas[n] = f.weights[k][j][i] - before.weights[k][j][i]; }));
    layer.biases.forEach((n, j) => { const jj = f.biases[k].length === 1 ? 0 : j; deltas[n] = f.biases[k][jj] - before.biases[k][jj]; });
  });
  const [name, top] = Object.entries(deltas).reduce((a, b) => Math.abs(b[1]) > Math.abs(a[1]) ? b : a);
  if (!top) return;
  S.changed = {deltas, top: Math.abs(top), unit};
  updateNetwork();
  document.querySelectorAll("#params tr[data-name]").forEach(tr => {
    const d = deltas[tr.dataset.name]; tr.classList.toggle("hl", d !== undefined && Math.abs(d) >= S.changed.top / 2);
  });
  $("walk-status").textContent = `one ${unit}: the largest change is ${name} by ${fmt(top)} (marked green, with the others at least half as large)`;
}
function showNodeNumbers() {
  const w = S.walk, showG = $("show-grads").checked;
  S.geo.forEach((col, c) => col.forEach((_, j) => {
    const el = S.nodes[`${c}-${j}`], name = el.dataset.name;
    const net = c > 0 ? S.layout.layers[c - 1].nets[j] : null;
    const seenF = w && (c === 0 || S.fwdSeen.has(name)), seenB = w && net && (S.bwdSeen.has(net) || (showG && S.fwd < 0));
    el.querySelector(".val").textContent = seenF ? `${name} = ${fmt(w.values[name])}` : "";
    el.querySelector(".dlt").textContent = seenB ? `δ = ∂E/∂${net} = ${fmt(w.grads[net])}` : "";
  }));
  placeEdgeLabels(Object.values(S.edges), ...S.netSize);
}
function buildNeuronButtons() {
  $("neuron-buttons").innerHTML = S.settings.hidden.map((n, k) =>
    `<span>layer ${k + 1}: <button data-k="${k}" data-d="1">+</button><button data-k="${k}" data-d="-1">−</button></span>`).join(" ");
  $("neuron-buttons").querySelectorAll("button").forEach(b => b.addEventListener("click", () => {
    const hidden = S.settings.hidden.slice(), k = Number(b.dataset.k);
    hidden[k] = Math.max(1, Math.min(8, hidden[k] + Number(b.dataset.d)));
    reconfigure({hidden});
  }));
}
