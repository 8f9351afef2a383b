"""Runs CORScanner (PyPI) offline for scripts/bench-audit-vs-corscanner.sh:
its Public Suffix List from the bundled snapshot (no download), and
localhost / *.localhost resolved to loopback, as browsers and corscope do."""
import sys
import CORScanner.common.corscheck  # gevent.monkey.patch_all() runs here
import socket
import tldextract
# Offline: the bundled Public Suffix List snapshot, no download.
tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())
real = socket.getaddrinfo
def loopback(host, *a, **k):
    if isinstance(host, str) and (host == "localhost" or host.endswith(".localhost")):
        host = "127.0.0.1"
    return real(host, *a, **k)
socket.getaddrinfo = loopback
sys.argv = ["corscanner"] + sys.argv[1:]
from CORScanner.cors_scan import main
main()
