// The page's teaching side: one sample stepped node by node, the inspector (derivations,
// editing, the layer view), check-my-work, and the exports. Numbers come from the server.
"use strict";

// ---- one sample, step by step -------------------------------------------------------------
async function loadWalk() {
  const reply = await ask({op: "walk", sample: Math.max(0, (Number($("sample").value) || 1) - 1)});
  if (!reply) return;
  S.walk = reply; S.fwd = S.bwd = -1; S.fwdSeen = new Set(); S.bwdSeen = new Set();
  $("sample-text").textContent = `x = [${reply.inputs.map(fmt).join(", ")}], target = [${reply.targets.map(fmt).join(", ")}], E = ${fmt(reply.loss)}` +
    (S.settings.reg !== "none" && S.settings.reg_rate > 0 ? " (E and this step leave out the regularisation term; training includes it)" : "");
  fillCheckKeys(); fillParams(); updateNetwork(); highlight(null); drawPoints();
}
function highlight(name, backward) {
  document.querySelectorAll(".nd.hl").forEach(e => e.classList.remove("hl"));
  document.querySelectorAll(".edge.hl").forEach(e => e.classList.remove("hl"));
  if (!name) return;
  S.layout.layers.forEach((layer, k) => layer.nets.forEach((net, j) => {
    if (net !== name && layer.outs[j] !== name) return;
    S.nodes[`${k + 1}-${j}`].classList.add("hl");
    layer.weights[j].forEach(w => S.edges[w].path.classList.add("hl"));
  }));
  if (name === S.layout.loss) S.geo[S.geo.length - 1].forEach((_, j) => S.nodes[`${S.geo.length - 1}-${j}`].classList.add("hl"));
  $("walk-status").textContent = `${backward ? "∂E/∂" + name : name} = ${fmt(backward ? S.walk.grads[name] : S.walk.values[name])}`;
}
async function stepForward() {
  if (!S.walk) await loadWalk(); if (!S.walk) return;
  const order = S.walk.order.forward;
  if (S.fwd + 1 >= order.length) return;
  S.fwd++; S.fwdSeen.add(order[S.fwd]); highlight(order[S.fwd], false); showNodeNumbers();
}
async function stepBackward() {
  if (!S.walk) await loadWalk(); if (!S.walk) return;
  const order = S.walk.order.backward;
  if (S.fwd < S.walk.order.forward.length - 1) { while (S.fwd < S.walk.order.forward.length - 1) { S.fwd++; S.fwdSeen.add(S.walk.order.forward[S.fwd]); } }
  if (S.bwd + 1 >= order.length) return;
  S.bwd++; S.bwdSeen.add(order[S.bwd]); highlight(order[S.bwd], true); showNodeNumbers(); fillParams();
}
function fillParams() {
  const body = $("params").tBodies[0]; if (!S.layout || !S.frame) return;
  const rows = [], w = S.walk, done = w && S.bwd >= w.order.backward.length - 1 || (w && $("show-grads").checked);
  S.layout.layers.forEach((layer, k) => {
    layer.weights.forEach((row, j) => row.forEach((n, i) => rows.push([n, S.frame.weights[k][j][i], k, j, i])));
    const seen = new Set();
    layer.biases.forEach((n, j) => {
      const jj = layer.biases.length === S.frame.biases[k].length ? j : 0;
      if (!seen.has(n)) { seen.add(n); rows.push([n, S.frame.biases[k][jj], k, jj, null]); }
    });
  });
  body.innerHTML = rows.slice(0, 400).map(([n, v]) => {
    const u = w && w.updates[n];
    return `<tr data-name="${escapeHtml(n)}"><td>${escapeHtml(n)}</td><td class="value">${fmt(v)}</td>` +
      `<td class="grad">${u && done ? fmt(u.grad) : ""}</td><td class="new">${u && done ? fmt(u.new) + (u.frozen ? " (frozen)" : "") : ""}</td></tr>`;
  }).join("");
  S.paramCells = [...body.querySelectorAll("td.value")].map((cell, r) => [cell, rows[r][2], rows[r][3], rows[r][4]]);
  body.onclick = ev => { const tr = ev.target.closest("tr"); if (tr) inspect(tr.dataset.name); };
}
function escapeHtml(s) { return String(s).replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c])); }
function fillCheckKeys() {
  const w = S.walk, keys = [];
  w.order.forward.forEach(n => keys.push([n, `${n} (value)`]));
  w.order.backward.forEach(n => keys.push(["dE/d" + n, `∂E/∂${n}`]));
  Object.keys(w.updates).forEach(n => { keys.push(["dE/d" + n, `∂E/∂${n}`]); keys.push([n + "+", `${n} after the step`]); });
  const sel = $("check-key"), old = sel.value;
  sel.innerHTML = keys.map(([k, l]) => `<option value="${escapeHtml(k)}">${escapeHtml(l)}</option>`).join("");
  if (old && keys.some(k => k[0] === old)) sel.value = old;
}

