// The land dashboard's map of parcels: a scatter on longitude and latitude value axes (no map
// tiles: the platform works offline), one series per state, drawn from the page's
// json_script (#parcel-map-data) with the shared helpers of core/charts.js. A degree of
// longitude is shorter than one of latitude by cos(latitude); the axes are stretched so that a
// kilometre is as long across as up, whatever the chart's size. Every text from the data goes
// through `escape`: ECharts renders tooltips as HTML.
(() => {
  const source = document.getElementById("parcel-map-data");
  const element = document.querySelector('.chart[data-chart="parcels"]');
  if (!source || !element || typeof echarts === "undefined") return;
  const { escape } = window.taizhangCharts;
  const { points, labels } = JSON.parse(source.textContent);
  const colours = { transferred: "#2e7d32", overdue: "#c62828", not_transferred: "#9e9e9e" };
  const grid = { left: 64, right: 24, top: 24, bottom: 64 };

  const tooltip = (params) => {
    const p = params.data;
    const area = p.measured_mu
      ? `${escape(p.area_mu)} (${escape(labels.measured)}: ${escape(p.measured_mu)})`
      : escape(p.area_mu);
    return [
      `<strong>${escape(p.name)}</strong> · ${escape(p.village)}`,
      escape(labels.states[p.state]),
      `${escape(labels.household)}: ${escape(p.household)}`,
      `${escape(labels.area)}: ${area}`,
      `${escape(labels.transferee)}: ${escape(p.transferee || "—")}`,
    ].join("<br>");
  };

  // Axis ranges with equal scale: the data's box, padded, widened on the short side.
  const ranges = (width, height) => {
    const lons = points.map((p) => p.value[0]);
    const lats = points.map((p) => p.value[1]);
    const [west, east] = [Math.min(...lons), Math.max(...lons)];
    const [south, north] = [Math.min(...lats), Math.max(...lats)];
    const shrink = Math.cos((((south + north) / 2) * Math.PI) / 180);
    const centre = [(west + east) / 2, (south + north) / 2];
    // Half-spans in "latitude degrees", at least about 100 m, with a margin of a quarter.
    let halfX = Math.max(((east - west) * shrink) / 2, 0.001) * 1.25;
    let halfY = Math.max((north - south) / 2, 0.001) * 1.25;
    if (halfX / halfY < width / height) halfX = (halfY * width) / height;
    else halfY = (halfX * height) / width;
    return {
      x: [centre[0] - halfX / shrink, centre[0] + halfX / shrink],
      y: [centre[1] - halfY, centre[1] + halfY],
    };
  };

  const chart = echarts.init(element);
  const axes = () => {
    const width = Math.max(chart.getWidth() - grid.left - grid.right, 1);
    const height = Math.max(chart.getHeight() - grid.top - grid.bottom, 1);
    const { x, y } = ranges(width, height);
    // The ends of the axes fall between ticks: their labels would crowd the next ones.
    const label = {
      formatter: (value) => value.toFixed(3),
      showMinLabel: false,
      showMaxLabel: false,
    };
    return {
      xAxis: { type: "value", name: labels.longitude, min: x[0], max: x[1], axisLabel: label },
      yAxis: { type: "value", name: labels.latitude, min: y[0], max: y[1], axisLabel: label },
    };
  };
  chart.setOption({
    grid,
    legend: { bottom: 0 },
    tooltip: { trigger: "item", formatter: tooltip },
    ...axes(),
    series: Object.keys(colours).map((state) => ({
      name: labels.states[state],
      type: "scatter",
      symbolSize: 9,
      itemStyle: { color: colours[state] },
      data: points.filter((p) => p.state === state),
    })),
  });
  chart.on("click", (params) => {
    if (params.data && params.data.url) window.location = params.data.url;
  });
  window.addEventListener("resize", () => {
    chart.resize();
    chart.setOption(axes());
  });
})();
