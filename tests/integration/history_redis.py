# SPDX-License-Identifier: GPL-3.0-or-later
# history.py again with the history in Redis (--cluster): the same wire
# behaviour from the Redis backend (daemon/store_redis.c).
import os
import runpy

os.environ["TUI_CHAT_TEST_REDIS"] = "1"
runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "history.py"), run_name="__main__")
