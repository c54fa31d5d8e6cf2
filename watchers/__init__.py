"""policywatch: the data side (feeds, matching, claims, storage)."""
