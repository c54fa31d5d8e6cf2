"""Slack: digests posted with Block Kit, and the chat side (commands, buttons) through bolt.

This package is the only place that imports ``slack_bolt`` or ``slack_sdk``. Everything
comes from the environment (see :mod:`bot.slack.settings`); with no ``SLACK_BOT_TOKEN``
there is no Slack, and routes to ``slack:…`` print to the console.
"""
