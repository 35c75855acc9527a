# SPDX-License-Identifier: GPL-3.0-or-later
# Browse _irc._tcp with python3-zeroconf for at most SECONDS and print one
# line per resolved service: NAME<TAB>ADDRESS:PORT<TAB>TXT. Exit 0 if
# anything was found. Used by tests/discovery/lan.sh inside a namespace.
import sys
import time

from zeroconf import ServiceBrowser, ServiceListener, Zeroconf

SERVICE = "_irc._tcp.local."


class Listener(ServiceListener):
    def __init__(self):
        self.names = []

    def add_service(self, zc, type_, name):
        self.names.append(name)

    def update_service(self, zc, type_, name):
        pass

    def remove_service(self, zc, type_, name):
        pass


def main():
    limit = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    zc = Zeroconf()
    listener = Listener()
    ServiceBrowser(zc, SERVICE, listener)
    found = {}
    deadline = time.monotonic() + limit
    try:
        while time.monotonic() < deadline:
            for name in list(listener.names):
                if name in found:
                    continue
                info = zc.get_service_info(SERVICE, name, timeout=1000)
                if info is None or not info.parsed_addresses():
                    continue
                txt = " ".join(
                    k.decode() + "=" + (v or b"").decode()
                    for k, v in sorted(info.properties.items()))
                found[name] = "%s\t%s:%d\t%s" % (
                    name[:-len(SERVICE) - 1], info.parsed_addresses()[0],
                    info.port, txt)
                print(found[name], flush=True)
            time.sleep(0.1)
    finally:
        zc.close()
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
