"""qabot on Discord: `QACog` (slash commands, mentions, DMs, buttons) and the standalone bot in `app`."""
