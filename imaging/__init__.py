"""Image handling shared by uploads (gallery) and the Instagram cache.

Plain functions on files and bytes; no models, no storage. Errors that a person should
read come out as `ImageRejected` with a message fit to show them.
"""


class ImageRejected(Exception):
    """The file is not an image we accept; the message says why, in plain words."""
