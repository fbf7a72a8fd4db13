// Draws every element with class "chart" from the JSON its data-source URL returns.
document.querySelectorAll(".chart[data-source]").forEach(async (element) => {
  const response = await fetch(element.dataset.source, { credentials: "same-origin" });
  if (!response.ok) return;
  const data = await response.json();
  const chart = echarts.init(element);
  chart.setOption({
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.series }],
  });
  chart.on("click", (params) => {
    if (params.data && params.data.kind) window.location = `/units/?kind=${params.data.kind}`;
  });
  window.addEventListener("resize", () => chart.resize());
});
