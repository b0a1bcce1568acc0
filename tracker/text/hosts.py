"""Host names compared the way a browser resolves them (WHATWG URL parsing, UTS #46, IDNA punycode).

A flagged host must match however a hostile pull request spells it, so every comparison goes
through `normalise_host` rather than through the characters typed.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from urllib.parse import unquote

try:
    import idna

    _HAVE_IDNA = True
except ImportError:  # pragma: no cover - idna is pinned in requirements.lock
    _HAVE_IDNA = False



# UTS #46 treats these as label separators, so a browser reads `bad。invalid` as `bad.invalid`.
_DOT_CHARS = ".\u3002\uff0e\uff61"
_DOTS = str.maketrans({c: "." for c in _DOT_CHARS[1:]})
_LDH_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# The deviation characters of UTS #46: old browsers (transitional processing) mapped them to these,
# current ones keep them. Both readings are checked so neither kind of browser slips through.
_TRANSITIONAL = str.maketrans({"ß": "ss", "ς": "σ", "\u200c": None, "\u200d": None})


def _percent_decode(text: str, *, times: int = 1) -> str:
    for _ in range(times):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


def _remap(host: str) -> str | None:
    """UTS #46 mapping of a whole host (case, full-width forms, ignored characters, dot variants).

    It runs on the whole host, not label by label, because some characters (such as U+2488 `⒈`) map to
    text that contains a dot.
    """
    if host.isascii():
        return host.lower()
    if _HAVE_IDNA:
        try:
            return idna.uts46_remap(host, std3_rules=False).translate(_DOTS)
        except (idna.IDNAError, UnicodeError, IndexError):
            return None
    return unicodedata.normalize("NFKC", host).casefold().translate(_DOTS)  # pragma: no cover


def _punycode(label: str) -> str | None:
    try:
        return "xn--" + label.encode("punycode").decode("ascii")
    except UnicodeError:
        return None


def _label_to_ascii(label: str) -> str | None:
    """One already-mapped label in its canonical ASCII (punycode) form, or None if it has none.

    An `xn--` label is decoded and encoded again, so `xn--` and Unicode spellings of one host meet at
    the same string.
    """
    if label.isascii():
        if not label.startswith("xn--"):
            return label
        try:
            decoded = label[4:].encode("ascii").decode("punycode")
        except (UnicodeError, IndexError):
            return None
        remapped = _remap(decoded)
        if remapped is None or "." in remapped:
            return None
        if remapped.isascii():
            return remapped
        label = remapped
    if _HAVE_IDNA:
        try:
            return idna.encode(label, uts46=False).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            # IDNA 2008 refuses some labels that browsers still resolve (emoji domains, for one):
            # encode them anyway so they can be compared.
            return _punycode(label)
    try:  # pragma: no cover - only without the idna package
        import encodings.idna as stdlib_idna

        return stdlib_idna.ToASCII(label).decode("ascii").lower()
    except UnicodeError:  # pragma: no cover
        return _punycode(label)


@functools.lru_cache(maxsize=1 << 16)
def normalise_host(host: str) -> str | None:
    """The one spelling of a host name used for every comparison and for `domain_sha256`.

    Percent-decoded once, lower-cased, one trailing dot and one leading `www.` removed, IDNA (punycode)
    encoded. None when the result is not a valid DNS host name, so that an invalid entry in the data is
    reported rather than silently never matching.

    Cached: a record names the same few hosts thousands of times, and the answer depends on nothing else.
    """
    decoded = _percent_decode(host)
    if not decoded:
        return None
    mapped = _remap(decoded)
    if mapped is None:
        return None
    if mapped.endswith("."):
        mapped = mapped[:-1]
    labels: list[str] = []
    for label in mapped.split("."):
        ascii_label = _label_to_ascii(label)
        if ascii_label is None or not _LDH_LABEL.match(ascii_label):
            return None
        labels.append(ascii_label)
    if len(labels) > 1 and labels[0] == "www":
        labels = labels[1:]
    result = ".".join(labels)
    return result if len(result) <= 253 else None


def domain_sha256(host: str) -> str:
    """SHA-256 hex of the normalised host, the form an unnamed platform's domains are published in.

    Raises ValueError for an invalid host: hashing garbage would give a hash that never matches.
    """
    normal = normalise_host(host)
    if normal is None:
        raise ValueError(f"not a valid host name: {host!r}")
    return hashlib.sha256(normal.encode("ascii")).hexdigest()


def is_bare_hostname(text: str) -> bool:
    """Whether `text` is a host name and nothing else, as flagged domains in the data must be.

    A scheme, path, port, user name, wildcard or percent-encoding in a flagged domain would make the
    entry mean something other than what the reviewer saw, so all are refused; so is a name without a
    dot once `www.` is removed (`www.com` would otherwise flag every `.com` address), and an IP address.
    """
    if not text or text != text.strip() or any(c in text for c in "/\\:@?#*%[] \t\r\n"):
        return False
    normal = normalise_host(text)
    if normal is None or "." not in normal:
        return False
    return not normal.rsplit(".", 1)[1].isdigit()


def _lenient_labels(raw_host: str) -> list[str]:
    """Mapped (still Unicode) labels of a host taken from a URL; never refused.

    Unlike `normalise_host`, a host that is not valid still yields labels: a label the matcher cannot
    encode must not stop its parent domains from being checked.
    """
    host = _percent_decode(raw_host, times=4).strip()
    mapped = _remap(host)
    if mapped is None:
        mapped = unicodedata.normalize("NFKC", host).casefold().translate(_DOTS)
    return mapped.strip(".").split(".")


def _label_to_unicode(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return _remap(label[4:].encode("ascii").decode("punycode")) or label
        except (UnicodeError, IndexError):
            return label
    return label


def _encode_labels(labels: Iterable[str]) -> list[str]:
    return [_label_to_ascii(label) or label for label in labels]


def _suffixes(labels: list[str]) -> Iterator[str]:
    """The host and each parent domain, most specific first, up to the DNS limit of 253 characters.

    Nothing longer can equal a flagged host (or the input of a flagged hash), so a host padded with
    thousands of labels costs no more than a real one.
    """
    found: list[str] = []
    suffix = ""
    for label in reversed(labels):
        suffix = f"{label}.{suffix}" if suffix else label
        if len(suffix) > 253:
            break
        if label:
            found.append(suffix)
    return reversed(found)


def _translate_goog(labels: list[str]) -> list[str] | None:
    """Google Translate's proxy serves `bad.invalid` as `bad-invalid.translate.goog`."""
    if len(labels) < 3 or labels[-2:] != ["translate", "goog"]:
        return None
    encoded = labels[-3]
    return encoded.replace("--", "\0").replace("-", ".").replace("\0", "-").split(".")




def host_readings(raw_host: str) -> Iterator[list[str]]:
    """The label lists a host taken from text or an address is checked as: each piece of it, as UTS #46
    maps it, as old (transitional) browsers map it, and as Google Translate's proxy would unwrap it.

    A decoded host such as `good.org@bad.invalid` is invalid to a browser, but the pieces are checked
    anyway: refusing is cheap.
    """
    for piece in re.split(r"[@/\\:?#\s]", _percent_decode(raw_host, times=4)):
        if not piece:
            continue
        unicode_labels = _lenient_labels(piece)
        labels = _encode_labels(unicode_labels)
        yield labels
        alternative = [_label_to_unicode(label).translate(_TRANSITIONAL) for label in unicode_labels]
        if alternative != [_label_to_unicode(label) for label in unicode_labels]:
            yield _encode_labels(alternative)
        proxied = _translate_goog(labels)
        if proxied is not None:
            yield proxied
