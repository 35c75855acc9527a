# SPDX-License-Identifier: GPL-3.0-or-later
# client_history_daemon.py again with the daemon's history in Redis
# (--cluster, daemon/store_redis.c).
import os
import runpy

os.environ["TUI_CHAT_TEST_REDIS"] = "1"
runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "client_history_daemon.py"), run_name="__main__")
