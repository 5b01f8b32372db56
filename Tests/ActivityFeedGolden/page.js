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
  var search = document.getElementById("search");
  var groups = { person: "actor", signal: "signal", list: "list" };
  // Hides lines the text search misses, days left empty, and says how many records match.
  function applyFilters() {
    var words = search ? search.value.trim().toLowerCase() : "";
    var shown = 0, total = 0;
    document.querySelectorAll("#activity .day").forEach(function (day) {
      var visible = 0;
      day.querySelectorAll(".run").forEach(function (run) {
        var text = Array.prototype.map.call(run.querySelectorAll(".actor, .subject, .parent"), function (part) {
          return part.textContent;
        }).join(" ").toLowerCase();
        run.classList.toggle("search-miss", words !== "" && text.indexOf(words) < 0);
        var records = run.querySelectorAll(".anchor").length;
        total += records;
        if (getComputedStyle(run).display !== "none") { visible += records; }
      });
      shown += visible;
      day.hidden = visible === 0;
    });
    var status = document.getElementById("filter-status");
    if (status) { status.textContent = shown === total ? "" : "Showing " + shown + " of " + total + " records."; }
  }
  // The filters' state in the address (#person=…&list=…&signal=…&q=…), so it can be bookmarked.
  function saveState() {
    var state = new URLSearchParams();
    Object.keys(groups).forEach(function (key) {
      var checked = document.querySelector('input[name="' + groups[key] + '"]:checked');
      if (checked && checked.value) { state.set(key, checked.value); }
    });
    if (search && search.value) { state.set("q", search.value); }
    var text = state.toString();
    if (text || location.hash.indexOf("=") >= 0) {
      history.replaceState(null, "", location.pathname + location.search + (text ? "#" + text : ""));
    }
  }
  function restoreState() {
    var source = location.hash.indexOf("=") >= 0 ? location.hash.slice(1) : location.search.slice(1);
    var state = new URLSearchParams(source);
    Object.keys(groups).forEach(function (key) {
      var value = state.get(key);
      if (value === null) { return; }
      document.querySelectorAll('input[name="' + groups[key] + '"]').forEach(function (input) {
        if (input.value === value) { input.checked = true; }
      });
    });
    if (search && state.get("q")) { search.value = state.get("q"); }
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
  if (search) {
    search.parentNode.hidden = false;
    search.addEventListener("input", function () { applyFilters(); saveState(); });
  }
  document.addEventListener("change", function () { applyFilters(); saveState(); });
  restoreState();
  applyFilters();
  refresh();
  showViewerTimes();
  setInterval(refresh, 60000);
})();
