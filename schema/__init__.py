"""parley's schema files (parley.xsd, xml.xsd, parley.sch, parley.odd), shipped as package data."""
