"""Reading a page's forms as a browser would submit them, so tests post exactly what a user's
browser would after a page is shown (hidden fields, checked boxes, selected options)."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"attrs": a, "fields": [], "radios": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
                if kind == "radio":
                    self._form["radios"].setdefault(name, []).append(a.get("value"))
            elif kind not in ("submit", "button", "image", "reset"):
                self._form["fields"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            s = self._select
            self._form["fields"].append((s["name"], s["chosen"] if s["chosen"] is not None else s["first"] or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form["fields"].append((name, text.removeprefix("\n")))
            self._textarea = None


def forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_data(html: str, having: str) -> dict:
    """The post data of the first form with a field named `having` (last value wins per name),
    plus `_radios`: the radio groups with their values, for tests that make a choice."""
    for form in forms(html):
        names = [name for name, _ in form["fields"]] + list(form["radios"])
        if having in names:
            data = dict(form["fields"])
            data["_radios"] = form["radios"]
            return data
    raise AssertionError(f"no form with a field {having!r}")


def post_data(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "_radios"}
