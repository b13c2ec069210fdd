"""Contrast gate: every control (link, button) of every registered page is readable at rest,
not only when hovered or focused. axe-core leaves some of these "incomplete" (a button on a
background it cannot resolve); this computes the ratio itself, as WCAG 2.1 defines it."""

import pytest

pytestmark = pytest.mark.browser

# For each visible control with text: its text colour against the first opaque background of
# it and its ancestors (semi-transparent layers blended), and the WCAG minimum for its size.
RESTING_CONTRAST = """() => {
  const parse = colour => {
    const match = colour.match(/rgba?\\(([^)]+)\\)/);
    if (!match) return null;
    const [r, g, b, a = 1] = match[1].split(",").map(parseFloat);
    return {r, g, b, a};
  };
  const luminance = ({r, g, b}) => {
    const linear = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const background = element => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
    }
    return layers.reverse().reduce((base, c) => ({
      r: c.r * c.a + base.r * (1 - c.a), g: c.g * c.a + base.g * (1 - c.a),
      b: c.b * c.a + base.b * (1 - c.a)}), {r: 255, g: 255, b: 255});
  };
  const failures = [];
  for (const element of document.querySelectorAll("a, button, input[type=submit], [role=button]")) {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    const text = (element.innerText || element.value || "").trim();
    if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden" || !text) continue;
    const [light, dark] = [luminance(parse(style.color)), luminance(background(element))]
      .sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (parseInt(style.fontWeight, 10) >= 700 && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) {
      const name = `${element.tagName.toLowerCase()} « ${text.slice(0, 40)} »`;
      failures.push(`${name}: ${ratio.toFixed(2)}:1`);
    }
  }
  return failures;
}"""


def test_every_control_is_readable_at_rest(new_context, visit, public_page, gate_figures):
    page = new_context(viewport={"width": 375, "height": 812}).new_page()
    visit(page, public_page)
    failures = page.evaluate(RESTING_CONTRAST)
    gate_figures.setdefault(public_page.name, {})["low contrast"] = len(failures)
    assert not failures, f"{public_page.name}: controls below the WCAG contrast at rest:\n" + (
        "\n".join(failures))
