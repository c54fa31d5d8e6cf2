"""Pure renderers of a digest: plain text, Slack Block Kit, Matrix HTML."""
