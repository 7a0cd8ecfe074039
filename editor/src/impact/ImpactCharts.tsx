/**
 * The impact charts, drawn with Apache ECharts. This module is loaded lazily (React.lazy in
 * ImpactScreen): only the chart types used here are registered, so the chart code is one
 * on-demand chunk and the editor's first load stays small.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

type Option = echarts.EChartsCoreOption;

function EChart({ option, height = 280, testId }: { option: Option; height?: number; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const applied = useRef('');
  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
      // The next chart (StrictMode mounts twice in development) starts blank: it must be drawn again.
      applied.current = '';
    };
  }, []);
  useEffect(() => {
    // Options are rebuilt on every render: redraw (and re-animate) only when the data or labels change.
    const key = JSON.stringify(option);
    if (!chart.current || key === applied.current) return;
    applied.current = key;
    chart.current.setOption(option, true);
  }, [option]);
  return <div ref={ref} className="impact-chart-canvas" style={{ height }} data-testid={testId} />;
}

const A_COLOR = '#8b9bb4';
const B_COLOR = '#2457c5';

/** Rows: under A; columns: under B. The diagonal is "no change". */
export function MigrationHeatmap(props: { labels: string[]; matrix: number[][]; fromName: string; toName: string; testId: string; format?: (n: number) => string }) {
  const fmt = props.format ?? String;
  const { labels, matrix } = props;
  const data: [number, number, number][] = [];
  let max = 0;
  matrix.forEach((row, i) =>
    row.forEach((value, j) => {
      data.push([j, i, value]);
      max = Math.max(max, value);
    }),
  );
  const option: Option = {
    tooltip: { formatter: (p: { value: [number, number, number] }) => `${labels[p.value[1]]} → ${labels[p.value[0]]}: ${fmt(p.value[2])}` },
    grid: { left: 80, right: 16, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: labels, name: props.toName, nameLocation: 'middle', nameGap: 28, splitArea: { show: true } },
    yAxis: { type: 'category', data: labels, name: props.fromName, nameLocation: 'middle', nameGap: 64, inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max: Math.max(1, max), show: false, inRange: { color: ['#f4f7fd', '#2457c5'] } },
    series: [{ type: 'heatmap', data, label: { show: true, formatter: (p: { value: [number, number, number] }) => (p.value[2] ? fmt(p.value[2]) : '') } }],
  };
  return <EChart option={option} testId={props.testId} />;
}

/** Granted limit per risk class under A and B. */
export function LimitByClass(props: { classes: string[]; a: number[]; b: number[]; aName: string; bName: string; format: (n: number) => string }) {
  const option: Option = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => props.format(v) },
    legend: { top: 0 },
    grid: { left: 90, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: props.classes },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => props.format(v) } },
    series: [
      { name: props.aName, type: 'bar', data: props.a, itemStyle: { color: A_COLOR } },
      { name: props.bName, type: 'bar', data: props.b, itemStyle: { color: B_COLOR } },
    ],
  };
  return <EChart option={option} testId="chart-limit-by-class" />;
}

/** Score distributions before (A) and after (B). */
export function ScoreHistogram(props: { edges: number[]; a: number[]; b: number[]; aName: string; bName: string; format?: (n: number) => string }) {
  const fmt = props.format ?? String;
  const labels = props.a.map((_, i) => `${fmt(props.edges[i]!)}–${fmt(props.edges[i + 1]!)}`);
  const option: Option = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmt(v) },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 32, bottom: 40 },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 1, rotate: 30 } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt(v) } },
    series: [
      { name: props.aName, type: 'bar', data: props.a, barGap: '0%', itemStyle: { color: A_COLOR } },
      { name: props.bName, type: 'bar', data: props.b, itemStyle: { color: B_COLOR } },
    ],
  };
  return <EChart option={option} testId="chart-scores" />;
}
