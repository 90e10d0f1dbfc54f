// Bar charts for report tables. Each <canvas data-chart="bar"> carries its figures in data
// attributes (no inline script, so a strict Content-Security-Policy holds); the table beside it
// has the same figures for everyone who cannot see the chart.
for (const canvas of document.querySelectorAll('canvas[data-chart="bar"]')) {
  const keys = JSON.parse(canvas.dataset.labels);
  const names = JSON.parse(canvas.dataset.names || "{}");
  // eslint-disable-next-line no-undef
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: keys.map((key) => names[key] || key),
      datasets: [{ label: canvas.dataset.label, data: JSON.parse(canvas.dataset.values), backgroundColor: "#005eb8" }],
    },
    options: { indexAxis: "y", animation: false, plugins: { legend: { display: false } } },
  });
}
