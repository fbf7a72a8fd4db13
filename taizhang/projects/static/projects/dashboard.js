// The project dashboard's charts, drawn from one JSON feed (#dashboard-data) with the shared
// helpers of core/charts.js. Every point carries the URL of the list behind it; clicking it
// opens that list.
(async () => {
  const { draw, itemTooltip } = window.taizhangCharts;
  const data = await window.taizhangCharts.load();
  if (!data) return;

  const pie = (groups) => ({
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "65%"], data: groups }],
  });

  const bars = (groups) => ({
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 8, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: groups.map((g) => g.name), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", name: data.labels.projects },
    series: [{ type: "bar", data: groups }],
  });

  draw("categories", pie(data.categories));
  draw("natures", pie(data.natures));
  draw("subdistricts", bars(data.subdistricts));
  draw("departments", bars(data.departments));

  const monthly = data.monthly;
  draw("monthly", {
    url: monthly.url,
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, bottom: 40, containLabel: true },
    xAxis: { type: "category", data: monthly.months.map((m) => `${m}`) },
    yAxis: { type: "value" },
    series: [
      {
        name: data.labels.cumulative,
        type: "bar",
        data: monthly.cumulative_wan.map(Number),
        markLine: {
          symbol: "none",
          data: [{ yAxis: Number(monthly.plan_wan), name: data.labels.plan }],
          label: { formatter: data.labels.plan },
        },
      },
      { name: data.labels.target, type: "line", data: monthly.target_wan.map(Number) },
    ],
  });

  if (data.warnings) {
    const colours = { green: "#2e7d32", yellow: "#f9a825", red: "#c62828" };
    draw(
      "warnings",
      pie(data.warnings.map((w) => ({ ...w, itemStyle: { color: colours[w.level] } }))),
    );
  }

  draw("map", {
    tooltip: { trigger: "item", formatter: itemTooltip(2) },
    grid: { left: 8, right: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", scale: true, name: "E" },
    yAxis: { type: "value", scale: true, name: "N" },
    series: [
      {
        type: "scatter",
        data: data.map,
        symbolSize: (value) => Math.max(6, Math.min(30, Math.sqrt(Number(value[2])) / 10)),
      },
    ],
  });

})();
