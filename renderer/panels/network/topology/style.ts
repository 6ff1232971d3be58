import type { StylesheetJson } from 'cytoscape';

/** The topology's look: one shape and colour per kind of node, light and dark alike. */
export function topologyStyle(dark: boolean): StylesheetJson {
  const text = dark ? '#e5e9f0' : '#1f2933';
  const edge = dark ? '#7b8796' : '#9aa5b1';
  return [
    { selector: 'node', style: { label: 'data(label)', color: text, 'font-size': 10, 'text-wrap': 'wrap', 'text-valign': 'bottom', 'text-margin-y': 4, width: 26, height: 26, 'background-color': '#6b7c93' } },
    { selector: 'node[kind = "external"]', style: { shape: 'round-rectangle', width: 'data(w)', height: 'data(h)', 'background-color': '#2e7d32', 'text-valign': 'center', color: '#fff', 'text-margin-y': 0 } },
    { selector: 'node[kind = "network"]', style: { shape: 'round-rectangle', width: 'data(w)', height: 'data(h)', 'background-color': '#1f6fd1', 'text-valign': 'center', color: '#fff', 'text-margin-y': 0 } },
    { selector: 'node[kind = "router"]', style: { shape: 'ellipse', 'background-color': '#8e44ad', width: 34, height: 34 } },
    { selector: 'node[kind = "instance"]', style: { shape: 'round-rectangle', 'background-color': '#e67e22', width: 30, height: 30 } },
    { selector: 'node[status = "ERROR"]', style: { 'background-color': '#c0392b' } },
    { selector: 'node[kind = "nic"]', style: { shape: 'rectangle', 'background-color': '#34495e' } },
    { selector: ':parent', style: { 'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': -4, 'background-opacity': 0.08, 'border-width': 1, 'border-color': edge, padding: '12px', 'font-size': 12, 'font-weight': 'bold' } },
    { selector: 'node[kind = "bridge"]', style: { shape: 'round-rectangle', 'border-color': '#1f6fd1', 'border-width': 2 } },
    { selector: 'node[kind = "namespace"]', style: { shape: 'round-rectangle', 'border-style': 'dashed', 'border-color': '#8e44ad', 'border-width': 2 } },
    { selector: 'node[kind = "port"]', style: { shape: 'rectangle', width: 14, height: 14, 'background-color': '#1f6fd1', 'font-size': 10, 'text-valign': 'center', 'text-halign': 'right', 'text-margin-x': 4, 'text-margin-y': 0 } },
    { selector: 'node[kind = "interface"]', style: { shape: 'ellipse', width: 14, height: 14, 'background-color': '#8e44ad', 'font-size': 10, 'text-valign': 'center', 'text-halign': 'right', 'text-margin-x': 4, 'text-margin-y': 0 } },
    { selector: 'edge', style: { width: 2, 'line-color': edge, 'curve-style': 'bezier', label: 'data(label)', 'font-size': 8, color: text, 'text-wrap': 'wrap', 'text-background-opacity': 0 } },
    { selector: 'edge[kind = "patch"]', style: { 'line-style': 'dashed', 'line-color': '#1f6fd1' } },
    { selector: 'edge[kind = "gateway"]', style: { 'line-color': '#2e7d32' } },
    { selector: 'edge[kind = "uplink"]', style: { 'line-color': '#2e7d32', width: 3 } },
    { selector: ':selected', style: { 'border-width': 3, 'border-color': '#f0a500' } },
    { selector: '.traced', style: { 'background-color': '#f0a500', 'line-color': '#f0a500', 'border-color': '#f0a500', 'border-width': 3, width: 4 } },
    { selector: 'node.traced[kind = "port"], node.traced[kind = "interface"]', style: { width: 18, height: 18 } },
    { selector: '.dropped', style: { 'background-color': '#c0392b', 'border-color': '#c0392b', 'border-width': 4 } },
  ];
}
