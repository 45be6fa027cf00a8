// Drawing only: heatmaps, thumbnails, the network picture and the loss chart.
// Every number drawn here came from the server (chainrule's engines).
"use strict";
const CLASS_COLOURS = [[245, 147, 34], [8, 119, 189], [46, 160, 44], [148, 103, 189],
                       [214, 39, 40], [140, 86, 75]];

function b64bytes(s) {
  const bin = atob(s); const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// Diverging orange (0) – white (0.5) – blue (1), as TensorFlow Playground.
function diverging(t) {
  const a = CLASS_COLOURS[0], b = CLASS_COLOURS[1];
  if (t < 0.5) { const u = t * 2; return [a[0] + (255 - a[0]) * u, a[1] + (255 - a[1]) * u, a[2] + (255 - a[2]) * u]; }
  const u = (t - 0.5) * 2; return [255 + (b[0] - 255) * u, 255 + (b[1] - 255) * u, 255 + (b[2] - 255) * u];
}

function paintGrid(canvas, n, bytes, classes, discretize) {
  canvas.width = n; canvas.height = n;
  const ctx = canvas.getContext("2d"); const img = ctx.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    let c;
    if (classes) {
      const base = CLASS_COLOURS[classes[i] % CLASS_COLOURS.length];
      const conf = discretize ? 0.75 : bytes[i] / 255;
      c = base.map(v => 255 + (v - 255) * conf * 0.8);
    } else {
      let t = bytes[i] / 255;
      if (discretize) t = t >= 0.5 ? 1 : 0;
      c = diverging(t);
    }
    img.data[4 * i] = c[0]; img.data[4 * i + 1] = c[1]; img.data[4 * i + 2] = c[2]; img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

// "Nice" tick values (steps of 1, 2 or 5 × 10ᵏ) covering [lo, hi], about n of them.
function niceTicks(lo, hi, n) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map(m => m * mag).find(s => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

// The loss chart (an SVG): train and test loss against the epoch, with axes, ticks, a legend.
// `history` holds [epoch, train loss, test loss] points (null where there is no value).
const LOSS_SERIES = [[1, "train loss", "#222"], [2, "test loss", "#aaa"]];
function drawLossChart(svg, history) {
  svg.innerHTML = "";
  const W = 300, H = 110, L = 36, R = 8, T = 16, B = 18;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const series = LOSS_SERIES.filter(([k]) => history.some(p => p[k] !== null && isFinite(p[k])));
  const vals = series.flatMap(([k]) => history.map(p => p[k]).filter(v => v !== null && isFinite(v)));
  if (!vals.length) return;
  const x0 = history[0][0], x1 = Math.max(history[history.length - 1][0], x0 + 1);
  const top = Math.max(...vals) * 1.05 || 1;
  const X = e => L + (e - x0) / (x1 - x0) * (W - L - R), Y = v => H - B - v / top * (H - T - B);
  svgEl("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, class: "axis"}, svg);
  svgEl("line", {x1: L, y1: T, x2: L, y2: H - B, class: "axis"}, svg);
  niceTicks(x0, x1, 4).forEach(e => {
    svgEl("line", {x1: X(e), y1: H - B, x2: X(e), y2: H - B + 3, class: "axis"}, svg);
    svgEl("text", {x: X(e), y: H - B + 12, class: "tick xtick", "text-anchor": "middle"}, svg).textContent = String(e);
  });
  niceTicks(0, top, 3).forEach(v => {
    svgEl("line", {x1: L - 3, y1: Y(v), x2: L, y2: Y(v), class: "axis"}, svg);
    svgEl("text", {x: L - 5, y: Y(v) + 3, class: "tick ytick", "text-anchor": "end"}, svg).textContent = String(v);
  });
  svgEl("text", {x: W - R, y: H - B - 3, class: "tick", "text-anchor": "end"}, svg).textContent = "epoch";
  series.forEach(([k, name, colour], n) => {
    const pts = history.filter(p => p[k] !== null && isFinite(p[k])).map(p => `${X(p[0]).toFixed(1)},${Y(p[k]).toFixed(1)}`);
    svgEl("polyline", {points: pts.join(" "), class: "curve", "data-series": name, stroke: colour}, svg);
    const lx = L + 8 + 90 * n;
    svgEl("line", {x1: lx, y1: 8, x2: lx + 14, y2: 8, stroke: colour, "stroke-width": 2, class: "legend"}, svg);
    svgEl("text", {x: lx + 18, y: 11, class: "tick legend"}, svg).textContent = name;
  });
}

function fmt(v) {
  if (v === null || v === undefined) return "–";
  return String(Number(v.toPrecision(6)));
}

const SVGNS = "http://www.w3.org/2000/svg";
function svgEl(tag, attrs, parent) {
  const el = document.createElementNS(SVGNS, tag);
  for (const k in attrs) el.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(el);
  return el;
}

// Column x positions and node y positions of a network with `sizes` units per column.
function netGeometry(sizes, width, height) {
  const cols = sizes.length, dx = (width - 120) / Math.max(cols - 1, 1);
  return sizes.map((n, c) => Array.from({length: n}, (_, j) => ({
    x: 60 + c * dx, y: height / 2 + (j - (n - 1) / 2) * Math.min(75, (height - 40) / Math.max(n, 1)),
  })));
}
