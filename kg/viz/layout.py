"""Node positions computed in Python, so the browser draws a view at once with physics off.

Physics in the browser took 214 s to settle 3,000 nodes; positions from networkx draw in about
a second. Each connected component is laid out alone (networkx's spring layout for small ones; for
big ones, where networkx needs SciPy, a NumPy force layout of kg's own) and the components are
packed in rows, largest first. A view about one node (the document view) is radial: the node in the middle, its neighbours on a
ring, theirs on the next ring. A last pass pushes apart nodes whose labels would overlap.
"""

from __future__ import annotations

import math
from collections import deque

import networkx as nx
import numpy as np

SPACING = 110.0  # pixels between neighbouring nodes, roughly
LABEL_BOX = (215.0, 60.0)  # default room for a node and its label: labels are wide, not tall
FONT_SIZE = 16.0  # label font size in the page (kg/viz/assets/view.js)
ASPECT = 2.0  # width / height of the screen area the graph is drawn in
RING_CAPACITY = 28  # nodes on one ring of the radial layout before they are staggered
_FORCE_LIMIT = 400  # spring_layout needs SciPy from 500 nodes on


def _component_layout(graph: nx.Graph, seed: int) -> dict:
    n = graph.number_of_nodes()
    if n == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(graph, key=str)
        return {a: (-0.5, 0.0), b: (0.5, 0.0)}
    if n <= _FORCE_LIMIT:
        positions = nx.spring_layout(graph, seed=seed, iterations=150)
        return {node: (float(x), float(y)) for node, (x, y) in positions.items()}
    return force_layout(graph, seed)


def force_layout(graph: nx.Graph, seed: int = 7, iterations: int = 50, block: int = 512
                 ) -> dict:
    """A force-directed layout (springs on edges, repulsion between all pairs) in NumPy, for
    components too big for ``spring_layout`` without SciPy. Repulsion is summed in blocks of
    rows so memory stays ``block × n``; 3,000 nodes take a few seconds."""
    nodes = list(graph)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[a], index[b]) for a, b in graph.edges() if a != b], dtype=int)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)).astype(np.float32)
    k = np.float32(1.0 / math.sqrt(n))  # the ideal distance between neighbours (unit square)
    step = 0.1
    cooling = step / (iterations + 1)
    for _ in range(iterations):
        force = np.zeros((n, 2), dtype=np.float32)
        x, y = pos[:, 0], pos[:, 1]
        for start in range(0, n, block):
            dx = x[start:start + block, None] - x[None, :]
            dy = y[start:start + block, None] - y[None, :]
            weight = (k * k) / np.maximum(dx * dx + dy * dy, np.float32(1e-9))
            force[start:start + block, 0] = (dx * weight).sum(axis=1)
            force[start:start + block, 1] = (dy * weight).sum(axis=1)
        if len(edges):
            pull = pos[edges[:, 0]] - pos[edges[:, 1]]
            length = np.sqrt((pull ** 2).sum(axis=1))[:, None]
            pull = pull * length / k
            np.add.at(force, edges[:, 0], -pull)
            np.add.at(force, edges[:, 1], pull)
        size = np.maximum(np.sqrt((force ** 2).sum(axis=1)), 1e-9)[:, None]
        pos += force / size * np.minimum(size, step)
        step -= cooling
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos, strict=True)}


def _scaled(positions: dict, n: int) -> dict:
    """Scale a component so its nodes sit about ``SPACING`` apart, centred on (0, 0)."""
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    target = SPACING * 1.2 * math.sqrt(n) if n > 1 else 0.0
    factor = target / extent
    return {node: ((x - cx) * factor, (y - cy) * factor) for node, (x, y) in positions.items()}


def node_box(attrs: dict, font: float = FONT_SIZE) -> tuple[float, float]:
    """The room a node needs on screen: its shape, and its label written below it (the box is
    centred on the node, so it reaches as far above as the label does below)."""
    label = str(attrs.get("label", ""))
    text = sum(font if ord(ch) > 0x2E7F else font * 0.55 for ch in label)
    size = float(attrs.get("size", 10))
    return max(2 * size, text) + 30.0, 2 * (size + font + 12.0)


def remove_overlaps(positions: dict, boxes: dict | None = None, iterations: int = 150) -> dict:
    """Push apart nodes whose boxes (``(width, height)`` per node) overlap, each pair along the
    axis where they overlap least, until none do (or ``iterations`` run out). Big components
    get fewer rounds (each costs n²); beyond 2,000 nodes the force layout's spacing stands."""
    if len(positions) < 2 or len(positions) > 2000:
        return positions
    if len(positions) > 500:
        iterations = min(iterations, 25)
    nodes = list(positions)
    xy = np.array([positions[n] for n in nodes], dtype=np.float64)
    size = np.array([(boxes or {}).get(n, LABEL_BOX) for n in nodes], dtype=np.float64)
    need_x = (size[:, 0][:, None] + size[:, 0][None, :]) / 2
    need_y = (size[:, 1][:, None] + size[:, 1][None, :]) / 2
    # Coincident nodes need a side to move to: a fixed pseudo-random one per pair.
    tie = np.sign(np.random.default_rng(7).random((len(nodes), len(nodes))) - 0.5)
    tie = np.triu(tie, 1) - np.triu(tie, 1).T
    for _ in range(iterations):
        dx = xy[:, 0][:, None] - xy[:, 0][None, :]
        dy = xy[:, 1][:, None] - xy[:, 1][None, :]
        over_x = need_x - np.abs(dx)
        over_y = need_y - np.abs(dy)
        clash = (over_x > 0) & (over_y > 0)
        np.fill_diagonal(clash, False)
        if not clash.any():
            break
        along_x = clash & (over_x / need_x <= over_y / need_y)
        along_y = clash & ~along_x
        sign_x = np.where(dx == 0, tie, np.sign(dx))
        sign_y = np.where(dy == 0, tie, np.sign(dy))
        xy[:, 0] += (np.where(along_x, over_x * sign_x, 0.0)).sum(axis=1) * 0.5
        xy[:, 1] += (np.where(along_y, over_y * sign_y, 0.0)).sum(axis=1) * 0.5
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, xy, strict=True)}


