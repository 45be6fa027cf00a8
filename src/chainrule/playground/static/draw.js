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

// THE colour map of every picture (the heatmap, each neuron's thumbnail, the colour bar):
// t in [0, 1] -> [r, g, b]. Without a class: diverging orange (0) – white (0.5) – blue (1), as
// TensorFlow Playground; with class k: white (0) to class k's colour (1, softened by 0.8).
function colourMap(t, cls) {
  if (cls !== null && cls !== undefined) {
    const base = CLASS_COLOURS[cls % CLASS_COLOURS.length];
    return base.map(v => 255 + (v - 255) * t * 0.8);
  }
  const a = CLASS_COLOURS[0], b = CLASS_COLOURS[1];
  if (t < 0.5) { const u = t * 2; return a.map(v => v + (255 - v) * u); }
  const u = (t - 0.5) * 2; return b.map(v => 255 + (v - 255) * u);
}

// A grid of bytes (t = byte/255) painted through colourMap; `classes` is a byte per pixel (the
// winning class), one class for every pixel (a softmax output's thumbnail), or null.
function paintGrid(canvas, n, bytes, classes, discretize) {
  canvas.width = n; canvas.height = n;
  const ctx = canvas.getContext("2d"); const img = ctx.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    const cls = classes === null || classes === undefined ? null : typeof classes === "number" ? classes : classes[i];
    let t = bytes[i] / 255;
    if (discretize) t = cls === null ? (t >= 0.5 ? 1 : 0) : 0.75;
    const c = colourMap(t, cls);
    img.data[4 * i] = c[0]; img.data[4 * i + 1] = c[1]; img.data[4 * i + 2] = c[2]; img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

// The heatmap's colour bar: one row per class (white to its colour, 0 … 1 confidence), or one
// diverging row labelled with what t = 0, ½, 1 mean (`labels`); drawn with colourMap.
function drawColourBar(canvas, tickBox, classes, labels) {
  const rows = classes ? classes : 1, w = 300, rowH = classes ? 8 : 12;
  canvas.width = w; canvas.height = rows * rowH;
  const ctx = canvas.getContext("2d"), img = ctx.createImageData(w, rows * rowH);
  for (let r = 0; r < rows; r++) for (let x = 0; x < w; x++) {
    const c = colourMap(x / (w - 1), classes ? r : null);
    for (let y = r * rowH; y < (r + 1) * rowH; y++) {
      const o = 4 * (y * w + x); img.data[o] = c[0]; img.data[o + 1] = c[1]; img.data[o + 2] = c[2]; img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  tickBox.innerHTML = labels.map(([t, text]) =>
    `<span class="cb-tick" data-t="${t}" style="left:${100 * t}%">${escapeHtml(text)}</span>`).join("");
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
  // the axis's name left of its first tick, under the y axis's ticks (not over the curves)
  svgEl("text", {x: L - 7, y: H - B + 12, class: "tick xname", "text-anchor": "end"}, svg).textContent = "epoch";
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
