"use strict";
// Polls /live/data.json every second and draws what the launcher sampled from the services' /metrics.
(function () {
  const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  const charts = {};

  function chart(id, series) {
    const element = document.getElementById(id);
    const options = {
      width: Math.max(300, element.clientWidth || 500), height: 200,
      scales: { x: { time: true } },
      series: [{}].concat(series.map(s => ({ label: s.label, stroke: s.stroke, width: 2, scale: s.scale || "y", spanGaps: true }))),
      // Wide enough for "10,000,000" on the left axis.
      axes: [{}].concat(series.some(s => s.scale === "n")
        ? [{ scale: "y", size: 70 }, { scale: "n", side: 1, grid: { show: false } }] : [{ size: 70 }]),
    };
    return new uPlot(options, [[]].concat(series.map(() => [])), element);
  }

  function show(id, value) {
    const element = document.getElementById(id);
    element.textContent = value === null || value === undefined ? "?" : number.format(value);
    element.dataset.value = value === null || value === undefined ? "" : String(value);
  }

  function rate(id, perSecond) {
    document.getElementById(id).textContent = perSecond === null || perSecond < 0 ? "" : number.format(perSecond) + " /s";
  }

  function health(data, failedPoll) {
    const element = document.getElementById("health");
    let text, level;
    const down = (data.services || []).filter(s => !s.reachable || !s.ready);
    if (failedPoll) {
      text = "the launcher does not answer (" + failedPoll + "): figures are from " + new Date(data.atMillis || 0).toLocaleTimeString();
      level = "bad";
    } else if (!data.sampled) {
      text = "waiting for the first figures…"; level = "waiting";
    } else if (down.length > 0) {
      text = down.map(s => s.name + ": " + (s.problem || "not ready")).join("; "); level = "bad";
    } else if (data.lagGrowing) {
      text = "lag is growing: the consumers fall behind the producer"; level = "warn";
    } else {
      text = "every service ready; lag " + number.format(data.totalLag); level = "ok";
    }
    element.textContent = text;
    element.className = "health " + level;
    document.body.dataset.state = level;
  }

  function partitions(lag) {
    const body = document.querySelector("#partitions tbody");
    const max = Math.max(1, ...Object.values(lag));
    body.replaceChildren(...Object.entries(lag).map(([partition, value]) => {
      const row = document.createElement("tr");
      row.innerHTML = "<td>p" + partition + "</td><td class='num'></td><td class='bar'><span></span></td>";
      row.children[1].textContent = number.format(value);
      row.children[2].firstChild.style.width = Math.round(200 * value / max) + "px";
      return row;
    }));
  }

  function services(list) {
    const body = document.querySelector("#services tbody");
    body.replaceChildren(...list.map(s => {
      const row = document.createElement("tr");
      const state = !s.reachable ? "down" : s.ready ? "ready" : "not ready";
      row.innerHTML = "<td></td><td></td><td><a></a></td>";
      row.children[0].textContent = s.name + " :" + s.port;
      row.children[1].textContent = state + (s.problem && state !== "ready" ? " — " + s.problem : "");
      row.children[1].className = state === "ready" ? "up" : "down";
      const link = row.children[2].firstChild;
      link.href = location.protocol + "//" + location.hostname + ":" + s.port + s.metricsPath;
      link.textContent = "/metrics";
      return row;
    }));
  }

  function events(list) {
    const element = document.getElementById("events");
    element.replaceChildren(...list.slice().reverse().map(e => {
      const item = document.createElement("li");
      item.className = e.kind;
      item.textContent = new Date(e.atMillis).toLocaleTimeString() + "  " + e.kind + ": " + e.text;
      return item;
    }));
  }

  function draw(data) {
    const h = data.history;
    if (!charts.throughput) {
      charts.throughput = chart("chart-throughput", [{ label: "produced/s", stroke: "#3572b0" }, { label: "consumed/s", stroke: "#e07b00" }]);
      charts.lag = chart("chart-lag", [{ label: "total lag", stroke: "#b03535" }]);
      charts.rows = chart("chart-rows", [{ label: "rows stored", stroke: "#2e7d32" }, { label: "consumer instances", stroke: "#6a1b9a", scale: "n" }]);
    }
    charts.throughput.setData([h.t, h.producedPerSecond, h.consumedPerSecond]);
    charts.lag.setData([h.t, h.totalLag]);
    charts.rows.setData([h.t, h.rowsStored, h.consumerInstances]);
    document.body.dataset.points = String(h.t.length);
  }

  let last = {};
  async function poll() {
    try {
      const response = await fetch("/live/data.json", { cache: "no-store" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const data = await response.json();
      last = data;
      if (data.sampled) {
        show("produced", data.produced); rate("produced-rate", data.producedPerSecond);
        show("consumed", data.consumed); rate("consumed-rate", data.consumedPerSecond);
        show("total-lag", data.totalLag);
        document.getElementById("lag-trend").textContent = data.lagGrowing ? "growing" : "";
        show("rows-stored", data.rowsStored);
        show("dead-letters", data.deadLetters);
        show("consumer-instances", data.consumerInstances);
        partitions(data.lagByPartition);
        services(data.services);
        events(data.events);
        draw(data);
      }
      health(data, null);
    } catch (e) {
      health(last, e.message);
    } finally {
      setTimeout(poll, 1000);
    }
  }
  poll();
})();
