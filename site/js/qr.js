// A QR code of a link, drawn as SVG from the vendored qrcode-generator (MIT): the encoder is the
// library's; this only turns its dark modules into one path, built with DOM calls (no markup strings,
// so the page's CSP needs nothing new).

import qrcode from "../vendor/qrcode.mjs";

const NS = "http://www.w3.org/2000/svg";
const MARGIN = 4; // modules of quiet zone, as the standard asks

/** An <svg> of `text` as a QR code, or null when it is too long for one (phones would not read it). */
export function qrSvg(text, { label = "QR code of the link" } = {}) {
  let qr;
  try {
    qr = qrcode(0, "L"); // 0: the smallest version that fits; L: the most data per code
    qr.addData(text, "Byte");
    qr.make();
  } catch {
    return null; // longer than a QR code holds
  }
  const count = qr.getModuleCount();
  const size = count + MARGIN * 2;
  let d = "";
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < count; c++) if (qr.isDark(r, c)) d += `M${c + MARGIN} ${r + MARGIN}h1v1h-1z`;
  }
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("class", "qr");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("shape-rendering", "crispEdges");
  const bg = document.createElementNS(NS, "rect");
  bg.setAttribute("width", String(size));
  bg.setAttribute("height", String(size));
  bg.setAttribute("fill", "#fff");
  const path = document.createElementNS(NS, "path");
  path.setAttribute("d", d);
  path.setAttribute("fill", "#000");
  svg.append(bg, path);
  return svg;
}
