/**
 * The monitoring charts, plain SVG: a handful of bars and lines need no chart library, and the
 * numbers stay in the page (titles and labels a screen reader and a browser test can read).
 */
const W = 420;
const H = 220;
const M = { left: 44, right: 12, top: 12, bottom: 40 };
const plotW = W - M.left - M.right;
const plotH = H - M.top - M.bottom;

function YAxis({ max, format, ticks = 4 }: { max: number; format: (n: number) => string; ticks?: number }) {
  return (
    <g>
      {Array.from({ length: ticks + 1 }, (_, i) => {
        const v = (max * i) / ticks;
        const y = M.top + plotH - (plotH * i) / ticks;
        return (
          <g key={i}>
            <line className="grid" x1={M.left} x2={W - M.right} y1={y} y2={y} />
            <text x={M.left - 4} y={y + 3} textAnchor="end">
              {format(v)}
            </text>
          </g>
        );
      })}
      <line className="axis" x1={M.left} x2={M.left} y1={M.top} y2={M.top + plotH} />
    </g>
  );
}

/** Two distributions side by side per band (shares 0–1): the window and its baseline. */
export function PairedBars(props: { labels: string[]; window: number[]; baseline: number[] | null; format: (n: number) => string; names: [string, string]; label: string; testId: string }) {
  const max = Math.max(0.01, ...props.window, ...(props.baseline ?? []));
  const slot = plotW / Math.max(1, props.labels.length);
  const bar = props.baseline ? slot * 0.38 : slot * 0.7;
  const y = (v: number) => M.top + plotH - (plotH * v) / max;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label} data-testid={props.testId}>
      <YAxis max={max} format={props.format} />
      {props.labels.map((label, i) => {
        const x = M.left + i * slot + slot * 0.1;
        const b = props.baseline?.[i];
        return (
          <g key={label}>
            {b !== undefined ? (
              <rect className="baseline" x={x} y={y(b)} width={bar} height={M.top + plotH - y(b)}>
                <title>{`${props.names[1]} ${label}: ${props.format(b)}`}</title>
              </rect>
            ) : null}
            <rect className="window" x={props.baseline ? x + bar : x} y={y(props.window[i]!)} width={bar} height={M.top + plotH - y(props.window[i]!)}>
              <title>{`${props.names[0]} ${label}: ${props.format(props.window[i]!)}`}</title>
            </rect>
            <text x={M.left + i * slot + slot / 2} y={H - M.bottom + 14} textAnchor="middle">
              {label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Bad rate per cell, with its count under it (a rate on 12 customers reads as such). */
export function RateBars(props: { cells: { key: string; count: number; bads: number; badRate: number | null }[]; format: (n: number) => string; count: (n: number) => string; label: string; testId: string }) {
  const max = Math.max(0.01, ...props.cells.map((c) => c.badRate ?? 0));
  const slot = plotW / Math.max(1, props.cells.length);
  const y = (v: number) => M.top + plotH - (plotH * v) / max;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label} data-testid={props.testId}>
      <YAxis max={max} format={props.format} />
      {props.cells.map((c, i) => {
        const x = M.left + i * slot + slot * 0.15;
        const rate = c.badRate ?? 0;
        return (
          <g key={c.key}>
            <rect className="bad" x={x} y={y(rate)} width={slot * 0.7} height={M.top + plotH - y(rate)}>
              <title>{`${c.key}: ${c.badRate === null ? '–' : props.format(c.badRate)} (${props.count(c.bads)} / ${props.count(c.count)})`}</title>
            </rect>
            <text x={M.left + i * slot + slot / 2} y={H - M.bottom + 14} textAnchor="middle">
              {c.key}
            </text>
            <text x={M.left + i * slot + slot / 2} y={H - M.bottom + 28} textAnchor="middle" className="count">
              n={props.count(c.count)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A line over labelled points (null: a gap), e.g. Gini by month. */
export function LineChart(props: { points: { label: string; value: number | null }[]; min: number; max: number; format: (n: number) => string; label: string; testId: string }) {
  const span = props.max - props.min || 1;
  const step = plotW / Math.max(1, props.points.length - 1);
  const x = (i: number) => M.left + (props.points.length === 1 ? plotW / 2 : i * step);
  const y = (v: number) => M.top + plotH - (plotH * (v - props.min)) / span;
  const segments: string[] = [];
  let current = '';
  props.points.forEach((p, i) => {
    if (p.value === null) {
      if (current) segments.push(current);
      current = '';
    } else current += `${current ? ' L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const every = Math.max(1, Math.ceil(props.points.length / 8));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label} data-testid={props.testId}>
      {Array.from({ length: 5 }, (_, i) => {
        const v = props.min + (span * i) / 4;
        return (
          <g key={i}>
            <line className="grid" x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />
            <text x={M.left - 4} y={y(v) + 3} textAnchor="end">
              {props.format(v)}
            </text>
          </g>
        );
      })}
      {segments.map((d, i) => (
        <path key={i} className="line" d={d} />
      ))}
      {props.points.map((p, i) =>
        p.value === null ? null : (
          <circle key={p.label} cx={x(i)} cy={y(p.value)} r={3} className="window">
            <title>{`${p.label}: ${props.format(p.value)}`}</title>
          </circle>
        ),
      )}
      {props.points.map((p, i) =>
        i % every === 0 ? (
          <text key={`l${p.label}`} x={x(i)} y={H - M.bottom + 14} textAnchor="middle">
            {p.label}
          </text>
        ) : null,
      )}
    </svg>
  );
}

/** ROC curve from cumulative shares (goods on x, bads on y), with the chance diagonal. */
export function RocCurve(props: { points: [number, number][]; format: (n: number) => string; label: string; testId: string }) {
  const size = Math.min(plotW, plotH);
  const x = (v: number) => M.left + v * size;
  const y = (v: number) => M.top + size - v * size;
  const d = props.points.map(([fx, fy], i) => `${i ? 'L' : 'M'}${x(fx).toFixed(1)},${y(fy).toFixed(1)}`).join(' ');
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label} data-testid={props.testId}>
      <rect x={M.left} y={M.top} width={size} height={size} fill="none" className="axis" stroke="#8a94a8" />
      <line className="diagonal" x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} />
      <path className="line" d={d} />
      {[0, 0.5, 1].map((v) => (
        <g key={v}>
          <text x={x(v)} y={M.top + size + 12} textAnchor="middle">
            {props.format(v)}
          </text>
          <text x={M.left - 4} y={y(v) + 3} textAnchor="end">
            {props.format(v)}
          </text>
        </g>
      ))}
    </svg>
  );
}
