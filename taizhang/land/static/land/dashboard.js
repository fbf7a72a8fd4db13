// The land dashboard's chart, drawn from the API's feed (#dashboard-data) with the shared
// helpers of core/charts.js: area transferred and households transferring per village.
(async () => {
  const { draw } = window.taizhangCharts;
  const data = await window.taizhangCharts.load();
  if (!data) return;
  const rows = data.villages;
  const labels = document.querySelector('.chart[data-chart="villages"]').dataset;
  draw("villages", {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, bottom: 32, containLabel: true },
    xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { rotate: 30 } },
    yAxis: { type: "value" },
    series: [
      { name: labels.area, type: "bar", data: rows.map((r) => Number(r.area_mu)) },
      { name: labels.households, type: "bar", data: rows.map((r) => r.households_transferring) },
    ],
  });
})();
