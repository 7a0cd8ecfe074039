/**
 * The experiment's daily chart (Apache ECharts, loaded lazily with the screen): requests answered by
 * the challenger per day (bars) and each arm's accept rate on the same requests (lines).
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Comparison } from './experiments-api.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface DailyLabels {
  answered: string;
  acceptChampion: string;
  acceptChallenger: string;
  formatPercent: (x: number) => string;
}

export default function DailyChart({ daily, labels }: { daily: Comparison['daily']; labels: DailyLabels }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    const rate = (accept: number, n: number) => (n > 0 ? accept / n : 0);
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 50, right: 60, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: daily.map((d) => d.date) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => labels.formatPercent(v) } },
      ],
      series: [
        { name: labels.answered, type: 'bar', barMaxWidth: 48, data: daily.map((d) => d.challenger.answered), itemStyle: { color: '#2457c5' } },
        { name: labels.acceptChampion, type: 'line', yAxisIndex: 1, symbolSize: 9, data: daily.map((d) => rate(d.champion.accept, d.decisions)), itemStyle: { color: '#8b9bb4' } },
        { name: labels.acceptChallenger, type: 'line', yAxisIndex: 1, symbolSize: 9, symbol: 'diamond', data: daily.map((d) => rate(d.challenger.accept, d.decisions)), itemStyle: { color: '#c55a24' } },
      ],
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [daily, labels]);
  return <div ref={ref} style={{ height: 260 }} data-testid="experiment-daily-chart" />;
}
