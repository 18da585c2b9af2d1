<?xml version="1.0" encoding="UTF-8"?>
<!--
  reading.xsl: the reading view of one record (<stem>/reading.html).

  Corrected and expanded text, speakers by their standard names, names linked to the
  registers, editorial notes as numbered footnotes with back-links, and the record's header:
  date, place, participants and their offices, archival and published source, rights,
  summary. How each TEI construct shows is decided by conventions.xml (see common.xsl).
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
  <xsl:include href="rules-reading.xsl"/>

  <xsl:variable name="view" as="xs:string" select="'reading'"/>

  <xsl:variable name="tei" as="element()" select="(/tei:TEI, /*)[1]"/>
  <xsl:variable name="turn-numbers" as="map(xs:string, xs:integer)" select="($record-maps?turn-numbers, p:index($tei//tei:text//tei:sp))[1]"/>
  <xsl:variable name="footnotes" as="element()*" select="p:footnotes($tei, $view)"/>
  <xsl:variable name="note-numbers" as="map(xs:string, xs:integer)" select="p:index($footnotes)"/>
  <xsl:variable name="mention-ids" as="map(xs:string, xs:string)" select="($record-maps?mention-ids, p:mention-ids($tei))[1]"/>
  <xsl:variable name="constructs" as="map(xs:string, xs:string*)" select="($record-maps?constructs, p:constructs-used($tei))[1]"/>
  <!-- The turn of each footnote (for "Turn 12" in the notes): the first turn in document order
       that contains it. Without walking up the tree: one pass over the turns and the footnotes
       together, in document order; $open is the turn being read (nested turns are inside it),
       $end the first node after it. -->
  <xsl:variable name="note-turns" as="map(xs:string, element())">
    <xsl:iterate select="$tei//tei:text//tei:sp | $footnotes">
      <xsl:param name="open" as="element()?" select="()"/>
      <xsl:param name="end" as="node()?" select="()"/>
      <xsl:param name="found" as="map(xs:string, element())" select="map{}"/>
      <xsl:on-completion select="$found"/>
      <xsl:variable name="inside" select="exists($open) and (empty($end) or . &lt;&lt; $end)"/>
      <xsl:choose>
        <xsl:when test="self::tei:sp and not($inside)">
          <xsl:next-iteration>
            <xsl:with-param name="open" select="."/>
            <xsl:with-param name="end" select="following::node()[1]"/>
          </xsl:next-iteration>
        </xsl:when>
        <xsl:when test="$inside and not(self::tei:sp)">
          <xsl:next-iteration>
            <xsl:with-param name="found" select="map:put($found, generate-id(.), $open)"/>
          </xsl:next-iteration>
        </xsl:when>
      </xsl:choose>
    </xsl:iterate>
  </xsl:variable>

  <xsl:template match="/">
    <xsl:variable name="title" select="p:record-title($tei)"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <html lang="{(p:lang($tei/@xml:lang)[. ne ''], 'en')[1]}">
      <xsl:call-template name="p:head">
        <xsl:with-param name="title" select="concat($title, ' – reading view')"/>
      </xsl:call-template>
      <body class="record view-reading">
        <xsl:call-template name="p:site-nav"/>
        <main id="main">
          <xsl:call-template name="p:record-top">
            <xsl:with-param name="tei" select="$tei"/>
            <xsl:with-param name="view-name" select="'Reading view'"/>
          </xsl:call-template>

          <xsl:apply-templates select="$h/tei:profileDesc/tei:abstract" mode="abstract"/>
          <xsl:apply-templates select="$h" mode="about"/>

          <section class="conventions" aria-labelledby="_conventions-h">
            <h2 id="_conventions-h">How to read this view</h2>
            <details>
              <summary>Editorial conventions</summary>
              <xsl:call-template name="p:legend"><xsl:with-param name="v" select="$view"/><xsl:with-param name="used" select="$constructs($view)"/></xsl:call-template>
              <p>The <a href="diplomatic.html">diplomatic view</a> shows the record exactly as transcribed.</p>
            </details>
          </section>

          <section id="_transcript" class="transcript" aria-labelledby="_transcript-h">
            <h2 id="_transcript-h">Transcript</h2>
            <p class="switches">
              <input type="checkbox" id="_show-tips"/>
              <xsl:text> </xsl:text>
              <label for="_show-tips">Show standard names and source readings in the text</label>
            </p>
            <xsl:call-template name="p:transcript"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
          </section>

          <xsl:if test="exists($footnotes)">
            <section id="_notes" class="notes" aria-labelledby="_notes-h" role="doc-endnotes">
              <h2 id="_notes-h">Editorial notes</h2>
              <ol class="notes">
                <xsl:for-each select="$footnotes">
                  <xsl:variable name="k" select="position()"/>
                  <xsl:variable name="nid" select="p:note-id(., $k)"/>
                  <xsl:variable name="sp" select="$note-turns(generate-id(.))"/>
                  <li id="{$nid}">
                    <span class="note-n">{$k}</span>
                    <xsl:text> </xsl:text>
                    <a class="back" href="#_fnref-{encode-for-uri($nid)}" role="doc-backlink" aria-label="Back to the text of note {$k}">↩</a>
                    <xsl:text> </xsl:text>
                    <xsl:if test="$sp">
                      <a class="note-turn" href="#{encode-for-uri(p:turn-id($sp))}">Turn {p:turn-label($sp)}</a>
                      <xsl:text>. </xsl:text>
                    </xsl:if>
                    <xsl:apply-templates select="node()" mode="text">
                      <xsl:with-param name="inline" tunnel="yes" select="false()"/>
                    </xsl:apply-templates>
                    <xsl:variable name="resp" select="p:resp-label(.)"/>
                    <xsl:if test="$resp"><span class="note-resp"> ({$resp})</span></xsl:if>
                  </li>
                </xsl:for-each>
              </ol>
            </section>
          </xsl:if>
        </main>
        <xsl:call-template name="footer"/>
      </body>
    </html>
  </xsl:template>

  <!-- The summary, as published with the source, with the editors' corrections made and
       marked, as in the text; the attribution says how many there are. -->
  <xsl:template match="tei:abstract" mode="abstract">
    <section id="_abstract" class="abstract" aria-labelledby="_abstract-h">
      <h2 id="_abstract-h">Summary</h2>
      <xsl:apply-templates mode="text"/>
      <xsl:variable name="resp" select="p:resp-label(.)"/>
      <xsl:variable name="changes" select="p:changes-phrase(.)"/>
      <xsl:if test="$resp or $changes">
        <p class="attribution">{if ($resp) then concat('Summary by the ', $resp, ', as published with the source') else 'Summary as published with the source'}{
          if ($changes) then concat('; ', $changes, ', marked') else ''}.</p>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- What the reading view changes in $e: "one slip corrected", "two abbreviations
       expanded", from the choices it shows the other reading of; '' when none. -->
  <xsl:function name="p:changes-phrase" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="shown" select="for $c in $e//tei:choice return p:chosen($c, p:settings($c, $view)?show)"/>
    <xsl:sequence select="string-join((
      p:count-phrase(count($shown/self::tei:corr), 'slip', 'slips', 'corrected'),
      p:count-phrase(count($shown/self::tei:expan), 'abbreviation', 'abbreviations', 'expanded'),
      p:count-phrase(count($shown/self::tei:reg), 'spelling', 'spellings', 'regularised'))[. ne ''], '; ')"/>
  </xsl:function>

  <xsl:function name="p:count-phrase" as="xs:string">
    <xsl:param name="k" as="xs:integer"/>
    <xsl:param name="one" as="xs:string"/>
    <xsl:param name="many" as="xs:string"/>
    <xsl:param name="done" as="xs:string"/>
    <xsl:sequence select="
      if ($k eq 0) then ''
      else concat(('one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten')[$k], if ($k gt 10) then string($k) else '',
        ' ', if ($k eq 1) then $one else $many, ' ', $done, ' by the editors')"/>
  </xsl:function>

  <!-- About this record: the header, for a historian. Three parts: the meeting; the source
       description (the TEI's sourceDesc: archival and published source, witnesses, rights),
       to which the edition's licence refers; this edition (licence, editors, citation). -->
  <xsl:template match="tei:teiHeader" mode="about">
    <xsl:variable name="fd" select="tei:fileDesc"/>
    <xsl:variable name="pd" select="tei:profileDesc"/>
    <xsl:variable name="bibl" select="$fd/tei:sourceDesc/tei:bibl[1]"/>
    <xsl:variable name="ms" select="$fd/tei:sourceDesc/tei:msDesc[1]/tei:msIdentifier"/>
    <xsl:variable name="published" select="$bibl/(tei:title | tei:publisher | tei:date | tei:respStmt | tei:funder | tei:ref | tei:ptr)"/>
    <xsl:variable name="pub" select="$fd/tei:publicationStmt"/>
    <xsl:variable name="cited" select="$tei/tei:text//tei:sp[@n]"/>
    <section id="_about" class="about" aria-labelledby="_about-h">
      <h2 id="_about-h">About this record</h2>
      <dl class="meta">
        <xsl:variable name="date" select="p:date-span(p:record-date($tei))"/>
        <xsl:if test="$date">
          <dt>Date and time</dt>
          <dd>{$date}</dd>
        </xsl:if>
        <xsl:if test="$pd/tei:settingDesc/tei:setting/tei:locale"><dt>Place</dt></xsl:if>
        <xsl:for-each select="$pd/tei:settingDesc/tei:setting/tei:locale">
          <dd><xsl:apply-templates mode="text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></dd>
        </xsl:for-each>
        <xsl:if test="$pd/tei:particDesc//(tei:person | tei:personGrp)">
          <dt>Participants</dt>
          <dd id="_participants">
            <xsl:call-template name="p:participants"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
          </dd>
        </xsl:if>
        <xsl:variable name="types" select="for $c in $pd/tei:textClass/tei:catRef return
          key('by-id', substring-after(normalize-space($c/@target), '#'), $source)[1]/tei:catDesc"/>
        <xsl:if test="$types"><dt>Document type</dt></xsl:if>
        <xsl:for-each select="$types">
          <dd>{normalize-space()}</dd>
        </xsl:for-each>
      </dl>
      <xsl:if test="$ms or $published or $bibl/(tei:relatedItem | tei:availability)">
        <h3 id="_source-description">Source description</h3>
        <dl class="meta">
          <xsl:if test="$ms">
            <dt>Archival source</dt>
            <dd id="_source">
              <xsl:value-of select="string-join((
                $ms/(tei:institution, tei:repository, tei:collection)/normalize-space(),
                for $i in $ms/tei:idno return normalize-space(string-join((if ($i/@type = ('box', 'folder')) then string($i/@type) else (), string($i)), ' '))
                )[. ne ''], ', ')"/>
            </dd>
          </xsl:if>
          <xsl:if test="$published">
            <dt>Published source</dt>
            <dd>
              <!-- The bibl's date is the document's date as the publisher catalogues it, not
                   the date of the publication: "…, Wilson Center Digital Archive; document
                   dated July 7, 1945." -->
              <xsl:variable name="publishers" select="$bibl/tei:publisher/normalize-space()[. ne '']"/>
              <xsl:variable name="dated" select="normalize-space($bibl/tei:date[1])"/>
              <xsl:if test="$bibl/tei:title"><cite>{normalize-space($bibl/tei:title[1])}</cite></xsl:if>
              <xsl:if test="exists($publishers)">{if ($bibl/tei:title) then ', ' else ''}{string-join($publishers, ', ')}</xsl:if>
              <xsl:if test="$dated">{if ($bibl/tei:title or exists($publishers)) then '; document dated ' else 'Document dated '}{$dated}</xsl:if>
              <xsl:if test="$bibl/(tei:title | tei:publisher | tei:date)"><xsl:text>.</xsl:text></xsl:if>
              <!-- Where the publisher has it online (a link the editors verified). -->
              <xsl:for-each select="$bibl/(tei:ref | tei:ptr)">
                <xsl:text> Online: </xsl:text>
                <xsl:apply-templates select="." mode="text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
                <xsl:text>.</xsl:text>
              </xsl:for-each>
              <xsl:for-each select="$bibl/tei:respStmt">
                <xsl:text> </xsl:text>
                <span class="resp">
                  <xsl:value-of select="concat(upper-case(substring(normalize-space(tei:resp), 1, 1)), substring(normalize-space(tei:resp), 2))"/>
                  <xsl:text>: </xsl:text>
                  <xsl:apply-templates select="* except tei:resp" mode="text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
                  <xsl:text>.</xsl:text>
                </span>
              </xsl:for-each>
              <xsl:for-each select="$bibl/tei:funder">
                <xsl:text> Publication supported by </xsl:text>
                <xsl:apply-templates mode="text"/>
                <xsl:text>.</xsl:text>
              </xsl:for-each>
            </dd>
          </xsl:if>
          <xsl:if test="$bibl/tei:relatedItem">
            <dt>Other witnesses</dt>
            <dd>
              <ul class="witnesses">
                <xsl:for-each select="$bibl/tei:relatedItem">
                  <li><xsl:apply-templates mode="text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></li>
                </xsl:for-each>
              </ul>
            </dd>
          </xsl:if>
          <xsl:if test="$bibl/tei:availability">
            <dt>Rights in the source</dt>
            <dd>
              <details>
                <summary>Terms of the publisher of the source</summary>
                <xsl:apply-templates select="$bibl/tei:availability/node()" mode="text"/>
              </details>
            </dd>
          </xsl:if>
        </dl>
      </xsl:if>
      <xsl:if test="$pub or $cited">
        <h3 id="_edition">This edition</h3>
        <dl class="meta">
          <xsl:variable name="terms" select="$pub/tei:availability/(tei:licence, tei:p)"/>
          <xsl:if test="$terms">
            <dt>Licence</dt>
            <dd>
              <xsl:for-each select="$terms">
                <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
                <xsl:apply-templates mode="text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
                <!-- The licence's text is linked by its address, not by a word. -->
                <xsl:variable name="href" select="p:safe-href(@target)"/>
                <xsl:if test="$href">
                  <xsl:text> Licence text: </xsl:text>
                  <a href="{$href}" rel="license">{replace($href, '^https?://', '')}</a>
                  <xsl:text>.</xsl:text>
                </xsl:if>
              </xsl:for-each>
            </dd>
          </xsl:if>
          <xsl:if test="$fd/tei:titleStmt/tei:respStmt or $h-app">
            <dt>Editors</dt>
            <dd>
              <xsl:for-each select="$fd/tei:titleStmt/tei:respStmt">
                <span class="resp">
                  <xsl:value-of select="concat(upper-case(substring(normalize-space(tei:resp), 1, 1)), substring(normalize-space(tei:resp), 2))"/>
                  <xsl:text>: </xsl:text>
                  <xsl:value-of select="string-join((* except tei:resp)/normalize-space(), ', ')"/>
                  <xsl:text>. </xsl:text>
                </span>
              </xsl:for-each>
              <xsl:for-each select="$h-app">
                <span class="app">Converted by {normalize-space((tei:label, @ident)[1])} {@version}.</span>
              </xsl:for-each>
            </dd>
          </xsl:if>
          <xsl:if test="$cited">
            <dt>How to cite</dt>
            <dd>
              <!-- The form the TEI declares (refsDecl/citeStructure: the turn's @n after the
                   record's identifier and the delimiter), as the README gives it. -->
              <xsl:variable name="ident" select="(normalize-space($fd/tei:publicationStmt/tei:idno[1])[. ne ''], $stem)[1]"/>
              <xsl:variable name="delim" select="(tei:encodingDesc/tei:refsDecl/tei:citeStructure[1]/@delim/string()[. ne ''], ':')[1]"/>
              <xsl:variable name="first" select="normalize-space($cited[1]/@n)"/>
              Cite a turn by the record’s identifier and the turn number, as the TEI declares (refsDecl), for instance
              <q>{$ident}{$delim}{$first}</q> for turn {$first}. The turn numbers in the margin are permanent links.
            </dd>
          </xsl:if>
        </dl>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:variable name="h-app" as="element()*" select="$tei/tei:teiHeader/tei:encodingDesc/tei:appInfo/tei:application[@version]"/>

  <xsl:template name="footer">
    <footer class="site">
      <p>
        <xsl:text>parley edition. Download this record as </xsl:text>
        <a href="{encode-for-uri($stem)}.xml" type="application/xml">TEI XML</a>
        <xsl:text>. Compare the </xsl:text>
        <a href="diplomatic.html">diplomatic view</a>
        <xsl:text>.</xsl:text>
      </p>
    </footer>
  </xsl:template>
</xsl:stylesheet>
