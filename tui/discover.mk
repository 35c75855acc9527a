# SPDX-License-Identifier: GPL-3.0-or-later
# The DNS-SD browser, linked into tui-chat (--discover, /discover, picker).
tui_chat_SOURCES += tui/discover.c tui/discover.h tui/discover_group.c