def radial_positions(graph: nx.Graph, centre: object) -> dict:
    """``centre`` in the middle, nodes at distance k on ring k, each near its parent's angle."""
    undirected = nx.Graph(graph)
    parents: dict[object, object | None] = {centre: None}
    layers: list[list] = [[centre]]
    queue = deque([centre])
    while queue:
        node = queue.popleft()
        for other in sorted(undirected.neighbors(node), key=lambda n: _sort_key(graph, n)):
            if other not in parents:
                parents[other] = node
                depth = _depth(parents, other)
                while len(layers) <= depth:
                    layers.append([])
                layers[depth].append(other)
                queue.append(other)
    positions: dict[object, tuple[float, float]] = {centre: (0.0, 0.0)}
    angles: dict[object, float] = {centre: 0.0}
    radius = 0.0
    for depth, layer in enumerate(layers[1:], start=1):
        if depth == 1:
            ordered = layer
        else:
            ordered = sorted(layer, key=lambda n: (angles[parents[n]], _sort_key(graph, n)))
        # Many nodes: stagger them over a few rings, so neighbours' labels do not collide.
        stagger = max(1, math.ceil(len(ordered) / RING_CAPACITY))
        ring = max(radius + SPACING * 1.5, len(ordered) / stagger * 50.0 / (2 * math.pi))
        for i, node in enumerate(ordered):
            angle = 2 * math.pi * i / len(ordered) - math.pi / 2
            angles[node] = angle
            r = ring * (1 + 0.35 * (i % stagger))
            positions[node] = (r * ASPECT * math.cos(angle), r * math.sin(angle))
        radius = ring * (1 + 0.35 * (stagger - 1))
    rest = [n for n in graph if n not in positions]
    for i, node in enumerate(sorted(rest, key=str)):
        positions[node] = ((i % 8) * SPACING * 1.5 - 4 * SPACING, radius + SPACING * (2 + i // 8))
    return positions


def _depth(parents: dict, node: object) -> int:
    depth = 0
    while parents[node] is not None:
        node = parents[node]
        depth += 1
    return depth


def _sort_key(graph: nx.Graph, node: object) -> tuple[str, str]:
    attrs = graph.nodes[node]
    return (str(attrs.get("category", "")), str(attrs.get("name", node)))


def compute_positions(graph: nx.Graph, seed: int = 7) -> dict[object, tuple[float, float]]:
    """Pixel positions for every node: radial around ``graph.graph["centre"]`` if set, else
    components laid out alone and packed in rows; then label overlaps removed."""
    boxes = {node: node_box(attrs) for node, attrs in graph.nodes(data=True)}
    centre = graph.graph.get("centre")
    if centre is not None and centre in graph:
        placed = remove_overlaps(radial_positions(graph, centre), boxes)
        return {node: (round(x, 1), round(y, 1)) for node, (x, y) in placed.items()}
    # Node and edge order decide a seeded layout: sort them so the same graph always gives the
    # same picture (the order they arrive in depends on sets and query plans).
    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(graph.nodes, key=str))
    undirected.add_edges_from(sorted(((a, b) for a, b, *_ in graph.edges), key=str))
    components = sorted((sorted(c, key=str) for c in nx.connected_components(undirected)),
                        key=lambda c: (-len(c), str(c[0])))
    laid_out = []
    singles: list = []
    for nodes in components:
        if len(nodes) == 1:
            singles.append(nodes[0])
            continue
        sub = nx.Graph()
        sub.add_nodes_from(nodes)  # sorted above
        sub.add_edges_from(sorted(undirected.subgraph(nodes).edges, key=str))
        local = remove_overlaps(_scaled(_component_layout(sub, seed), len(nodes)), boxes)
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        box = (max(xs) - min(xs) + LABEL_BOX[0], max(ys) - min(ys) + LABEL_BOX[1] * 1.5)
        laid_out.append(({n: (px - min(xs), py - min(ys)) for n, (px, py) in local.items()}, box))
    # Rows as wide as a screen-shaped rectangle holding everything (about 3:2).
    area = sum(w * h for _, (w, h) in laid_out) + len(singles) * LABEL_BOX[0] * SPACING
    widest = max((w for _, (w, _) in laid_out), default=0.0)
    row_width = max(widest, LABEL_BOX[0] * 4, math.sqrt(area * ASPECT))
    placed: dict[object, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for local, (width, height) in laid_out:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in local.items():
            placed[node] = (x + px + LABEL_BOX[0] / 2, y + py)
        x += width
        row_height = max(row_height, height)
    # Isolated nodes go on a grid below the connected ones.
    if singles:
        y += row_height + (SPACING if placed else 0.0)
        per_row = max(1, int(row_width // LABEL_BOX[0]))
        for i, node in enumerate(singles):
            placed[node] = ((i % per_row) * LABEL_BOX[0], y + (i // per_row) * SPACING)
    return {node: (round(px, 1), round(py, 1)) for node, (px, py) in placed.items()}
