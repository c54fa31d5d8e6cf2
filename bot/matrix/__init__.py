"""Matrix: the digest sink and the chat adapter. The only package that imports ``nio``.

``connection`` holds the one logged-in client on its own event loop thread; ``sink``
posts outbox digests through it, exactly once; ``adapter`` runs the sync loop that joins
rooms on invites and answers ``!policywatch`` commands. See docs/matrix.md.
"""
