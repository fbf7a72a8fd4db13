// The dashboards' shared part: load the page's JSON feed (#dashboard-data), draw ECharts
// charts whose points open the list behind them, and escape every text that comes from data.
// ECharts renders tooltips as HTML, so a project or unit name such as <img onerror=…> must
// reach it escaped: every tooltip here goes through a formatter of this file.
window.taizhangCharts = (() => {
  const charts = [];
  const escape = (text) => echarts.format.encodeHTML(String(text ?? ""));

  const load = async () => {
    const source = document.getElementById("dashboard-data");
    if (!source || typeof echarts === "undefined") return null;
    const response = await fetch(source.dataset.source, { credentials: "same-origin" });
    return response.ok ? response.json() : null;
  };

  // One point: its name and value (or the value's `valueIndex`th part, for scatter points).
  const itemTooltip = (valueIndex) => (params) => {
    const value = Array.isArray(params.value) ? params.value[valueIndex ?? 0] : params.value;
    return `${escape(params.name)}<br>${escape(value)}`;
  };

  // Every series at one category of the axis.
  const axisTooltip = (params) => {
    const rows = [].concat(params);
    const head = rows.length ? escape(rows[0].axisValueLabel ?? rows[0].name) : "";
    return [head, ...rows.map((row) => `${escape(row.seriesName)}: ${escape(row.value)}`)].join(
      "<br>",
    );
  };

  const draw = (name, option) => {
    const element = document.querySelector(`.chart[data-chart="${name}"]`);
    if (!element) return;
    const chart = echarts.init(element);
    const trigger = (option.tooltip && option.tooltip.trigger) || "item";
    const formatter = trigger === "axis" ? axisTooltip : itemTooltip();
    chart.setOption({ ...option, tooltip: { trigger, formatter, ...option.tooltip } });
    chart.on("click", (params) => {
      const url = (params.data && params.data.url) || option.url;
      if (url) window.location = url;
    });
    charts.push(chart);
  };

  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
  return { escape, load, draw, itemTooltip, axisTooltip };
})();
