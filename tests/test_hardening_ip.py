"""Sources and links on IP-literal hosts are refused, in every notation a browser reads as IPv4.

`https://2130706433/`, `https://0x7f.1/` and `https://0177.0.0.1/` all lead to one machine, and no
reviewer can tell which: such a host could be a flagged platform's server. Browsers read any host whose
last label is a number (decimal, `0x` hexadecimal or `0` octal) as an IPv4 address.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.text.urls import url_problem

IP_PROBLEM = (
    "the address uses an IP address instead of a host name, which can disguise where a link goes;"
    " use the address of the document on its named site"
)
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def notation(value: int, form: str) -> str:
    if form == "hex":
        return f"0x{value:x}"
    if form == "HEX":
        return f"0X{value:X}"
    if form == "octal":
        return f"0{value:o}"
    return str(value)


@st.composite
def ipv4_hosts(draw: st.DrawFn) -> str:
    """A 32-bit address split into 1 to 4 parts as WHATWG's IPv4 parser accepts them, each part in its
    own notation, sometimes with a trailing dot or in fullwidth digits."""
    address = draw(st.integers(0, 2**32 - 1))
    count = draw(st.integers(1, 4))
    octets = [(address >> (8 * (3 - i))) & 0xFF for i in range(4)]
    parts = [*octets[: count - 1], int.from_bytes(bytes(octets[count - 1 :]), "big")]
    forms = draw(st.lists(st.sampled_from(["dec", "hex", "HEX", "octal"]), min_size=count, max_size=count))
    host = ".".join(notation(p, f) for p, f in zip(parts, forms, strict=True))
    if draw(st.booleans()):
        host += "."
    if draw(st.booleans()) and all(f == "dec" for f in forms):
        host = host.translate(FULLWIDTH)
    return host


@settings(max_examples=500, deadline=None)
@given(
    host=ipv4_hosts(),
    path=st.sampled_from(["/", "/report.pdf", "/a?b=c", ""]),
    scheme=st.sampled_from(["https", "http", "HTTPS"]),
)
def test_every_ipv4_notation_is_refused(host: str, path: str, scheme: str) -> None:
    assert url_problem(f"{scheme}://{host}{path}") == IP_PROBLEM


@settings(max_examples=100, deadline=None)
@given(host=st.sampled_from(["[::1]", "[::ffff:127.0.0.1]", "[2001:db8::1]", "[0:0:0:0:0:0:0:1]"]))
def test_ipv6_literals_are_refused(host: str) -> None:
    assert url_problem(f"https://{host}/x") is not None


def test_host_names_with_digits_still_pass() -> None:
    for host in ("1e100.net", "www.ofcom.org.uk", "news.example.org", "a1.example.org", "x.123abc.org"):
        assert url_problem(f"https://{host}/x") is None
