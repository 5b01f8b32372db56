(function () {
  "use strict";
  var units = [["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60]];
  var format = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }) : null;
  function refresh() {
    var now = Date.now();
    document.querySelectorAll("time.relative").forEach(function (element) {
      // A record a little ahead of this browser's clock reads "just now"; those far ahead are marked on the page.
      var seconds = Math.min(0, Math.round((Date.parse(element.getAttribute("datetime")) - now) / 1000));
      var text = "just now";
      for (var i = 0; i < units.length; i++) {
        if (Math.abs(seconds) >= units[i][1]) {
          var count = Math.trunc(seconds / units[i][1]);
          text = format ? format.format(count, units[i][0]) : Math.abs(count) + " " + units[i][0] + (Math.abs(count) === 1 ? "" : "s") + " ago";
          break;
        }
      }
      element.textContent = text;
      element.title = new Date(element.getAttribute("datetime")).toLocaleString();
    });
  }
  function applyFilters() {
    var shown = 0, total = 0;
    document.querySelectorAll("#activity .day").forEach(function (day) {
      var visible = 0;
      day.querySelectorAll(".run").forEach(function (run) {
        total += 1;
        if (getComputedStyle(run).display !== "none") { visible += 1; }
      });
      shown += visible;
      day.hidden = visible === 0;
    });
    var status = document.getElementById("filter-status");
    if (status) { status.textContent = shown === total ? "" : "Showing " + shown + " of " + total + " lines."; }
  }
  // Each shown time also in the viewer's own zone, when it is not the page's.
  function showViewerTimes() {
    var meta = document.querySelector('meta[name="activity-feed-time-zone"]');
    var pageZone = meta ? meta.getAttribute("content") : "UTC";
    var viewerZone = window.Intl ? Intl.DateTimeFormat().resolvedOptions().timeZone : "";
    if (!viewerZone || viewerZone === pageZone || (pageZone === "UTC" && /^(Etc\/)?(UTC|GMT)$/.test(viewerZone))) { return; }
    var clock = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
    document.querySelectorAll("#activity .when time[datetime], header time[datetime]").forEach(function (element) {
      var viewer = document.createElement("span");
      viewer.className = "viewer-time";
      viewer.textContent = clock.format(new Date(element.getAttribute("datetime"))) + " your time";
      element.parentNode.insertBefore(viewer, element.nextSibling);
    });
  }
  document.addEventListener("change", applyFilters);
  refresh();
  showViewerTimes();
  setInterval(refresh, 60000);
})();
