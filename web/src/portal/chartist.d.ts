/**
 * The part of Chartist the portal uses. Chartist's own declarations import their neighbours
 * without a file extension, which TypeScript's NodeNext resolution does not follow, so its types
 * arrive empty; this module declaration states what trend-chart.tsx calls.
 */
declare module 'chartist' {
  export interface BarChartData {
    labels: readonly string[];
    series: readonly (readonly number[])[];
  }
  export interface AxisOptions {
    showGrid?: boolean;
    onlyInteger?: boolean;
    labelInterpolationFnc?: (value: unknown, index: number) => string | null;
  }
  export interface BarChartOptions {
    height?: string | number;
    chartPadding?: { top?: number; right?: number; bottom?: number; left?: number };
    axisX?: AxisOptions;
    axisY?: AxisOptions;
  }
  export class BarChart {
    constructor(query: Element | string, data: BarChartData, options?: BarChartOptions);
    detach(): void;
  }
}
