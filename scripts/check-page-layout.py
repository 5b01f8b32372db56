#!/usr/bin/env python3
"""Renders a published index.html in headless Chromium and checks its layout and filters.

    scripts/check-page-layout.py OUT_DIR

Takes three screenshots into OUT_DIR: index-1280.png (1280 px wide), index-360.png (360 px)
and index-nojs.png (360 px, JavaScript off, as with --blink-settings=scriptEnabled=false). For
each it checks that the page is no wider than the viewport (no horizontal scrolling). Without
JavaScript it then chooses the first person filter (a click on its label, which checks its radio
button) and checks that CSS alone hides every line of other people and leaves theirs shown, and
that the count of matching records follows. Needs Playwright from PyPI and Debian's chromium.
With JavaScript at 1280 px it also opens index.html#person=<that person> and checks that the
bookmarked filter is restored. Exits non-zero on the first failed check, saying which.
"""
import os
import sys
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def fail(message):
    sys.exit(f"check-page-layout: {message}")


def check_width(page, name, width):
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        fail(f"{name}: the page is {scroll} px wide in a {width} px viewport (horizontal scrolling)")
    print(f"check-page-layout: {name}: page width {scroll} px ≤ viewport {width} px")


def check_bookmark(context, url):
    """A filter's state in the address (#person=…) is restored when the page opens with JavaScript."""
    probe = context.new_page()
    probe.goto(url)
    name = probe.locator("#fa-1").get_attribute("value")
    probe.close()
    if not name:
        fail("the first person filter has no value to bookmark")
    page = context.new_page()
    page.goto(url + "#" + urlencode({"person": name}))
    state = page.evaluate("""() => ({checked: document.getElementById('fa-1').checked,
        others: [...document.querySelectorAll('#activity .run')].filter(r =>
            getComputedStyle(r).display !== 'none' && !r.classList.contains('a1')).length,
        status: document.getElementById('filter-status').textContent})""")
    if not state["checked"] or state["others"] != 0:
        fail(f"opening #person=… did not restore the person filter: {state}")
    print(f"check-page-layout: #person=… restores the person filter with JavaScript ({state['status']})")
    page.close()


def main():
    if len(sys.argv) != 2:
        fail("usage: check-page-layout.py OUT_DIR")
    out = os.path.abspath(sys.argv[1])
    url = "file://" + os.path.join(out, "index.html")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        for width, scripts, name in [(1280, True, "index-1280"), (360, True, "index-360"),
                                     (360, False, "index-nojs")]:
            context = browser.new_context(viewport={"width": width, "height": 1400},
                                          java_script_enabled=scripts)
            page = context.new_page()
            page.goto(url)
            check_width(page, name, width)
            if not scripts:
                if page.evaluate("document.querySelectorAll('#search:not([hidden])').length") and \
                        page.is_visible(".search"):
                    fail(f"{name}: the search box shows without JavaScript")
                label = page.locator("label[for='fa-1']")
                if label.count() == 0:
                    fail(f"{name}: the page has no person filter to try")
                label.click()
                counts = page.evaluate("""() => {
                    const runs = [...document.querySelectorAll('#activity .run')];
                    const shown = runs.filter(r => getComputedStyle(r).display !== 'none');
                    const matching = getComputedStyle(document.querySelector('.match-count .matching'), '::before').content;
                    return {all: runs.length, withA1: runs.filter(r => r.classList.contains('a1')).length,
                            shown: shown.length, shownOthers: shown.filter(r => !r.classList.contains('a1')).length,
                            matching};
                }""")
                if counts["shownOthers"] != 0 or counts["shown"] != counts["withA1"] or counts["shown"] == 0:
                    fail(f"{name}: the person filter without JavaScript did not hide what it should: {counts}")
                print(f"check-page-layout: {name}: person filter without JavaScript shows {counts['shown']} of "
                      f"{counts['all']} lines, all of that person")
            if scripts and width == 1280:
                check_bookmark(context, url)
            page.screenshot(path=os.path.join(out, name + ".png"))
            print(f"check-page-layout: screenshot {os.path.join(out, name + '.png')}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