// ---- inspector: derivations, editing, layer view -----------------------------------------
async function inspect(name) {
  if (!S.walk) await loadWalk(); if (!S.walk) return;
  const u = S.walk.updates[name], box = $("inspector");
  box.innerHTML = `<h3>${escapeHtml(name)}</h3><div data-group="edit"><label>value <input id="edit-value" size="10" value="${u ? fmt(u.old) : ""}"></label>` +
    ` <button id="edit-set">set</button></div><div id="derivation">…</div>`;
  applyHide(S.settings.hide.includes("edit") ? ["edit"] : []);
  $("edit-set").addEventListener("click", () => setParam(name));
  const d = await request({op: "derivation", name});
  $("derivation").innerHTML = d.type === "error" ? escapeHtml(d.message) : d.html;
  if (d.regularisation) $("derivation").insertAdjacentHTML("beforeend", regularisationNote(name, d.regularisation));
}
// E above is the sample's loss alone, as the explanation writes it; training adds the penalty.
function regularisationNote(name, r) {
  const n = escapeHtml(name);
  return `<div id="reg-note" class="reg-note"><b>Not in E above: ${escapeHtml(r.kind)} regularisation.</b> ` +
    `Training minimises E + ${escapeHtml(r.penalty)} (λ = ${fmt(r.rate)}, weights only), so its gradient for ${n} adds ` +
    `∂(penalty)/∂${n} = ${fmt(r.d_term)}: ∂E/∂${n} + ${fmt(r.d_term)} = ${fmt(r.d_E)} + ${fmt(r.d_term)} = ${fmt(r.total)}, ` +
    `and a step on this sample alone would give ${n} − η·${fmt(r.total)} = ${fmt(r.new)} (η = ${fmt(r.lr)}). ` +
    `The explanation, check-my-work and “apply update” leave the penalty out.</div>`;
}
async function inspectNeuron(k, j) {
  if (!S.walk) await loadWalk(); if (!S.walk) return;
  const layer = S.layout.layers[k], bias = layer.biases[j];
  await inspect(bias);
  const d = await request({op: "derivation", layer: k + 1});
  $("inspector").insertAdjacentHTML("beforeend", `<h3>Layer ${k + 1}: ${escapeHtml(layer.nets[j])} → ${escapeHtml(layer.outs[j])}, δ = ${fmt(S.walk.grads[layer.nets[j]])}</h3>`);
  const div = document.createElement("div"); div.className = "layer-view";
  div.innerHTML = d.type === "error" ? escapeHtml(d.message) : d.html;
  $("inspector").appendChild(div);
}
async function setParam(name) {
  const v = Number($("edit-value").value);
  if (!isFinite(v) || $("edit-value").value.trim() === "") { showError(`${name}: type a number`); return; }
  if (await ask({op: "set", name, value: v})) { await loadWalk(); inspect(name); }
}

// ---- exports ------------------------------------------------------------------------------
function download(filename, blob) {
  const a = document.createElement("a"); a.href = URL.createObjectURL(blob); a.download = filename;
  document.body.appendChild(a); a.click(); a.remove(); setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
function pictureSvg() {
  const svg = $("net").cloneNode(true), box = $("net-wrap").getBoundingClientRect();
  svg.setAttribute("width", box.width); svg.setAttribute("height", box.height);
  svg.querySelectorAll(".edge-hit").forEach(e => e.remove());
  svg.querySelectorAll(".edge").forEach(e => e.setAttribute("fill", "none"));
  Object.values(S.nodes).forEach(el => {
    const x = parseFloat(el.style.left), y = parseFloat(el.style.top);
    const img = svgEl("image", {x: x - 18, y: y - 18, width: 36, height: 36, href: el.querySelector("canvas").toDataURL()}, svg);
    svgEl("rect", {x: x - 18, y: y - 18, width: 36, height: 36, fill: "none", stroke: "#999"}, svg);
    const t = svgEl("text", {x: x - 18, y: y - 22, "font-size": 10}, svg); t.textContent = el.dataset.name;
    img.setAttribute("preserveAspectRatio", "none");
  });
  return new XMLSerializer().serializeToString(svg);
}
function exportPng() {
  const text = pictureSvg(), img = new Image(), box = $("net-wrap").getBoundingClientRect();
  img.onload = () => {
    const c = document.createElement("canvas"); c.width = box.width; c.height = box.height;
    const ctx = c.getContext("2d"); ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, c.width, c.height); ctx.drawImage(img, 0, 0);
    c.toBlob(b => download("network.png", b));
  };
  img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
}
