// Where the network picture's pieces go: the columns, a band under each neuron reserved for
// its value and δ, and the edge labels, placed so that no two labels (or a label and a neuron)
// overprint one another and none leaves the picture. Drawing only; no numbers are made here.
"use strict";
const BOX = 40, GAP = 2, LABEL_MAX = 130;
// The widest value and δ a label can show (fmt keeps 6 significant digits).
const WIDEST = "-0.00000888888";

// Column x positions and the width of every label: labels are centred under their neuron, as
// wide as the gap between columns allows (and no wider than the margin at either end).
function netColumns(cols, W) {
  if (cols < 2) return {xs: [W / 2], labelW: Math.min(W - 4, LABEL_MAX)};
  let M = (W - 4 * (cols - 1)) / (2 * cols), labelW = Math.floor(2 * M - 4);  // = dx − 8
  if (labelW > LABEL_MAX) { labelW = LABEL_MAX; M = labelW / 2 + 12; }
  const dx = (W - 2 * M) / (cols - 1);
  return {xs: Array.from({length: cols}, (_, c) => M + c * dx), labelW};
}

// The height of the name above and of the band below each neuron, measured with the longest
// text it may hold (so the picture does not jump when the numbers appear).
function measureLabels(els, withNumbers) {
  let nameH = 0, bandH = 0;
  els.forEach(({el, name, net}) => {
    nameH = Math.max(nameH, el.querySelector(".lab").offsetHeight);
    if (!withNumbers) return;
    const val = el.querySelector(".val"), dlt = el.querySelector(".dlt");
    val.textContent = `${name} = ${WIDEST}`; dlt.textContent = net ? `δ = ∂E/∂${net} = ${WIDEST}` : "";
    bandH = Math.max(bandH, el.querySelector(".band").offsetHeight);
    val.textContent = ""; dlt.textContent = "";
  });
  return {nameH, bandH};
}

// Node centres, column by column: each neuron takes a slot of its name, its box and its band.
function netRows(sizes, xs, nameH, bandH, minH) {
  const pitch = nameH + GAP + BOX + GAP + bandH + 8, most = Math.max(...sizes);
  const H = Math.max(minH, most * pitch + 8);
  const geo = sizes.map((n, c) => Array.from({length: n}, (_, j) => ({
    x: xs[c], y: (H - n * pitch) / 2 + j * pitch + 4 + nameH + GAP + BOX / 2,
  })));
  return {geo, H};
}

// A rectangle {l, t, r, b} of an element, in the picture's own pixels.
function localRect(el, origin) {
  const r = el.getBoundingClientRect();
  return {l: r.left - origin.left, t: r.top - origin.top, r: r.right - origin.left, b: r.bottom - origin.top};
}
function rectsMeet(a, b) { return Math.min(a.r, b.r) - Math.max(a.l, b.l) > 0 && Math.min(a.b, b.b) - Math.max(a.t, b.t) > 0; }

// Each edge label somewhere along its own edge where it meets no neuron, no neuron's label and
// no label placed before it (the Δs first); one with no such place is left off (its number
// stays in the edge's tooltip and the parameter table).
const ALONG = [0.5, 0.36, 0.64, 0.26, 0.74, 0.18, 0.82, 0.43, 0.57, 0.3, 0.7];
function placeEdgeLabels(edges, W, H) {
  const origin = $("net-wrap").getBoundingClientRect(), taken = [];
  document.querySelectorAll("#nodes .nd, #nodes .nd .lab, #nodes .nd .val, #nodes .nd .dlt").forEach(el => {
    if (el.classList.contains("nd") || el.textContent) taken.push(pad(localRect(el, origin), 2));
  });
  edges.forEach(e => { e.lab.textContent = e.want || ""; });
  const shown = edges.filter(e => e.lab.textContent);
  shown.sort((a, b) => b.lab.classList.contains("d") - a.lab.classList.contains("d"));
  shown.forEach(e => {
    const len = e.path.getTotalLength();
    for (const t of ALONG) for (const dy of [-3, 10]) {
      const p = e.path.getPointAtLength(len * t);
      e.lab.setAttribute("x", p.x); e.lab.setAttribute("y", p.y + dy);
      const b = e.lab.getBBox(), r = {l: b.x, t: b.y, r: b.x + b.width, b: b.y + b.height};
      if (r.l < 1 || r.t < 1 || r.r > W - 1 || r.b > H - 1 || taken.some(q => rectsMeet(q, r))) continue;
      taken.push(pad(r, 1)); return;
    }
    e.lab.textContent = "";
  });
}
function pad(r, d) { return {l: r.l - d, t: r.t - d, r: r.r + d, b: r.b + d}; }
