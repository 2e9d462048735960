package io.lifeboat.browser;

import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What every main page must pass: nothing sticks out to the right of the viewport (the page never scrolls sideways),
 * every grid's column titles stand above their values, and axe-core finds no serious or critical WCAG 2.1 A/AA
 * violation. Each returns what they found, for the message.
 */
public final class PageChecks {

    /**
     * Elements whose right edge is beyond the viewport (unless an ancestor clips them inside it), or the page's own
     * horizontal overflow; empty when it fits.
     */
    static List<String> sticksOut(Page page) {
        page.waitForTimeout(300); // let the grid finish its column widths after the last round trip
        List<String> found = overflowing(page);
        // A grid that hides columns for a narrow screen does so after a round trip of its own, which a loaded machine
        // delays: what still sticks out after 3 s is what a user would scroll sideways to see.
        for (int look = 0; look < 6 && !found.isEmpty(); look++) {
            page.waitForTimeout(500);
            found = overflowing(page);
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static List<String> overflowing(Page page) {
        return (List<String>) page.evaluate("""
                () => {
                  const width = document.documentElement.clientWidth;
                  const found = [];
                  const root = document.scrollingElement;
                  if (root.scrollWidth > root.clientWidth) found.push('page scrolls sideways: ' + root.scrollWidth + ' > ' + root.clientWidth);
                  // Cut off by an ancestor that hides its overflow (an ellipsis), the element shows nothing outside the
                  // viewport; an ancestor that scrolls (a grid) does not count: its content is off-screen for real.
                  const clippedInView = (el, width) => {
                    const up = (n) => n.assignedSlot || n.parentElement || (n.getRootNode() && n.getRootNode().host);
                    for (let a = up(el); a; a = up(a)) {
                      const overflow = getComputedStyle(a).overflowX;
                      if (overflow === 'auto' || overflow === 'scroll') return false;
                      if ((overflow === 'hidden' || overflow === 'clip') && a.getBoundingClientRect().right <= width + 1) return true;
                    }
                    return false;
                  };
                  const visit = (node) => {
                    for (const el of node.querySelectorAll('*')) {
                      if (el.shadowRoot) visit(el.shadowRoot);
                      const r = el.getBoundingClientRect();
                      if (r.width === 0 || r.height === 0 || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
                      if (r.right > width + 1 && !clippedInView(el, width)) {
                        found.push((el.id ? '#' + el.id : el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + String(el.className).split(' ')[0] : ''))
                          + ' "' + (el.textContent || '').trim().slice(0, 40) + '" right=' + Math.round(r.right) + ' > ' + width);
                      }
                    }
                  };
                  visit(document);
                  return found.slice(0, 15);
                }""");
    }

    /**
     * Grid columns whose header is not as wide as their cells: the header is drawn in a smaller font, so a column width
     * given in {@code em} is narrower there, and the titles stand beside the values they name. Empty when all line up.
     */
    @SuppressWarnings("unchecked")
    static List<String> misalignedGridHeaders(Page page) {
        return (List<String>) page.evaluate("""
                () => {
                  const found = [];
                  for (const grid of document.querySelectorAll('vaadin-grid')) {
                    const root = grid.shadowRoot;
                    const row = root && root.querySelector('tbody#items tr:not([hidden])');
                    if (!row || !grid.checkVisibility()) continue;
                    const headers = [...root.querySelectorAll('thead tr:last-child th')].filter(c => !c.hidden);
                    const cells = [...row.querySelectorAll('td')].filter(c => !c.hidden);
                    const title = (cell) => { const slot = cell.querySelector('slot'); const content = slot && slot.assignedElements()[0];
                                              return content ? content.textContent.trim() : ''; };
                    headers.forEach((header, i) => {
                      const h = header.getBoundingClientRect(), c = cells[i] && cells[i].getBoundingClientRect();
                      if (c && Math.abs(h.left - c.left) + Math.abs(h.width - c.width) > 2) {
                        found.push((grid.id ? '#' + grid.id : 'grid') + ' column "' + title(header) + '": header '
                          + Math.round(h.left) + '+' + Math.round(h.width) + ' px, cells ' + Math.round(c.left) + '+' + Math.round(c.width) + ' px');
                      }
                    });
                  }
                  return found;
                }""");
    }

    /**
     * The marks a chart drew in its series colours (bars, line segments, legend swatches) in the SVG variant the page
     * shows; 0 when the chart is missing, hidden or drew only its frame and axes.
     */
    public static int chartMarks(Page page, String chartId) {
        Object marks = page.evaluate("""
                id => {
                  const pictures = [...document.querySelectorAll('#' + id + ' .lb-chart')].filter(p => getComputedStyle(p).display !== 'none');
                  if (pictures.length !== 1) return -pictures.length;
                  const series = ['rgb(31,95,173)', 'rgb(192,57,43)', 'rgb(46,125,50)', 'rgb(106,168,240)', 'rgb(240,122,110)', 'rgb(124,196,127)'];
                  return [...pictures[0].querySelectorAll('svg *')].filter(el => [...el.attributes]
                      .some(a => series.some(colour => a.value.replace(/\\s/g, '').includes(colour)))).length;
                }""", chartId);
        return ((Number) marks).intValue();
    }

    /**
     * axe-core's serious and critical violations of WCAG 2.0/2.1 A and AA, one line per rule with its first targets. Only
     * violations are asked for (listing every passing node took most of axe's time on a Vaadin page), and axe runs in
     * the page itself (legacy mode): the page has no frames, so the default per-frame run finished in a second blank
     * page is only slower.
     */
    static List<String> accessibilityViolations(Page page) {
        settleAnimations(page);
        AxeRunOptions violationsOnly = new AxeRunOptions();
        violationsOnly.setResultTypes(List.of("violations"));
        AxeResults results = new AxeBuilder(page).options(violationsOnly).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .setLegacyMode(true).analyze();
        return results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(PageChecks::describe)
                .toList();
    }

    /**
     * Waits until no finite animation runs. A dialog fades in, and axe blends the colours of an element shown at part
     * opacity: a wizard checked mid-fade failed colour contrast (4.42:1, at about 60 % opacity) on a slower machine. An
     * endless animation (an indeterminate progress bar) is no fade and does not hold the check back.
     */
    private static void settleAnimations(Page page) {
        page.waitForFunction("""
                () => document.getAnimations().every(a => a.playState !== 'running'
                    || (a.effect !== null && a.effect.getComputedTiming().iterations === Infinity))""",
                null, new Page.WaitForFunctionOptions().setTimeout(10_000));
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at " + rule.getNodes().stream().limit(3)
                .map(node -> String.valueOf(node.getTarget()) + (node.getFailureSummary() == null ? "" : " [" + node.getFailureSummary().replace('\n', ' ') + "]"))
                .collect(Collectors.joining("; "));
    }

    private PageChecks() {
    }
}
