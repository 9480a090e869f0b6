// newsgraph: small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // colour Goldstein numbers: positive = cooperation, negative = conflict
  for (const el of document.querySelectorAll(".gs")) {
    const g = parseFloat(el.dataset.g);
    if (!Number.isNaN(g)) el.classList.add(g > 0 ? "pos" : g < 0 ? "neg" : "zero");
  }
  // network: hovering an actor highlights its relations
  const net = document.getElementById("network");
  if (net) {
    const edges = Array.from(net.querySelectorAll("a.edge"));
    const nodes = Array.from(net.querySelectorAll("a.node"));
    const pos = new Map(nodes.map((n) => {
      const c = n.querySelector("circle");
      return [n.dataset.id, [c.getAttribute("cx"), c.getAttribute("cy")]];
    }));
    for (const n of nodes) {
      const [x, y] = pos.get(n.dataset.id);
      n.addEventListener("mouseenter", () => {
        net.classList.add("focus");
        for (const e of edges) {
          const l = e.querySelector("line");
          const hit = (l.getAttribute("x1") === x && l.getAttribute("y1") === y) ||
                      (l.getAttribute("x2") === x && l.getAttribute("y2") === y);
          e.classList.toggle("lit", hit);
        }
      });
      n.addEventListener("mouseleave", () => net.classList.remove("focus"));
    }
  }
});
