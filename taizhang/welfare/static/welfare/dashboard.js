// The welfare dashboard's charts, drawn from the API's feed (#dashboard-data) with the shared
// helpers of core/charts.js: people and households enrolled per village, and hand-outs done
// against planned. A bar opens the list it counts.
(async () => {
  const { draw } = window.taizhangCharts;
  const data = await window.taizhangCharts.load();
  if (!data) return;
  const rows = data.villages;
  const bars = (series) => ({
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, bottom: 32, containLabel: true },
    xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { rotate: 30 } },
    yAxis: { type: "value" },
    series: series.map(([label, value, link]) => ({
      name: label,
      type: "bar",
      data: rows.map((r) => ({ value: r[value], url: r.links[link] })),
    })),
  });
  draw(
    "villages",
    bars([
      [data.labels.people, "enrolled_people", "enrolled"],
      [data.labels.households, "enrolled_households", "enrolled"],
    ]),
  );
  draw(
    "handouts",
    bars([
      [data.labels.planned, "handouts_planned", "handouts_planned"],
      [data.labels.done, "handouts_done", "handouts_done"],
    ]),
  );
})();
