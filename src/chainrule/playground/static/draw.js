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

function drawLossChart(canvas, history) {
  const ctx = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  const vals = history.flat().filter(v => v !== null && isFinite(v));
  if (!vals.length) return;
  const top = Math.max(...vals) * 1.05 || 1;
  [[0, "#222"], [1, "#aaa"]].forEach(([k, colour]) => {
    ctx.beginPath(); ctx.strokeStyle = colour; ctx.lineWidth = 1.5;
    history.forEach((p, i) => {
      if (p[k] === null) return;
      const x = history.length > 1 ? i / (history.length - 1) * (w - 4) + 2 : 2;
      const y = h - 2 - p[k] / top * (h - 4);
      i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
    });
    ctx.stroke();
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
