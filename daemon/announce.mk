# SPDX-License-Identifier: GPL-3.0-or-later
# The mDNS/DNS-SD responder, linked into tui-chatd.
tui_chatd_SOURCES += daemon/announce.c daemon/announce.h
