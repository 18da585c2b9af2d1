"""parley: plain-text archival meeting transcripts to scholarly TEI P5 editions."""

__version__ = "0.1.0"
