/// The admin page's embedded Mustache template, so the `activity-feed` binary works
/// copied anywhere on its own; a template folder may replace any part by name.
///
/// Parts: `index` (the page, `index.html`), `stylesheet` (`page.css`: the `style` part, then the
/// filter rules), `style` (the page's look) and `script` (`page.js`, the optional enhancement:
/// live relative times, hiding days a filter empties, announcing how many lines show; a record stamped
/// in the future is marked as such with its absolute time, which the script leaves alone). The page
/// links its stylesheet and script and holds no inline style, script or event handler, so it works
/// under a `Content-Security-Policy` with `style-src 'self'; script-src 'self'`. Without JavaScript
/// the page is complete: filters are radio buttons whose `:checked` state CSS turns into rules.
/// Every user-text value sits in a `<bdi>`, so a bidirectional control in one value cannot
/// reorder its neighbours.
enum DefaultPageTemplate {
    /// Every part by name.
    static let parts: [(String, String)] = [
        ("index", index), ("stylesheet", stylesheet), ("style", style), ("script", script),
    ]

    static let index = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <meta name="activity-feed-generated" content="{{generatedAt}}">
        <meta name="activity-feed-time-zone" content="{{timeZoneName}}">
        <title>{{title}}</title>
        <link rel="alternate" type="application/atom+xml" title="{{title}} (Atom)" href="{{feedHref}}">
        <link rel="stylesheet" href="page.css">
        <script src="page.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#activity-heading">Skip to recent activity</a>
        <header>
        <h1>{{title}}</h1>
        <p class="subtitle">{{subtitle}}</p>
        <p class="meta">Times in {{timeZoneName}} · Last updated <time datetime="{{generated.iso}}">{{generated.absolute}}</time>{{#latest}} · latest activity <time datetime="{{iso}}" title="{{absolute}}">{{absolute}}</time>{{/latest}} · <a href="{{feedHref}}">Atom feed</a></p>
        </header>
        <main>
        <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">Summary</h2>
        <table class="figures">
        <caption>Records per signal</caption>
        <thead><tr><th scope="col">Signal</th><th scope="col">Last 24 hours</th><th scope="col">Last 7 days</th><th scope="col">All time</th>{{#totalFuture}}<th scope="col">In the future</th>{{/totalFuture}}</tr></thead>
        <tbody>
        {{#signals}}
        <tr><th scope="row"><bdi>{{signal}}</bdi></th><td data-label="Last 24 hours">{{lastDay}}</td><td data-label="Last 7 days">{{lastWeek}}</td><td data-label="All time">{{allTime}}</td>{{#future}}<td class="future" data-label="In the future">{{.}}</td>{{/future}}</tr>
        {{/signals}}
        </tbody>
        <tfoot><tr><th scope="row">All signals</th><td data-label="Last 24 hours">{{totalLastDay}}</td><td data-label="Last 7 days">{{totalLastWeek}}</td><td data-label="All time">{{totalAllTime}}</td>{{#totalFuture}}<td class="future" data-label="In the future">{{.}}</td>{{/totalFuture}}</tr></tfoot>
        </table>
        {{#approximate}}
        <p class="note">≈: the store's window does not reach back that far, so the figure counts whole UTC days.</p>
        {{/approximate}}
        {{#totalFuture}}
        <p class="note future-note">In the future: {{.}} record(s) are stamped later than this page was published, by a clock running ahead. They count under All time and In the future, not in the last 24 hours or 7 days, and are marked “in the future” below.</p>
        {{/totalFuture}}
        </section>
        <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">Activity over the last {{chart.days}} days</h2>
        <figure>
        <svg class="chart" viewBox="0 0 {{chart.width}} {{chart.height}}" width="{{chart.width}}" height="{{chart.height}}" role="img" aria-labelledby="chart-title">
        <title id="chart-title">{{chart.summary}}</title>
        <line class="axis" x1="40" y1="{{chart.baseline}}" x2="{{chart.width}}" y2="{{chart.baseline}}"></line>
        {{#chart.bars}}
        <rect class="bar" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"><title>{{label}}</title></rect>
        {{/chart.bars}}
        {{#chart.labels}}
        <text x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>
        {{/chart.labels}}
        </svg>
        <figcaption>{{chart.summary}}</figcaption>
        </figure>
        <details>
        <summary>Days with activity, as a table</summary>
        <table>
        <thead><tr><th scope="col">Day ({{timeZoneName}})</th><th scope="col">Records</th></tr></thead>
        <tbody>
        {{#chart.rows}}
        <tr><th scope="row">{{day}}</th><td>{{count}}</td></tr>
        {{/chart.rows}}
        </tbody>
        </table>
        </details>
        </section>
        <section aria-labelledby="activity-heading" class="activity">
        <h2 id="activity-heading">Recent activity</h2>
        <p class="note">The newest {{windowSize}} records, by day and time in {{timeZoneName}}.</p>
        {{#hasLateStarts}}
        <div class="note late-start"><p>Where a source's history starts after its first record, the records before were never read (its log was rotated away before the first build, or the feed state started later). A notice, not a gap:</p>
        <ul>{{#lateStarts}}<li><bdi>{{source}}</bdi>: history starts at seq {{seq}}</li>{{/lateStarts}}</ul></div>
        {{/hasLateStarts}}
        <p class="search" hidden><label for="search">Search titles, people and lists</label> <input type="search" id="search" autocomplete="off"></p>
        <span class="filter-name" id="filter-actor">Person</span>
        <input type="radio" name="actor" id="fa-0" value="" checked aria-describedby="filter-actor"><label for="fa-0">Everyone</label>
        {{#actorChoices}}
        <input type="radio" name="actor" id="fa-{{index}}" value="{{name}}" aria-describedby="filter-actor"><label for="fa-{{index}}"><bdi>{{name}}</bdi> <span class="count">{{count}}</span></label>
        {{/actorChoices}}
        <br>
        <span class="filter-name" id="filter-signal">Signal</span>
        <input type="radio" name="signal" id="fs-0" value="" checked aria-describedby="filter-signal"><label for="fs-0">All signals</label>
        {{#signalChoices}}
        <input type="radio" name="signal" id="fs-{{index}}" value="{{name}}" aria-describedby="filter-signal"><label for="fs-{{index}}"><bdi>{{name}}</bdi> <span class="count">{{count}}</span></label>
        {{/signalChoices}}
        <br>
        <span class="filter-name" id="filter-list">List</span>
        <input type="radio" name="list" id="fl-0" value="" checked aria-describedby="filter-list"><label for="fl-0">All lists</label>
        {{#listChoices}}
        <input type="radio" name="list" id="fl-{{index}}" value="{{name}}" aria-describedby="filter-list"><label for="fl-{{index}}"><bdi>{{name}}</bdi> <span class="count">{{count}}</span></label>
        {{/listChoices}}
        <p class="note" id="filter-status" aria-live="polite"></p>
        <div id="activity">
        {{#days}}
        <section class="day" aria-labelledby="{{id}}">
        <h3 id="{{id}}">{{heading}}</h3>
        <ol>
        {{#lines}}
        <li class="run a{{actorIndex}} s{{signalIndex}} l{{listIndex}}{{#time.isFuture}} future{{/time.isFuture}}">{{#anchors}}<span class="anchor" id="{{.}}"></span>{{/anchors}}<bdi class="actor">{{actor}}</bdi> <bdi class="verb">{{verb}}</bdi>{{#subject}} <bdi class="subject">{{.}}</bdi>{{/subject}}{{#parent}} {{preposition}} <bdi class="parent">{{.}}</bdi>{{/parent}}{{suffix}} <span class="when">{{#time.isFuture}}<strong class="future-label">{{time.relative}}</strong> <time class="future" datetime="{{time.iso}}">{{time.absolute}}</time>{{/time.isFuture}}{{^time.isFuture}}<time class="relative" datetime="{{time.iso}}" title="{{time.absolute}}">{{time.relative}}</time> <span class="absolute">{{time.absolute}}</span>{{/time.isFuture}}</span>
        {{#hasDetails}}
        <ul class="details">{{#details}}<li><bdi class="field">{{field}}</bdi>: <bdi class="old">{{old}}</bdi> → <bdi class="new">{{new}}</bdi></li>{{/details}}</ul>
        {{/hasDetails}}
        </li>
        {{/lines}}
        </ol>
        </section>
        {{/days}}
        {{^hasActivity}}
        <p>No activity yet.</p>
        {{/hasActivity}}
        </div>
        <p class="note match-count"><span class="matching"></span>{{windowSize}} records; the filters above combine (person and signal and list).</p>
        </section>
        <section aria-labelledby="people-heading">
        <h2 id="people-heading">Most active people</h2>
        <table>
        <thead><tr><th scope="col">Person</th><th scope="col">Records</th></tr></thead>
        <tbody>
        {{#mostActive}}
        <tr><th scope="row"><bdi>{{name}}</bdi></th><td>{{count}}</td></tr>
        {{/mostActive}}
        </tbody>
        </table>
        </section>
        </main>
        <footer>
        <p>Published by activity-feed at <time datetime="{{generated.iso}}">{{generated.absolute}}</time>. Subscribe to the <a href="{{feedHref}}">Atom feed</a> to follow every change.</p>
        </footer>
        </body>
        </html>

        """#

    /// `page.css`: the page's look, then one rule per filter choice that hides the lines it excludes.
    static let stylesheet = #"""
        {{> style}}
        {{#actorChoices}}
        #fa-{{index}}:checked ~ #activity .run:not(.a{{index}}) { display: none; }
        {{/actorChoices}}
        {{#signalChoices}}
        #fs-{{index}}:checked ~ #activity .run:not(.s{{index}}) { display: none; }
        {{/signalChoices}}
        {{#listRuleIndexes}}
        #fl-{{.}}:checked ~ #activity .run:not(.l{{.}}) { display: none; }
        {{/listRuleIndexes}}

        """#

    static let style = #"""
        :root { --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0a58ca; --bar: #2f81f7; --chip: #eef2f6; --warn: #9a6700; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --accent: #79b8ff; --bar: #58a6ff; --chip: #1f2630; --warn: #d29922; }
        }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 60rem; padding: 1rem; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, sans-serif; }
        a { color: var(--accent); }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .25rem .5rem; }
        h1 { margin-bottom: 0; }
        .subtitle, .meta, .note, .absolute, .count { color: var(--muted); }
        .meta, .note { font-size: .9rem; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; }
        th, td { border-bottom: 1px solid var(--line); padding: .25rem .75rem; text-align: left; }
        td { text-align: right; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; }
        figure { margin: 0; overflow-x: auto; }
        .chart { max-width: 100%; height: auto; }
        .chart .bar { fill: var(--bar); }
        .chart .axis { stroke: var(--line); }
        .chart text { fill: var(--muted); font-size: 11px; }
        figcaption { color: var(--muted); font-size: .9rem; }
        .activity input[type=radio] { position: absolute; opacity: 0; width: 1px; height: 1px; }
        .activity label { display: inline-block; margin: .15rem .1rem; padding: .1rem .6rem; border: 1px solid var(--line); border-radius: 1rem; background: var(--chip); cursor: pointer; overflow-wrap: anywhere; }
        .activity input:checked + label { border-color: var(--accent); outline: 1px solid var(--accent); }
        .activity input:focus-visible + label { outline: 2px solid var(--accent); outline-offset: 2px; }
        .filter-name { font-weight: 600; margin-right: .25rem; }
        .activity .search label { display: inline; margin: 0; padding: 0; border: 0; background: none; cursor: auto; }
        .day h3 { font-size: 1rem; margin: 1.25rem 0 .25rem; border-bottom: 1px solid var(--line); }
        .day ol { list-style: none; padding: 0; margin: 0; }
        #activity { counter-reset: matching; }
        .run.search-miss { display: none; }
        .search input { font: inherit; max-width: 100%; padding: .2rem .4rem; color: var(--fg); background: var(--bg); border: 1px solid var(--muted); border-radius: .25rem; }
        #activity .run .anchor { counter-increment: matching; }
        .match-count .matching::before { content: counter(matching) " of "; font-weight: 600; }
        .run { padding: .3rem 0; overflow-wrap: anywhere; }
        .actor { font-weight: 600; }
        .when { font-size: .85rem; margin-left: .25rem; }
        .future-label, td.future, .future-note { color: var(--warn); }
        .future-label { font-weight: 600; }
        .viewer-time { color: var(--muted); margin-left: .35rem; }
        .viewer-time::before { content: "· "; }
        .details { margin: .15rem 0 0 1rem; padding: 0; font-size: .9rem; color: var(--muted); }
        .run:target, .run:has(.anchor:target) { background: var(--chip); }
        @media (max-width: 40rem) {
          body { padding: .75rem; }
          table.figures, table.figures caption, table.figures tbody, table.figures tfoot, table.figures tr, table.figures th, table.figures td { display: block; }
          table.figures thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
          table.figures tr { display: grid; grid-template-columns: repeat(auto-fit, minmax(5rem, 1fr)); gap: 0 .5rem; border: 1px solid var(--line); border-radius: .5rem; margin: .5rem 0; padding: .25rem .5rem; }
          table.figures th { grid-column: 1 / -1; }
          table.figures th, table.figures td { border: 0; padding: .1rem 0; overflow-wrap: anywhere; text-align: left; }
          table.figures td::before { content: attr(data-label); display: block; color: var(--muted); font-size: .8rem; }
        }
        footer { margin-top: 2rem; color: var(--muted); font-size: .9rem; }

        """#

    static let script = #"""
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

        """#
}
