<?xml version="1.0" encoding="UTF-8"?>
<!--
  summary.xsl: what the site pages need to know of one record, as a small XML document.

  The index and the registers (site.xsl) are made from these summaries, not from the
  records: a build makes each record's summary once, beside its views, and keeps it in
  build/summaries/. The site pages then cost in proportion to the summaries (a few per cent
  of the TEI), the records are never all held in memory, and a record whose summary did not
  change (an edit that touches no name, turn, title, date or participant) leaves the site
  pages as they are.

  Output (no namespace; every value is text, escaped when written):

    <summary stem="STEM" day="yyyy-mm-dd" title="...">
      <when>7 July 1945, 23:00–23:45 · Moscow · Record of conversation · 67 speech turns</when>
      <participant name="standard name" href="../persons.html#key or ''"/>...
      <abstract by="who wrote it, if known"><p>plain text, as in the source</p>...</abstract>...
      <name key="authority key" participant="yes"       (@participant: in the particDesc)
            cited="archival published source setting header"   (@cited: see below)
            setting-cert="high">                        (the setting's @cert, if any)
        <speech at="the turn's id, URI-encoded" turn="turn label" form="the label"/>...
        <mention at="the name's id, URI-encoded" turn="turn label" form="the spelling"
                 cert="medium"/>...                     (@cert: the name's, if any)
        <mention at="..." where="summary|heading|dateline|stage|note|text" after="turn label"
                 before="turn label" form="the spelling"/>...   (a name outside the turns)
        <mention at="..." turn="..." form="the words" rs="yes"/>...   (a referring string)
        <mention ...><or key="togo" cert="low"/></mention>   (see <possible>)
        <possible at="the name's id" turn="turn label" form="the spelling" cert="low"
                  linked="tojo"/>...
      </name>...
    </summary>

  One <name> per authority key the record names, with the turns the entry speaks and the
  places where it is named, in document order: what the registers link to. They are kept
  short (a record has hundreds) and grouped here, so that the site pages do not regroup
  every link of every record.

  Where a mention is: @turn, the label of the turn it is in; or, outside the turns, @where:
  "summary" (the abstract of the header), "heading" (a head of the text), "dateline" (a date
  line), "stage" (a stage direction between turns), "note" (an editorial note between turns),
  "text" (anything else of the text: a paragraph of a record without turns, say); with
  @after, the label of the last turn before it, or, when no turn precedes it, @before, the
  label of the first turn.

  @cited: the entry is referred to (@ref) in the record's header outside the abstract, which
  is not the text: "archival" in the description of the archival source (msDesc: its
  repository, its collection), "published" in that of the published source (a bibl: its
  publisher, a contributor, a funder), "source" elsewhere in the source description,
  "setting" in the setting of the meeting (its place), "header" elsewhere. These are not
  mentions: they are in no list of mentions, and a <name> may have nothing else (the
  registers then say that the record cites the entry but does not name it). @setting-cert:
  the editors' certainty (@cert) of the setting's reference, when it has one: the place of
  the meeting is then their inference, not the record's statement.

  @cert of a mention: the editors' certainty of the identification (the name's @cert), when
  they gave one; the registers say it ("turn 136 (possible identification)"). An <or> in a
  mention: a statement of certainty says that the name may stand for that other entry
  instead ("Tojo", linked to Tōjō Hideki, may be Tōgō Shigenori).

  @rs: the mention is a referring string (rs: "their emperor" for Hirohito, "Yalta formula
  signed by the Three" for the Yalta agreement), not a name (persName, placeName, orgName,
  name): the registers say that the records refer to the entry there rather than name it,
  and its @form is the record's words for the entry, not a spelling of its name.

  <possible>: a name the editors link to another entry (@linked, its key), with a statement
  of certainty that it may stand for this one (<certainty match="@ref" assertedValue="pers:togo"
  target="#id">; @cert, the statement's): Molotov's "Tojo" may be Tōgō Shigenori. Not a mention
  of this entry, and its spelling is not one of the entry's spellings in the records.
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

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- Links in the summary are relative to the site root. -->
  <xsl:param name="site-root" as="xs:string" select="''"/>

  <xsl:variable name="view" as="xs:string" select="'reading'"/>

  <xsl:variable name="tei" as="element()" select="(/tei:TEI, /*)[1]"/>

  <xsl:template match="/">
    <xsl:variable name="pm" select="p:prefix-map($tei)"/>
    <xsl:variable name="hd" select="$tei/tei:teiHeader"/>
    <summary stem="{$stem}" day="{p:record-day($tei)}" title="{p:record-title($tei)}">
      <xsl:variable name="place" select="($hd/tei:profileDesc/tei:settingDesc/tei:setting/tei:locale//tei:placeName)[1]"/>
      <when>{string-join((p:date-span(p:record-date($tei))[. ne ''],
        p:setting-place($place, $pm)[. ne ''],
        for $c in $hd/tei:profileDesc/tei:textClass/tei:catRef
        return normalize-space(key('by-id', substring-after(normalize-space($c/@target), '#'), $tei/..)[1]/tei:catDesc),
        for $m in $hd/tei:fileDesc/tei:extent/tei:measure return normalize-space($m)), ' · ')}</when>
      <xsl:for-each select="$hd/tei:profileDesc/tei:particDesc//(tei:person | tei:personGrp)">
        <xsl:variable name="entry" select="p:entry(p:ref-keys(@sameAs, $pm)[1])"/>
        <participant name="{if ($entry) then p:standard-name($entry) else normalize-space((tei:persName, .)[1])}" href="{p:entry-href($entry)}"/>
      </xsl:for-each>
      <!-- The abstract is the source's summary, quoted: its text as the source gives it (the
           diplomatic view's), not with the editors' corrections unmarked. -->
      <xsl:for-each select="$hd/tei:profileDesc/tei:abstract">
        <abstract>
          <xsl:variable name="by" select="p:resp-label(.)"/>
          <xsl:if test="$by"><xsl:attribute name="by" select="$by"/></xsl:if>
          <xsl:for-each select="tei:p"><p>{p:plain(., 'diplomatic')}</p></xsl:for-each>
          <xsl:if test="not(tei:p)"><p>{p:plain(., 'diplomatic')}</p></xsl:if>
        </abstract>
      </xsl:for-each>
      <xsl:variable name="links" as="element()*">
        <xsl:call-template name="links"><xsl:with-param name="pm" select="$pm"/></xsl:call-template>
      </xsl:variable>
      <xsl:for-each-group select="$links" group-by="@key">
        <name key="{current-grouping-key()}">
          <xsl:if test="current-group()/self::participation"><xsl:attribute name="participant" select="'yes'"/></xsl:if>
          <xsl:variable name="cited" select="distinct-values(current-group()/self::citation/@in)"/>
          <xsl:if test="exists($cited)"><xsl:attribute name="cited" select="$cited"/></xsl:if>
          <xsl:variable name="setting-cert" select="(current-group()/self::citation[@in = 'setting']/@cert)[1]"/>
          <xsl:if test="exists($setting-cert)"><xsl:attribute name="setting-cert" select="$setting-cert"/></xsl:if>
          <xsl:for-each select="current-group()[self::speech], current-group()[self::mention], current-group()[self::possible]">
            <xsl:element name="{local-name()}">
              <xsl:sequence select="@* except @key, *"/>
            </xsl:element>
          </xsl:for-each>
        </name>
      </xsl:for-each-group>
    </summary>
  </xsl:template>

  <!-- Every link the registers make into this record, in one pass over its turns and names. -->
  <xsl:template name="links">
    <xsl:param name="pm" as="map(*)"/>
    <xsl:variable name="sps" as="element()*" select="$tei/tei:text//tei:sp"/>
    <xsl:variable name="ids" select="($record-maps?mention-ids, p:mention-ids($tei))[1]"/>
    <!-- The turn of each name, by position: map{generate-id(name): map{'i': n, 'label': label}}. -->
    <xsl:variable name="in-turn" as="map(*)">
      <xsl:variable name="entries" as="map(*)*">
        <xsl:for-each select="$sps">
          <xsl:variable name="turn" select="map{'i': position(), 'label': p:summary-turn-label(., position())}"/>
          <xsl:for-each select=".//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs)[@ref]">
            <xsl:sequence select="map{generate-id(): $turn}"/>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:variable>
      <xsl:sequence select="map:merge($entries, map{'duplicates': 'use-first'})"/>
    </xsl:variable>
    <xsl:variable name="mentions" select="p:mentions($tei)"/>
    <!-- Where each name outside the turns is: map{generate-id(name): map{'where': ...,
         'after' or 'before': turn label}} (see the header of this file). -->
    <xsl:variable name="outside" as="map(*)" select="p:outside-turns($tei, $sps, $mentions[not(map:contains($in-turn, generate-id()))])"/>
    <xsl:for-each select="$mentions">
      <xsl:variable name="n" select="."/>
      <xsl:variable name="t" select="$in-turn(generate-id($n))"/>
      <xsl:variable name="o" select="$outside(generate-id($n))"/>
      <xsl:for-each select="p:ref-keys($n/@ref, $pm)">
        <mention key="{.}" at="{encode-for-uri($ids(generate-id($n)))}">
          <xsl:choose>
            <xsl:when test="exists($t)"><xsl:attribute name="turn" select="$t?label"/></xsl:when>
            <xsl:otherwise>
              <xsl:attribute name="where" select="$o?where"/>
              <xsl:if test="exists($o?after)"><xsl:attribute name="after" select="$o?after"/></xsl:if>
              <xsl:if test="exists($o?before)"><xsl:attribute name="before" select="$o?before"/></xsl:if>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:attribute name="form" select="p:form($n)"/>
          <xsl:if test="$n/self::tei:rs"><xsl:attribute name="rs" select="'yes'"/></xsl:if>
          <xsl:if test="normalize-space($n/@cert)"><xsl:attribute name="cert" select="normalize-space($n/@cert)"/></xsl:if>
          <!-- What the editors say it may stand for instead (see <possible>). -->
          <xsl:if test="$n/@xml:id">
            <xsl:for-each select="key('doubts', string($n/@xml:id), root($tei))[@assertedValue][not(@match) or normalize-space(@match) = '@ref']">
              <xsl:variable name="c" select="."/>
              <xsl:for-each select="p:ref-keys($c/@assertedValue, $pm)">
                <or key="{.}">
                  <xsl:if test="normalize-space($c/@cert)"><xsl:attribute name="cert" select="normalize-space($c/@cert)"/></xsl:if>
                </or>
              </xsl:for-each>
            </xsl:for-each>
          </xsl:if>
        </mention>
      </xsl:for-each>
    </xsl:for-each>
    <!-- Names the editors say may stand for another entry (a statement of certainty about
         their @ref): "possibly meant" in that entry. -->
    <xsl:for-each select="$tei/tei:text//tei:certainty[@assertedValue][@target][not(@match) or normalize-space(@match) = '@ref']">
      <xsl:variable name="c" select="."/>
      <xsl:for-each select="tokenize(normalize-space(@target))[starts-with(., '#')] ! key('by-id', substring(., 2), root($tei))[1]">
        <xsl:variable name="n" select="."/>
        <xsl:variable name="t" select="$in-turn(generate-id($n))"/>
        <xsl:variable name="at" select="$ids(generate-id($n))"/>
        <xsl:if test="exists($t) and exists($at)">
          <xsl:for-each select="p:ref-keys($c/@assertedValue, $pm)">
            <possible key="{.}" at="{encode-for-uri($at)}" turn="{$t?label}" form="{p:form($n)}" cert="{normalize-space($c/@cert)}"
              linked="{string-join(p:ref-keys($n/@ref, $pm), ' ')}"/>
          </xsl:for-each>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
    <!-- References in the header outside the abstract: not mentions, but the registers say
         that the record cites the entry. -->
    <xsl:variable name="hd" select="$tei/tei:teiHeader"/>
    <xsl:variable name="sd" select="$hd/tei:fileDesc/tei:sourceDesc"/>
    <xsl:variable name="in-archival" select="$sd//tei:msDesc//*[@ref]"/>
    <xsl:variable name="in-published" select="($sd//tei:bibl | $sd//tei:biblStruct | $sd//tei:biblFull)//*[@ref] except $in-archival"/>
    <xsl:variable name="in-source" select="$sd//*[@ref]"/>
    <xsl:for-each select="$in-source">
      <xsl:variable name="in" select="if (. intersect $in-archival) then 'archival' else if (. intersect $in-published) then 'published' else 'source'"/>
      <xsl:for-each select="p:ref-keys(@ref, $pm)"><citation key="{.}" in="{$in}"/></xsl:for-each>
    </xsl:for-each>
    <xsl:variable name="in-setting" select="$hd/tei:profileDesc/tei:settingDesc//*[@ref]"/>
    <xsl:for-each select="$in-setting">
      <xsl:variable name="cert" select="normalize-space(@cert)"/>
      <xsl:for-each select="p:ref-keys(@ref, $pm)">
        <citation key="{.}" in="setting">
          <xsl:if test="$cert"><xsl:attribute name="cert" select="$cert"/></xsl:if>
        </citation>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:for-each select="$hd//*[@ref] except ($in-source, $in-setting, $hd/tei:profileDesc/tei:abstract//*)">
      <xsl:for-each select="p:ref-keys(@ref, $pm)"><citation key="{.}" in="header"/></xsl:for-each>
    </xsl:for-each>
    <!-- A record has few speakers and many turns: the keys of each @who value, and the form
         of each plain label (text only, no attributes), are worked out once. -->
    <xsl:variable name="who-keys" as="map(*)" select="map:merge(
      for $w in distinct-values($sps/@who) return map:entry($w, p:ref-keys($w, $pm)))"/>
    <xsl:variable name="label-forms" as="map(*)">
      <xsl:map>
        <xsl:for-each-group select="$sps/tei:speaker[1][empty(*) and empty(@*)]" group-by="string()">
          <xsl:map-entry key="current-grouping-key()" select="p:label-form(.)"/>
        </xsl:for-each-group>
      </xsl:map>
    </xsl:variable>
    <xsl:for-each select="$sps">
      <xsl:variable name="i" select="position()"/>
      <xsl:variable name="sp" select="."/>
      <xsl:variable name="keys" select="if (@who) then $who-keys(string(@who)) else ()"/>
      <xsl:if test="exists($keys)">
        <xsl:variable name="label" select="tei:speaker[1]"/>
        <xsl:variable name="known" select="if (empty($label/*) and empty($label/@*)) then $label-forms(string($label)) else ()"/>
        <xsl:variable name="form" select="if (exists($known)) then $known else p:label-form($label)"/>
        <xsl:variable name="at" select="encode-for-uri(if ($sp/@xml:id) then string($sp/@xml:id) else concat('_t', $i))"/>
        <xsl:variable name="turn" select="p:summary-turn-label($sp, $i)"/>
        <xsl:for-each select="$keys">
          <speech key="{.}" at="{$at}" turn="{$turn}" form="{$form}"/>
        </xsl:for-each>
      </xsl:if>
    </xsl:for-each>
    <xsl:for-each select="$tei/tei:teiHeader/tei:profileDesc/tei:particDesc//(tei:person | tei:personGrp)">
      <xsl:for-each select="p:ref-keys(@sameAs, $pm)">
        <participation key="{.}"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <!-- The text of a name or label as the diplomatic view shows it: p:plain($n, 'diplomatic'),
       with a shortcut for the usual case of an element with text only (the same result). -->
  <xsl:function name="p:form" as="xs:string">
    <xsl:param name="n" as="element()?"/>
    <xsl:sequence select="
      if (empty($n) or exists($n/*)) then p:plain($n, 'diplomatic')
      else let $r := p:rule($n, 'diplomatic'), $b := string(($r/@behaviour, 'text')[1]) return
        if ($b = ('omit', 'footnote', 'choice')) then p:plain($n, 'diplomatic')
        else normalize-space(concat($r/@before, string($n), $r/@after))"/>
  </xsl:function>

  <!-- A speaker label as a spelling of the name: its diplomatic text without the colon. -->
  <xsl:function name="p:label-form" as="xs:string">
    <xsl:param name="label" as="element()?"/>
    <xsl:sequence select="replace(p:form($label), '\s*:$', '')"/>
  </xsl:function>

  <!-- Where the names $names, none of them in a turn, are: in the abstract ("summary"), a
       heading, a date line, a stage direction, an editorial note, or other text of the record
       ("text"); and for those in the text, the label of the last turn before each ('after')
       or, when no turn precedes it, of the first turn ('before'). One pass over the turns and
       the names in document order (no preceding:: axis; see common.xsl). -->
  <xsl:function name="p:outside-turns" as="map(*)">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="sps" as="element()*"/>
    <xsl:param name="names" as="element()*"/>
    <xsl:variable name="kinds" as="map(*)" select="map:merge((
      for $n in $tei/tei:text//tei:note//*[@ref] return map:entry(generate-id($n), 'note'),
      for $n in $tei/tei:text//tei:stage//*[@ref] return map:entry(generate-id($n), 'stage'),
      for $n in $tei/tei:text//tei:head//*[@ref] return map:entry(generate-id($n), 'heading'),
      for $n in $tei/tei:text//tei:dateline//*[@ref] return map:entry(generate-id($n), 'dateline'),
      for $n in $tei/tei:teiHeader/tei:profileDesc/tei:abstract//*[@ref] return map:entry(generate-id($n), 'summary')),
      map{'duplicates': 'use-first'})"/>
    <xsl:variable name="first" select="if (exists($sps)) then p:summary-turn-label($sps[1], 1) else ()"/>
    <xsl:variable name="turn-index" select="p:index($sps)"/>
    <xsl:iterate select="$sps | $names">
      <xsl:param name="last" as="xs:string?" select="()"/>
      <xsl:param name="found" as="map(*)" select="map{}"/>
      <xsl:on-completion select="$found"/>
      <xsl:variable name="id" select="generate-id()"/>
      <xsl:choose>
        <xsl:when test="map:contains($turn-index, $id)">
          <xsl:next-iteration>
            <xsl:with-param name="last" select="p:summary-turn-label(., $turn-index($id))"/>
          </xsl:next-iteration>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="where" select="($kinds($id), 'text')[1]"/>
          <xsl:next-iteration>
            <xsl:with-param name="found" select="map:put($found, $id,
              if ($where eq 'summary') then map{'where': $where}
              else if (exists($last)) then map{'where': $where, 'after': $last}
              else if (exists($first)) then map{'where': $where, 'before': $first}
              else map{'where': $where})"/>
          </xsl:next-iteration>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:iterate>
  </xsl:function>

  <xsl:function name="p:summary-turn-label" as="xs:string">
    <xsl:param name="sp" as="element()"/>
    <xsl:param name="i" as="xs:integer"/>
    <xsl:sequence select="if (normalize-space($sp/@n)) then normalize-space($sp/@n) else string($i)"/>
  </xsl:function>
</xsl:stylesheet>
