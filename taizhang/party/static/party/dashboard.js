// The Double Hundred dashboard's charts, drawn from its feed (#dashboard-data) with the shared
// helpers of core/charts.js: projects by area, meeting compliance by branch, scores.
(async () => {
  const { draw } = window.taizhangCharts;
  const data = await window.taizhangCharts.load();
  if (!data) return;
  const labels = document.querySelector('.chart[data-chart="areas"]').dataset;
  const bars = (names, series) => ({
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, bottom: 32, containLabel: true },
    xAxis: { type: "category", data: names, axisLabel: { rotate: 30 } },
    yAxis: { type: "value" },
    series,
  });
  draw(
    "areas",
    bars(data.by_area.map((r) => r.label), [
      { name: labels.projects, type: "bar", data: data.by_area.map((r) => r.projects) },
      { name: labels.finished, type: "bar", data: data.by_area.map((r) => r.finished) },
    ]),
  );
  draw(
    "orgs",
    bars(data.orgs.map((r) => r.name), [
      { type: "bar", data: data.orgs.map((r) => (r.share === null ? 0 : Math.round(r.share * 100))) },
    ]),
  );
  draw(
    "scores",
    bars(data.scores.map((r) => r.name), [{ type: "bar", data: data.scores.map((r) => r.total) }]),
  );
})();
