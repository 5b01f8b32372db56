#!/usr/bin/env python3
"""Loads the admin page in headless Chromium, JavaScript on, and checks that it
works under the strict Content-Security-Policy it is served with.

    PAGE_BEARER_TOKEN=... python3 scripts/check-page-csp.py URL [--screenshot PNG]

URL is the page (for example http://127.0.0.1:8080/admin/); the bearer token,
taken from the environment so that it stays out of the process list, is sent
with every request. Fails (exit 1, one line per problem) unless:

- the page answers 200 with a Content-Security-Policy header holding exactly
  the directives of the admin policy (EXPECTED_POLICY below), and without
  'unsafe-inline' or 'unsafe-eval';
- Chromium reports no violation of it: no `securitypolicyviolation` event, no
  console message about the Content Security Policy or a refused resource, no
  uncaught error (`pageerror`);
- the stylesheet and the script it links (page.css, page.js) load with status
  200 and a CSS and a JavaScript type;
- the stylesheet applies (the filter radio buttons are visually hidden) and
  the script runs: choosing a person's filter hides the other lines (the
  stylesheet's rule) and the script fills #filter-status with
  "Showing N of M records." (records, not lines: a line may hold several).

Needs Playwright from PyPI (`pip install playwright`) and Debian's chromium;
Playwright's own browser download is not used (executable_path).
"""

import argparse
import os
import re
import sys

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
EXPECTED_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

# Runs in every document before the page's own script, through the DevTools
# protocol, so the policy does not apply to it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline")
    + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


def directives(policy):
    """A policy as {directive: sorted sources}, so spacing and order do not matter."""
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = sorted(words[1:])
    return parsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--screenshot", help="also save a full-page screenshot here")
    args = parser.parse_args()

    problems = []
    status_text = ""
    console = []
    errors = []
    assets = {}
    headers = {}
    token = os.environ.get("PAGE_BEARER_TOKEN")
    if token:
        headers["Authorization"] = f"Bearer {token}"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            context = browser.new_context(extra_http_headers=headers, viewport={"width": 1280, "height": 2000})
            context.add_init_script(RECORD_VIOLATIONS)
            page = context.new_page()
            page.on("console", lambda message: console.append((message.type, message.text)))
            page.on("pageerror", lambda error: errors.append(str(error)))

            def remember(response):
                name = response.url.split("?")[0].rsplit("/", 1)[-1]
                if name in ("page.css", "page.js"):
                    assets[name] = (response.status, response.headers.get("content-type", ""))

            page.on("response", remember)
            response = page.goto(args.url, wait_until="load", timeout=60_000)
            if response is None or response.status != 200:
                problems.append(f"the page answered {response.status if response else 'nothing'}, not 200")
            policy = (response.headers.get("content-security-policy", "") if response else "")
            if not policy:
                problems.append("the page was served without a Content-Security-Policy header")
            elif directives(policy) != directives(EXPECTED_POLICY):
                problems.append(f"Content-Security-Policy is {policy!r}, expected {EXPECTED_POLICY!r}")
            if re.search(r"'unsafe-(inline|eval)'", policy):
                problems.append(f"the policy allows inline code: {policy!r}")

            for name, kind in (("page.css", "text/css"), ("page.js", "javascript")):
                status, content_type = assets.get(name, (None, ""))
                if status != 200 or kind not in content_type:
                    problems.append(f"{name}: status {status}, Content-Type {content_type!r} (expected 200, {kind})")

            hidden = page.evaluate(
                "() => { const radio = document.querySelector('.activity input[type=radio]');"
                " return radio ? getComputedStyle(radio).opacity : null; }")
            if hidden != "0":
                problems.append(f"the stylesheet did not apply (filter radio opacity {hidden!r}, expected '0')")

            runs = page.locator("#activity .run")
            total = runs.count()
            if total < 2:
                problems.append(f"the page lists {total} lines; the check needs two people's lines")
            elif page.locator("label[for='fa-1']").count() != 1:
                problems.append("the page has no filter for its most active person (label for fa-1)")
            else:
                page.locator("label[for='fa-1']").click()
                try:
                    page.wait_for_function(
                        "() => (document.getElementById('filter-status') || {}).textContent", timeout=10_000)
                except PlaywrightTimeout:
                    pass  # reported below: the status stays empty
                status_text = page.locator("#filter-status").text_content() or ""
                shown = page.evaluate(
                    "() => [...document.querySelectorAll('#activity .run')]"
                    ".filter(run => getComputedStyle(run).display !== 'none')"
                    ".reduce((sum, run) => sum + run.querySelectorAll('.anchor').length, 0)")
                records = page.evaluate("() => document.querySelectorAll('#activity .run .anchor').length")
                match = re.fullmatch(r"Showing (\d+) of (\d+) records\.", status_text.strip())
                if not match:
                    problems.append(f"the script did not fill #filter-status after filtering: {status_text!r}")
                elif (int(match.group(1)), int(match.group(2))) != (shown, records) or shown >= records:
                    problems.append(f"#filter-status says {status_text!r}, but {shown} of {records} records show")

            violations = page.evaluate("() => window.__cspViolations")
            if args.screenshot:
                page.screenshot(path=args.screenshot, full_page=False)
        finally:
            browser.close()

    problems += [f"CSP violation: {violation}" for violation in violations]
    problems += [f"uncaught error: {error}" for error in errors]
    for kind, text in console:
        if "Content Security Policy" in text or "Refused to" in text:
            problems.append(f"console {kind}: {text}")
    if problems:
        for problem in problems:
            print(f"check-page-csp: FAIL: {problem}", file=sys.stderr)
        sys.exit(1)
    print(f"check-page-csp: {args.url}: CSP header as expected; no violation, console complaint or error; "
          f"page.css and page.js loaded ({assets['page.css'][1]}; {assets['page.js'][1]}); "
          f"the script ran: filter status {status_text!r}")


if __name__ == "__main__":
    main()
