#!/usr/bin/env python3
"""Checks a built Hugo site against `merrow hugo keys`: every mermaid block of every page is a
<figure> with an inline <svg> (or the <img> its fence asked for) carrying that block's key, no
block was left as code or pending, and the ids in each page are unique.

Usage: check_html.py PUBLIC_DIR KEYS_FILE
KEYS_FILE is the output of `merrow hugo keys` ("content/posts/x.md:LINE KEY" per block).
"""
import collections
import html.parser
import os
import re
import sys


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.figures = []  # (key, classes, first child tag, attrs of first child)
        self._in_figure = None
        self.ids = []
        self.code_texts = []
        self._code_depth = 0
        self._code_text = []
        self.pending = 0
        self.mermaid_code = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "figure" and "data-mermaid-key" in a:
            self._in_figure = {"key": a["data-mermaid-key"], "class": a.get("class", ""),
                               "child": None, "child_attrs": {}}
            self.figures.append(self._in_figure)
            return
        if self._in_figure is not None and self._in_figure["child"] is None:
            self._in_figure["child"] = tag
            self._in_figure["child_attrs"] = a
        if tag == "pre" and "mermaid-pending" in a.get("class", ""):
            self.pending += 1
        if tag == "code":
            if "language-mermaid" in a.get("class", ""):
                self.mermaid_code += 1
            self._code_depth += 1
            self._code_text = []

    def handle_endtag(self, tag):
        if tag == "figure":
            self._in_figure = None
        if tag == "code" and self._code_depth:
            self._code_depth -= 1
            self.code_texts.append("".join(self._code_text))

    def handle_data(self, data):
        if self._code_depth:
            self._code_text.append(data)


def page_of(source, public):
    """content/posts/x.md → public/posts/x/index.html"""
    rel = source.split("content/", 1)[1]
    stem = os.path.splitext(rel)[0]
    if os.path.basename(stem) in ("_index", "index"):
        stem = os.path.dirname(stem)
    return os.path.join(public, stem, "index.html")


def main():
    public, keys_file = sys.argv[1], sys.argv[2]
    expected = collections.defaultdict(list)
    for line in open(keys_file, encoding="utf-8"):
        if not line.strip():
            continue
        place, key = line.split()
        expected[page_of(place.rsplit(":", 1)[0], public)].append(key)
    failures = []
    figures = 0
    images = 0
    for page_path, keys in sorted(expected.items()):
        page = Page()
        page.feed(open(page_path, encoding="utf-8").read())
        got = [f["key"] for f in page.figures]
        if sorted(got) != sorted(keys):
            failures.append(f"{page_path}: figure keys {sorted(got)} != block keys {sorted(keys)}")
        for f in page.figures:
            figures += 1
            if f["child"] == "svg":
                continue
            if f["child"] == "img":
                images += 1
                src = f["child_attrs"].get("src", "")
                if not re.fullmatch(r"/mermaid/" + f["key"] + r"\.[0-9a-f]+\.svg", src):
                    failures.append(f"{page_path}: <img src={src!r}> is not the fingerprinted SVG")
                elif not os.path.exists(os.path.join(public, src.lstrip("/"))):
                    failures.append(f"{page_path}: {src} was not published")
                continue
            failures.append(f"{page_path}: figure {f['key']} holds <{f['child']}>, not a diagram")
        if page.pending or page.mermaid_code:
            failures.append(f"{page_path}: {page.pending} pending and {page.mermaid_code} "
                            "mermaid code blocks left")
        dup = [i for i, n in collections.Counter(page.ids).items() if n > 1]
        if dup:
            failures.append(f"{page_path}: duplicate ids {dup[:5]}")
    for failure in failures:
        print("FAIL:", failure)
    print(f"checked {len(expected)} pages, {figures} diagrams ({images} as <img>)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
