"""Reading: files, folders, archives, feeds and web pages into Articles (text and metadata),
through a registry of formats (readers.py); the HTTP that fetching and servers share."""
