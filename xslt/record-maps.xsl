<?xml version="1.0" encoding="UTF-8"?>
<!--
  record-maps.xsl: the maps that both views of one record and its summary share (turn
  numbers, mention ids, what each @ref and @who value points to), made once per record.

  render.py runs it with the parameters of the record pages, takes the map as a value (not
  serialized) and passes it to reading.xsl, diplomatic.xsl and summary.xsl as $record-maps;
  see p:record-maps in common.xsl.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:p="urn:parley:xslt"
  exclude-result-prefixes="#all">

  <xsl:import href="common.xsl"/>

  <xsl:template match="/">
    <xsl:sequence select="p:record-maps((/tei:TEI, /*)[1])"/>
  </xsl:template>
</xsl:stylesheet>
