"""No third-party request when a page is viewed.

Protects readers' privacy and the site's offline use: the built site must not load fonts,
scripts, styles or images from another host (no Google Fonts, no CDN).
"""

from __future__ import annotations

from offline import external_requests


def test_built_site_makes_no_third_party_requests(built_site):
    assert external_requests(built_site) == []


def test_scanner_finds_each_kind_of_external_request(tmp_path):
    # Negative control: the scanner must see what it is meant to forbid.
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.com/x.js"></script>'
        '<img src="http://example.com/a.png">'
        '<div style="background: url(https://example.com/b.png)"></div>'
        '<a href="https://docs.aws.amazon.com/">a plain link is not a request</a>'
    )
    (tmp_path / "a.css").write_text("@font-face { src: url('https://fonts.gstatic.com/f.woff2') }")
    assert external_requests(tmp_path) == [
        "index.html: <link> https://fonts.googleapis.com/css?family=Roboto",
        "index.html: <script> //cdn.example.com/x.js",
        "index.html: <img> http://example.com/a.png",
        "index.html: <style attribute> https://example.com/b.png",
        "a.css: url() https://fonts.gstatic.com/f.woff2",
    ]
