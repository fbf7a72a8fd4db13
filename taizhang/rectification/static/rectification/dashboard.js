// The rectification dashboard's charts, drawn from one JSON feed (#dashboard-data) with the
// shared helpers of core/charts.js: findings rectified and verified per agency and
// subdistrict, and the agencies by on-time closure.
(async () => {
  const { draw } = window.taizhangCharts;
  const data = await window.taizhangCharts.load();
  if (!data) return;

  const stacked = (rows) => ({
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, bottom: 32, containLabel: true },
    xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { rotate: 30 } },
    yAxis: { type: "value" },
    series: [
      { name: data.labels.findings, type: "bar", data: rows.map((r) => r.findings) },
      { name: data.labels.rectified, type: "bar", data: rows.map((r) => r.rectified) },
      { name: data.labels.verified, type: "bar", data: rows.map((r) => r.verified) },
      { name: data.labels.overdue, type: "bar", data: rows.map((r) => r.overdue) },
    ],
  });

  draw("agencies", stacked(data.by_agency));
  draw("subdistricts", stacked(data.by_subdistrict));
  draw("ranking", {
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: data.agency_ranking.map((r) => r.name) },
    series: [
      {
        name: data.labels.on_time,
        type: "bar",
        data: data.agency_ranking.map((r) => Math.round((r.on_time_share || 0) * 100)),
      },
    ],
  });
})();
