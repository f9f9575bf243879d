import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

export type Series = { key: string; label: string; color: string }

type CountChartProps = {
  /** title names the chart; the table that follows it holds the same figures. */
  title: string
  tableId: string
  data: Array<Record<string, string | number>>
  category: string
  series: Series[]
}

/**
 * CountChart is a bar chart of counts. It is a picture of the table that follows it
 * (aria-describedby), which screen reader and keyboard users read instead.
 */
export function CountChart({ title, tableId, data, category, series }: CountChartProps) {
  return (
    <figure className="margin-x-0 ccpor-chart" aria-label={title} aria-describedby={tableId}>
      <div style={{ width: '100%', height: 320 }} role="img" aria-label={`${title}; the figures are in the table below`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey={category} tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  )
}

export default CountChart
