"""policywatch: the service, the chat adapters and the command line."""
