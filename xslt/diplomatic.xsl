<?xml version="1.0" encoding="UTF-8"?>
<!--
  diplomatic.xsl: the diplomatic view of one record (<stem>/diplomatic.html).

  The record exactly as transcribed: labels as printed, the transcript's square brackets,
  parentheses and query marks, the original spellings, one source line per paragraph, and no
  editorial notes in the text. Turn numbers and view links sit outside the text (class
  "apparatus"), so that the text of the transcript section is the source, line for line.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:p="urn:parley:xslt"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:import href="common.xsl"/>
  <!-- The conventions table compiled for this view (generated: see src/parley/rules.py). -->
  <xsl:include href="rules-diplomatic.xsl"/>

  <xsl:variable name="view" as="xs:string" select="'diplomatic'"/>

  <xsl:variable name="tei" as="element()" select="(/tei:TEI, /*)[1]"/>
  <xsl:variable name="turn-numbers" as="map(xs:string, xs:integer)" select="($record-maps?turn-numbers, p:index($tei//tei:text//tei:sp))[1]"/>
  <xsl:variable name="mention-ids" as="map(xs:string, xs:string)" select="($record-maps?mention-ids, p:mention-ids($tei))[1]"/>
  <xsl:variable name="constructs" as="map(xs:string, xs:string*)" select="($record-maps?constructs, p:constructs-used($tei))[1]"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="p:record-title($tei)"/>
    <xsl:variable name="fd" select="$tei/tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="bibl" select="$fd/tei:sourceDesc/tei:bibl[1]"/>
    <xsl:variable name="ms" select="$fd/tei:sourceDesc/tei:msDesc[1]/tei:msIdentifier"/>
    <html lang="{(p:lang($tei/@xml:lang)[. ne ''], 'en')[1]}">
      <xsl:call-template name="p:head">
        <xsl:with-param name="title" select="concat($title, ' – diplomatic view')"/>
      </xsl:call-template>
      <body class="record view-diplomatic">
        <xsl:call-template name="p:site-nav"/>
        <main id="main">
          <xsl:call-template name="p:record-top">
            <xsl:with-param name="tei" select="$tei"/>
            <xsl:with-param name="view-name" select="'Diplomatic view'"/>
          </xsl:call-template>

          <!-- The archive's summary is part of the record as exported: shown as published,
               its spelling kept (the reading view corrects it, marked). -->
          <xsl:for-each select="$tei/tei:teiHeader/tei:profileDesc/tei:abstract">
            <section id="_abstract" class="abstract" aria-labelledby="_abstract-h">
              <h2 id="_abstract-h">Summary</h2>
              <xsl:apply-templates mode="text"/>
              <xsl:variable name="resp" select="p:resp-label(.)"/>
              <p class="attribution">{if ($resp) then concat('Summary by the ', $resp, ', exactly') else 'Summary exactly'} as published with the source.</p>
            </section>
          </xsl:for-each>

          <section class="conventions" aria-labelledby="_conventions-h">
            <h2 id="_conventions-h">About this view</h2>
            <p>
              <xsl:text>The record exactly as transcribed</xsl:text>
              <xsl:if test="$bibl/tei:publisher">
                <xsl:text> in the </xsl:text>
                <xsl:value-of select="normalize-space($bibl/tei:publisher[1])"/>
              </xsl:if>
              <xsl:if test="$ms">
                <xsl:text> from the document in the </xsl:text>
                <xsl:value-of select="string-join(($ms/(tei:repository, tei:collection)/normalize-space(),
                  for $i in $ms/tei:idno return normalize-space(string-join((if ($i/@type = ('box', 'folder')) then string($i/@type) else (), string($i)), ' ')))[. ne ''], ', ')"/>
              </xsl:if>
              <xsl:text>: speaker labels as printed, the transcript’s square brackets, parentheses and query marks, original spellings, one line of the source per paragraph. The editors’ corrections, identifications and notes are in the </xsl:text>
              <a href="reading.html">reading view</a>
              <xsl:text>.</xsl:text>
            </p>
            <details>
              <summary>Editorial conventions</summary>
              <xsl:call-template name="p:legend"><xsl:with-param name="v" select="$view"/><xsl:with-param name="used" select="$constructs($view)"/></xsl:call-template>
            </details>
          </section>

          <section id="_transcript" class="transcript" aria-labelledby="_transcript-h">
            <h2 id="_transcript-h">Transcription</h2>
            <xsl:call-template name="p:transcript"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
          </section>
        </main>
        <footer class="site">
          <p>
            <xsl:text>parley edition. Download this record as </xsl:text>
            <a href="{encode-for-uri($stem)}.xml" type="application/xml">TEI XML</a>
            <xsl:text>. Read the corrected text with notes in the </xsl:text>
            <a href="reading.html">reading view</a>
            <xsl:text>.</xsl:text>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
