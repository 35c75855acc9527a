/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* The cluster's hooks: none until cluster_start() sets them. */

#include <stddef.h>

#include "relay.h"

const struct relay_ops *relay = NULL;
