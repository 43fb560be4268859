// kg view: draws one graph with vis-network from the JSON in #kg-data.
// Every text from the graph reaches the page through textContent or the canvas, never as
// markup, so a document title holding a script or image tag shows as text.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var SYMBOLS = {
    dot: "●", square: "■", diamond: "◆", triangle: "▲", star: "★", hexagon: "⬢",
    box: "▬", ellipse: "⬬"
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function evidenceBlock(items) {
    var box = el("div", "kg-evidence");
    items.forEach(function (item) {
      var quote = el("blockquote");
      if (item.before) quote.appendChild(el("span", "", item.before));
      quote.appendChild(el("mark", "", item.exact));
      if (item.after) quote.appendChild(el("span", "", item.after));
      box.appendChild(quote);
      box.appendChild(el("div", "kg-source", "来源 source: " + item.source));
    });
    return box;
  }

  // The tooltip and the details panel share one builder: name, English, type, fields, evidence.
  function describe(item, isEdge, withEvidence) {
    var box = el("div", "kg-describe");
    if (isEdge) {
      box.appendChild(el("div", "kg-name", item.relation_zh || item.label || ""));
      if (item.relation_en) box.appendChild(el("div", "kg-en", item.relation_en));
      box.appendChild(el("div", "kg-type", (item.fromName || "") + " → " + (item.toName || "")));
    } else {
      box.appendChild(el("div", "kg-name", item.name || item.label || ""));
      if (item.name_en) box.appendChild(el("div", "kg-en", item.name_en));
      box.appendChild(el("div", "kg-type",
        (item.type_zh || "") + (item.type_en ? " · " + item.type_en : "")));
    }
    var rows = item.fields || [];
    if (rows.length) {
      var table = el("table", "kg-fields");
      rows.forEach(function (row) {
        var tr = el("tr");
        var th = el("th", "", row[0]);
        if (row[1]) th.title = row[1];
        tr.appendChild(th);
        tr.appendChild(el("td", "", row[2]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    var docs = item.documents || [];
    if (isEdge && docs.length) {
      box.appendChild(el("div", "kg-sub", "文件 documents"));
      var list = el("ul", "kg-docs");
      docs.slice(0, 8).forEach(function (name) { list.appendChild(el("li", "", name)); });
      box.appendChild(list);
    }
    var evidence = item.evidence || [];
    if (evidence.length) {
      box.appendChild(el("div", "kg-sub", "证据 evidence"));
      box.appendChild(evidenceBlock(withEvidence ? evidence : evidence.slice(0, 1)));
    }
    return box;
  }

  var names = {};
  data.nodes.forEach(function (n) { names[n.id] = n.name || n.label; });
  data.nodes.forEach(function (n) { n.title = describe(n, false, false); });
  data.edges.forEach(function (e, i) {
    e.id = "e" + i;
    e.fromName = names[e.from];
    e.toName = names[e.to];
    e.title = describe(e, true, false);
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var options = {
    autoResize: true,
    physics: data.physics ? { enabled: true, stabilization: { iterations: 300 } }
                          : { enabled: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.nodes.length > 800,
                   multiselect: true, navigationButtons: false, keyboard: false },
    nodes: { font: { size: 16, face: "WenQuanYi Zen Hei, Noto Sans CJK SC, sans-serif" },
             borderWidth: 1, scaling: { label: { drawThreshold: 3 } } },
    edges: { smooth: data.edges.length > 1500 ? false : { type: "continuous" },
             font: { size: 11, align: "middle", strokeWidth: 3 },
             arrowStrikethrough: false, selectionWidth: 2 },
    layout: { improvedLayout: false }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  if (data.physics) {
    // Let the layout settle once, then freeze it: dragging a node later moves only that node.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
    });
  }

  // -- legend ---------------------------------------------------------------------------------
  var legend = document.getElementById("kg-legend");
  legend.appendChild(el("h2", "", "图例 Legend"));
  var groups = {};
  data.legend.forEach(function (entry) {
    var title = entry.group || "";
    if (!groups[title]) {
      groups[title] = el("ul", "kg-legend-list");
      if (title) legend.appendChild(el("h3", "", title));
      legend.appendChild(groups[title]);
    }
    var li = el("li");
    li.title = entry.en;
    var swatch;
    if (entry.kind === "edge") {
      swatch = el("span", "kg-swatch-edge");
      swatch.style.borderTopColor = entry.color;
      swatch.style.borderTopStyle = entry.dashes ? "dashed" : "solid";
    } else {
      swatch = el("span", "kg-swatch", SYMBOLS[entry.shape] || "●");
      swatch.style.color = entry.color;
    }
    li.appendChild(swatch);
    li.appendChild(el("span", "kg-legend-zh", entry.zh));
    li.appendChild(el("span", "kg-legend-en", entry.en));
    groups[title].appendChild(li);
  });

  // -- details panel --------------------------------------------------------------------------
  var details = document.getElementById("kg-details");
  function showDetails(item, isEdge) {
    while (details.firstChild) details.removeChild(details.firstChild);
    details.appendChild(el("h2", "", "详情 Details"));
    if (item) details.appendChild(describe(item, isEdge, true));
    else details.appendChild(el("p", "kg-hint", "点击节点或连线查看证据 · click a node or edge"));
  }
  showDetails(null);
  network.on("click", function (params) {
    if (params.nodes.length) showDetails(nodes.get(params.nodes[0]), false);
    else if (params.edges.length) showDetails(edges.get(params.edges[0]), true);
  });

  // -- search / filter ------------------------------------------------------------------------
  var search = document.getElementById("kg-search");
  var onlyMatches = document.getElementById("kg-filter");
  var count = document.getElementById("kg-count");
  function matching(query) {
    query = query.trim().toLowerCase();
    if (!query) return null;
    return nodes.getIds({ filter: function (n) {
      return ((n.search || "") + " " + (n.name || "") + " " + (n.label || ""))
        .toLowerCase().indexOf(query) >= 0;
    } });
  }
  function applySearch() {
    var ids = matching(search.value);
    var keep = ids ? new Set(ids) : null;
    var updates = [];
    nodes.forEach(function (n) {
      var hidden = !!(keep && onlyMatches.checked && !keep.has(n.id));
      if (!!n.hidden !== hidden) updates.push({ id: n.id, hidden: hidden });
    });
    if (updates.length) nodes.update(updates);
    if (!ids) {
      count.textContent = "";
      network.unselectAll();
      return;
    }
    count.textContent = "找到 " + ids.length + " 个 · " + ids.length + " found";
    network.selectNodes(ids);
    if (ids.length) {
      network.fit({ nodes: ids, animation: false, maxZoomLevel: 1.5 });
      showDetails(nodes.get(ids[0]), false);
    }
  }
  search.addEventListener("input", applySearch);
  onlyMatches.addEventListener("change", applySearch);
  document.getElementById("kg-fit").addEventListener("click", function () {
    network.fit({ animation: false });
  });

  window.kgView = {
    network: network, nodes: nodes, edges: edges, search: applySearch,
    // Show a node's or an edge's details, as a click does (used by the browser tests).
    details: function (id, isEdge) { showDetails((isEdge ? edges : nodes).get(id), isEdge); }
  };
  document.body.setAttribute("data-kg-ready", "1");
})();
