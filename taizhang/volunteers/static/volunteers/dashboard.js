// The volunteer dashboard's charts, drawn from the API's feed (#dashboard-data) with the shared
// helpers of core/charts.js: letters signed and pending by community, and hours by volunteer.
// Each bar opens the list behind it.
(async () => {
  const { draw } = window.taizhangCharts;
  const data = await window.taizhangCharts.load();
  if (!data) return;
  const labels = document.querySelector('.chart[data-chart="letters"]').dataset;
  draw("letters", {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, bottom: 32, containLabel: true },
    xAxis: { type: "category", data: data.communities.map((r) => r.name) },
    yAxis: { type: "value" },
    url: labels.url,
    series: [
      { name: labels.signed, type: "bar", stack: "t", data: data.communities.map((r) => r.signed) },
      { name: labels.pending, type: "bar", stack: "t", data: data.communities.map((r) => r.targets - r.signed) },
    ],
  });
  draw("ranking", {
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value" },
    yAxis: { type: "category", inverse: true, data: data.ranking.map((r) => r.name) },
    series: [
      {
        type: "bar",
        data: data.ranking.map((r) => ({ value: Number(r.hours), url: r.url })),
      },
    ],
  });
})();
