// The retirees dashboard's chart, drawn from the API's stats (#dashboard-data) with the shared
// helpers of core/charts.js: this month's visits planned and done, and confirmations overdue,
// per community.
(async () => {
  const { draw } = window.taizhangCharts;
  const data = await window.taizhangCharts.load();
  if (!data) return;
  const rows = data.communities;
  const labels = document.querySelector('.chart[data-chart="communities"]').dataset;
  draw("communities", {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, bottom: 32, containLabel: true },
    xAxis: { type: "category", data: rows.map((r) => r.unit), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: labels.planned, type: "bar", data: rows.map((r) => r.visits_planned) },
      { name: labels.done, type: "bar", data: rows.map((r) => r.visits_done) },
      { name: labels.overdue, type: "bar", data: rows.map((r) => r.overdue) },
    ],
  });
})();
