<?xml version="1.0" encoding="UTF-8"?>
<!--
  site.xsl: the pages around the records: index.html, persons.html, places.html,
  organisations.html, events.html and encoding.html ($page says which).

  Input (built by render.py):   <summaries><summary stem="...">...</summary>...</summaries>,
                                one summary per record, made by summary.xsl
  Parameter $authority:         the authority file (standOff with listPerson, listPlace, listOrg,
                                listEvent).

  The registers link every entry to every mention, speech turn and participation in every
  record. The summaries list these links; they are grouped once into a map keyed by
  authority id, so the cost is linear in the size of the summaries, not of the records.
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

  <xsl:param name="page" as="xs:string" select="'index'"/>
  <xsl:param name="site-root" as="xs:string" select="''"/>
  <!-- Written by render.py where the encoding manual goes, when parley.schemadoc made one. -->
  <xsl:param name="manual" as="xs:boolean" select="false()"/>
  <xsl:param name="manual-note" as="xs:string" select="''"/>
  <!-- Large registers are written in pieces (render.py): with $skeleton, a register page has
       a marker <!-/-parley:entry:KEY-/-> (KEY URI-encoded, "-" too) in place of each entry;
       with $entry, the output is that one entry's section, from the summaries' names of that
       entry alone. -->
  <xsl:param name="skeleton" as="xs:boolean" select="false()"/>
  <xsl:param name="entry" as="xs:string" select="''"/>
  <!-- So is the index: with $skeleton, it has a marker <!-/-parley:cards-/-> in place of the
       record cards; with $cards, the output is the cards of the given summaries alone. A
       card depends on its record alone (not on its place in the list), so that render.py can
       keep pieces of the list from one build to the next. -->
  <xsl:param name="cards" as="xs:boolean" select="false()"/>
  <!-- And so is a large entry: with $entry and $skeleton, its section has a marker
       <!-/-parley:links-/-> in place of the records' links (the summaries given need only hold
       the spellings); with $entry and $back-links, the output is the links of the given
       summaries alone. -->
  <xsl:param name="back-links" as="xs:boolean" select="false()"/>

  <xsl:variable name="view" as="xs:string" select="'reading'"/>

  <!-- The records' summaries, oldest first. -->
  <xsl:variable name="records" as="element(summary)*">
    <xsl:perform-sort select="/summaries/summary">
      <xsl:sort select="@day"/>
      <xsl:sort select="@stem"/>
    </xsl:perform-sort>
  </xsl:variable>

  <!-- In the authority file "#key" points to an entry. -->
  <xsl:variable name="authority-prefixes" as="map(*)" select="map:merge((p:prefix-map($authority/tei:TEI), map{'#': true()}))"/>

  <!-- Everything the registers link to, by authority key, in the order of the records:
       map{ key: (name, name, ...) }, the <name> elements of the summaries (see summary.xsl),
       one per record that names the entry. -->
  <xsl:variable name="links" as="map(xs:string, element()*)">
    <xsl:map>
      <xsl:for-each-group select="for $r in $records return $r/name" group-by="string(@key)">
        <xsl:map-entry key="current-grouping-key()" select="current-group()"/>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:variable>

  <!-- ================================================================================ -->

  <!-- Record cards of the index, alone (see $cards). -->
  <xsl:template match="document-node()[$cards]" priority="1">
    <xsl:for-each select="$records"><xsl:call-template name="card"/></xsl:for-each>
  </xsl:template>

  <!-- The links of one entry, alone (see $back-links). -->
  <xsl:template match="document-node()[$entry ne ''][$back-links]" priority="2">
    <xsl:for-each select="$links($entry)"><xsl:call-template name="back-link"/></xsl:for-each>
  </xsl:template>

  <!-- One entry of a register, alone (see $entry). -->
  <xsl:template match="document-node()[$entry ne '']" priority="1">
    <xsl:apply-templates select="key('entry', $entry, $authority)[1]" mode="entry"/>
  </xsl:template>

  <xsl:template match="/">
    <xsl:variable name="titles" select="map{
      'index': 'Records', 'persons': 'Persons', 'places': 'Places',
      'organisations': 'Organisations', 'events': 'Events and documents', 'encoding': 'Encoding'}"/>
    <xsl:variable name="title" select="($titles($page), 'Records')[1]"/>
    <html lang="en">
      <xsl:call-template name="p:head">
        <xsl:with-param name="title" select="concat($title, ' – parley edition')"/>
      </xsl:call-template>
      <body class="site-page page-{p:token($page)}">
        <xsl:call-template name="p:site-nav"><xsl:with-param name="current" select="$page"/></xsl:call-template>
        <main id="main">
          <xsl:choose>
            <xsl:when test="$page eq 'persons'">
              <xsl:call-template name="register">
                <xsl:with-param name="title" select="'Persons'"/>
                <xsl:with-param name="entries" as="element()*">
                  <xsl:perform-sort select="$authority//tei:listPerson/(tei:person | tei:personGrp)">
                    <xsl:sort select="p:sort-key(p:filing-name(.))"/>
                    <xsl:sort select="string(@xml:id)"/>
                  </xsl:perform-sort>
                </xsl:with-param>
                <xsl:with-param name="intro">Everyone in the authority file: the participants of the meetings, the people the records name or refer to, and others the editors identified (each entry says where the records name the person or refer to them, if they do). Entries are in alphabetical order of family names: the contents list a name written given name first as “family name, given names”; Chinese and Japanese names, which put the family name first, and names without a family name are listed as they are written.</xsl:with-param>
              </xsl:call-template>
            </xsl:when>
            <xsl:when test="$page eq 'places'">
              <xsl:call-template name="register">
                <xsl:with-param name="title" select="'Places'"/>
                <xsl:with-param name="entries" as="element()*">
                  <xsl:perform-sort select="$authority//tei:listPlace/tei:place">
                    <xsl:sort select="lower-case(p:standard-name(.))"/>
                  </xsl:perform-sort>
                </xsl:with-param>
                <xsl:with-param name="intro">Places and the states of 1945 named in the records, in alphabetical order of their standard names.</xsl:with-param>
              </xsl:call-template>
            </xsl:when>
            <xsl:when test="$page eq 'organisations'">
              <xsl:call-template name="register">
                <xsl:with-param name="title" select="'Organisations'"/>
                <xsl:with-param name="entries" as="element()*">
                  <xsl:perform-sort select="$authority//tei:listOrg/tei:org">
                    <xsl:sort select="lower-case(p:standard-name(.))"/>
                  </xsl:perform-sort>
                </xsl:with-param>
                <xsl:with-param name="intro">Parties, governments, railways, armies and the archival and publishing bodies, in alphabetical order of their standard names.</xsl:with-param>
              </xsl:call-template>
            </xsl:when>
            <xsl:when test="$page eq 'events'">
              <xsl:call-template name="register">
                <xsl:with-param name="title" select="'Events and documents'"/>
                <xsl:with-param name="entries" as="element()*">
                  <xsl:perform-sort select="$authority/*/tei:standOff/tei:listEvent[not(@type = 'meetings')]/tei:event[@xml:id]">
                    <xsl:sort select="p:event-sort-key(.)"/>
                    <xsl:sort select="lower-case(p:standard-name(.))"/>
                  </xsl:perform-sort>
                </xsl:with-param>
                <xsl:with-param name="intro">The events, agreements and documents the records refer to, in order of date (the earliest date of each), with the editors’ identification and every reference the editors tagged in the records. Dates are as precise as the sources make them: a month where only the month is known.</xsl:with-param>
              </xsl:call-template>
            </xsl:when>
            <xsl:when test="$page eq 'encoding'"><xsl:call-template name="encoding"/></xsl:when>
            <xsl:otherwise><xsl:call-template name="index"/></xsl:otherwise>
          </xsl:choose>
        </main>
        <footer class="site">
          <p>parley edition. Every page works offline; each record can be downloaded as TEI XML.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ================================================================================ -->
  <!-- index.html                                                                       -->

  <xsl:template name="index">
    <header class="page-head">
      <h1>Meeting records</h1>
      <p class="lede">Each record is given in two views: a <strong>reading view</strong> (corrected and expanded text, speakers and names linked to the registers, editorial notes) and a <strong>diplomatic view</strong> (the record exactly as transcribed). <xsl:choose><xsl:when test="$registers">The TEI XML of each record can be downloaded as one self-contained file, valid TEI P5 (<code>tei_all</code>): the entries of the registers it refers to are included in it, so that every name and identification resolves within the file.</xsl:when><xsl:otherwise>The TEI XML of each record can be downloaded.</xsl:otherwise></xsl:choose></p>
    </header>
    <ol class="records">
      <xsl:choose>
        <xsl:when test="$skeleton"><xsl:comment>parley:cards</xsl:comment></xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="$records"><xsl:call-template name="card"/></xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </ol>
    <xsl:if test="empty($records) and not($skeleton)">
      <p>No records were rendered.</p>
    </xsl:if>
    <section class="registers-intro" aria-labelledby="reg-h">
      <h2 id="reg-h">Registers</h2>
      <p>The <a href="persons.html">persons</a>, <a href="places.html">places</a> and <a href="organisations.html">organisations</a> named in the records, with standard names, the spellings of the records, dates, offices, identifications, coordinates and links to every mention; and the <a href="events.html">events and documents</a> the records refer to (treaties, conferences, incidents, wars), with their dates. How the text is encoded and shown: <a href="encoding.html">encoding</a>.</p>
    </section>
  </xsl:template>

  <!-- A record's card in the index: the context is its summary. Its id, from the record's
       stem, is a stable link to the card (index.html#card-STEM). -->
  <xsl:template name="card">
    <xsl:variable name="stem" select="encode-for-uri(@stem)"/>
    <li class="record-card">
      <article aria-labelledby="card-{$stem}">
        <h2 id="card-{$stem}"><a href="{$stem}/reading.html">{@title}</a></h2>
        <p class="when">{when}</p>
        <xsl:if test="participant">
          <p class="participants-line">
            <span class="label">Participants: </span>
            <xsl:for-each select="participant">
              <xsl:if test="position() gt 1">, </xsl:if>
              <xsl:variable name="href" select="p:safe-href(@href)"/>
              <xsl:choose>
                <xsl:when test="$href"><a href="{$href}">{@name}</a></xsl:when>
                <xsl:otherwise>{@name}</xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
          </p>
        </xsl:if>
        <xsl:for-each select="abstract">
          <div class="abstract">
            <xsl:for-each select="p">
              <p>{.}</p>
            </xsl:for-each>
            <xsl:if test="normalize-space(@by)">
              <p class="attribution">Summary by the {normalize-space(@by)}, quoted as published with the source.</p>
            </xsl:if>
          </div>
        </xsl:for-each>
        <ul class="record-links">
          <li><a href="{$stem}/reading.html">Reading view</a></li>
          <li><a href="{$stem}/diplomatic.html">Diplomatic view</a></li>
          <li><a href="{$stem}/{$stem}.xml" type="application/xml">TEI XML</a></li>
        </ul>
      </article>
    </li>
  </xsl:template>

  <!-- ================================================================================ -->
  <!-- Registers                                                                        -->

  <xsl:template name="register">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="entries" as="element()*"/>
    <xsl:param name="intro" as="xs:string"/>
    <header class="page-head">
      <h1>{$title}</h1>
      <p class="lede">{$intro}</p>
    </header>
    <xsl:choose>
      <xsl:when test="empty($entries)">
        <p>There is no authority file, or it lists no {lower-case($title)}.</p>
      </xsl:when>
      <xsl:otherwise>
        <nav class="toc" aria-label="{$title}: contents">
          <ul>
            <xsl:for-each select="$entries">
              <li><a href="#{encode-for-uri(@xml:id)}">{if (self::tei:person or self::tei:personGrp) then p:filing-name(.) else p:standard-name(.)}</a></li>
            </xsl:for-each>
          </ul>
        </nav>
        <xsl:choose>
          <xsl:when test="$skeleton">
            <xsl:for-each select="$entries">
              <xsl:comment>parley:entry:{replace(encode-for-uri(@xml:id), '-', '%2D')}</xsl:comment>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise><xsl:apply-templates select="$entries" mode="entry"/></xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*" mode="entry">
    <xsl:variable name="key" select="string(@xml:id)"/>
    <xsl:variable name="links" select="$links($key)"/>
    <xsl:variable name="names" select="tei:persName | tei:placeName | tei:orgName | tei:eventName | tei:name"/>
    <xsl:variable name="event" select="exists(self::tei:event)"/>
    <section class="entry" id="{$key}" aria-labelledby="{$key}-h">
      <h2 id="{$key}-h">{p:standard-name(.)}</h2>
      <dl class="meta">
        <xsl:if test="@type">
          <dt>Kind</dt>
          <dd>{replace(string(@type), '-', ' ')}</dd>
        </xsl:if>
        <!-- The records' words for the entry: the spellings of its names (speaker labels,
             names), and the referring strings (rs: "their emperor"), which are no spellings
             of a name. An event's are all "referred to as". A form the editors identify
             with doubt wherever it occurs ("South-Shanghai", linked to Shanghai with low
             certainty) says so, in the words of its mentions: "(possible identification)". -->
        <xsl:variable name="worded" select="$links/(speech | mention)[@form ne '']"/>
        <xsl:variable name="forms" select="distinct-values($worded/@form)"/>
        <xsl:for-each select="('Spellings in the records', 'Referred to as')">
          <xsl:variable name="shown" select="
            if (position() eq 1) then (if ($event) then () else $worded[not(@rs)])
            else (if ($event) then $worded else $worded[@rs])"/>
          <xsl:if test="exists($shown)">
            <dt>{.}</dt>
            <dd>
              <xsl:for-each-group select="$shown" group-by="string(@form)">
                <xsl:sort select="current-grouping-key()"/>
                <xsl:if test="position() gt 1">, </xsl:if>
                <q class="form">{current-grouping-key()}</q>
                <xsl:variable name="doubt" select="p:least-doubt(current-group()/string(@cert))"/>
                <xsl:if test="$doubt"><span class="form-note"> ({$doubt})</span></xsl:if>
              </xsl:for-each-group>
            </dd>
          </xsl:if>
        </xsl:for-each>
        <!-- Other forms: not the variants the records show (they are above), nor the form the
             contents list a person under ("Roosevelt, Franklin D."). -->
        <xsl:variable name="other" select="$names[not(@type = 'preferred')][not(@type = 'variant' and normalize-space() = $forms)] except p:filing-form(.)"/>
        <xsl:if test="$other">
          <dt>Other forms</dt>
          <dd>
            <ul class="forms">
              <xsl:for-each select="$other">
                <li>
                  <xsl:variable name="lang" select="p:lang(@xml:lang)"/>
                  <xsl:choose>
                    <xsl:when test="$lang"><span lang="{$lang}">{normalize-space()}</span></xsl:when>
                    <xsl:otherwise>{normalize-space()}</xsl:otherwise>
                  </xsl:choose>
                  <xsl:variable name="notes" select="(
                    if ($lang) then $lang else (),
                    if (@type = ('variant', 'alt', 'birth', 'abbreviation')) then
                      map{'variant': 'variant', 'alt': 'other form', 'birth': 'birth name', 'abbreviation': 'abbreviation'}(string(@type)) else (),
                    if ((@from or @to) and p:span-unstated(.) ne '') then string-join((p:human-date(@from), p:human-date(@to)), '–') else (),
                    if (@cert) then p:cert-phrase(@cert)[. ne ''] else ())"/>
                  <xsl:if test="exists($notes)"><span class="form-note"> ({string-join($notes, ', ')})</span></xsl:if>
                </li>
              </xsl:for-each>
            </ul>
          </dd>
        </xsl:if>
        <!-- An event: its date as the sources give it; the dated occasions inside it. -->
        <xsl:if test="$event and (@when or @from or @to or @notBefore or @notAfter or tei:event)">
          <dt>{if (tei:event) then 'Dates' else 'Date'}</dt>
          <dd>
            <xsl:value-of select="p:event-when(.)"/>
            <xsl:if test="tei:event">
              <ul class="occasions">
                <xsl:for-each select="tei:event">
                  <li>{string-join((p:event-when(.)[. ne ''], normalize-space(string-join(tei:label, '; '))[. ne '']), ': ')}</li>
                </xsl:for-each>
              </ul>
            </xsl:if>
          </dd>
        </xsl:if>
        <xsl:if test="tei:birth | tei:death">
          <dt>Dates</dt>
          <dd>
            <xsl:for-each select="tei:birth | tei:death">
              <xsl:if test="position() gt 1">; </xsl:if>
              <xsl:value-of select="if (self::tei:birth) then 'born ' else 'died '"/>
              <xsl:value-of select="p:event-date(.)"/>
              <xsl:variable name="place" select="tei:placeName[@ref]"/>
              <xsl:for-each select="$place">
                <xsl:variable name="e" select="p:entry(p:ref-keys(@ref, $authority-prefixes)[1])"/>
                <xsl:text> in </xsl:text>
                <xsl:choose>
                  <xsl:when test="$e"><a href="{p:entry-href($e)}">{normalize-space()}</a></xsl:when>
                  <xsl:otherwise>{normalize-space()}</xsl:otherwise>
                </xsl:choose>
              </xsl:for-each>
              <!-- where the date comes from (its source, or "standard reference date") -->
              <xsl:if test="normalize-space(string-join(text(), ''))">
                <span class="form-note"> ({normalize-space(string-join(text(), ''))})</span>
              </xsl:if>
              <xsl:call-template name="fact-cert"/>
            </xsl:for-each>
          </dd>
        </xsl:if>
        <xsl:if test="tei:occupation">
          <dt>Offices and occupations</dt>
          <dd>
            <ul class="offices">
              <xsl:for-each select="tei:occupation">
                <li>{normalize-space()}<xsl:variable name="span" select="p:span-unstated(.)"/><xsl:if test="$span"> ({$span})</xsl:if><xsl:call-template name="fact-cert"/></li>
              </xsl:for-each>
            </ul>
          </dd>
        </xsl:if>
        <!-- One term for each kind of fact, one description per value (HTML: no term twice in a list). -->
        <xsl:if test="tei:affiliation"><dt>Affiliation</dt></xsl:if>
        <xsl:for-each select="tei:affiliation">
          <dd>{normalize-space()}<xsl:call-template name="fact-cert"/></dd>
        </xsl:for-each>
        <xsl:if test="tei:note[@type = 'identification']"><dt>Identification</dt></xsl:if>
        <xsl:for-each select="tei:note[@type = 'identification']">
          <!-- The editors' confidence, first, in the words the mention lists use: the note's
               own @cert, or the entry's (events); "very probable" for high, which a name's
               certainty leaves unsaid (see p:cert-phrase). -->
          <xsl:variable name="cert" select="(@cert, ../@cert)[1]"/>
          <xsl:variable name="doubt" select="if ($cert = 'high') then 'very probable identification' else p:cert-phrase($cert)"/>
          <dd>
            <xsl:if test="$doubt"><span class="doubt">{upper-case(substring($doubt, 1, 1))}{substring($doubt, 2)}.</span><xsl:text> </xsl:text></xsl:if>
            <xsl:apply-templates select="node()" mode="note-text"/>
          </dd>
        </xsl:for-each>
        <xsl:if test="tei:location[tei:geo]"><dt>Coordinates</dt></xsl:if>
        <xsl:for-each select="tei:location[tei:geo]">
          <xsl:variable name="ll" select="tokenize(normalize-space(tei:geo[1]))"/>
          <dd>
            <xsl:choose>
              <xsl:when test="count($ll) eq 2 and ($ll[1] castable as xs:decimal) and ($ll[2] castable as xs:decimal)">
                <xsl:variable name="lat" select="xs:decimal($ll[1])"/>
                <xsl:variable name="long" select="xs:decimal($ll[2])"/>
                <span class="geo">{abs($lat)}° {if ($lat lt 0) then 'S' else 'N'}, {abs($long)}° {if ($long lt 0) then 'W' else 'E'}</span>
                <xsl:text> </xsl:text>
                <a class="map" href="https://www.openstreetmap.org/?mlat={$lat}&amp;mlon={$long}#map=7/{$lat}/{$long}">map</a>
              </xsl:when>
              <xsl:otherwise>{normalize-space(tei:geo[1])}</xsl:otherwise>
            </xsl:choose>
            <xsl:for-each select="tei:note"><span class="form-note"> ({normalize-space()})</span></xsl:for-each>
            <xsl:call-template name="fact-cert"/>
          </dd>
        </xsl:for-each>
        <xsl:if test="tei:idno[@subtype = 'wikidata']"><dt>Wikidata</dt></xsl:if>
        <xsl:for-each select="tei:idno[@subtype = 'wikidata']">
          <xsl:variable name="href" select="p:safe-href(normalize-space())"/>
          <!-- What the item is, where the entry says (a note pointing to the idno): an entry
               with two items (Japan: the Empire of Japan, and Japan) tells them apart. -->
          <xsl:variable name="id" select="string(@xml:id)"/>
          <xsl:variable name="label" select="if ($id) then ../tei:note[not(@type)][tokenize(normalize-space(@target)) = concat('#', $id)] ! normalize-space() else ()"/>
          <dd>
            <xsl:choose>
              <xsl:when test="starts-with($href, 'http')"><a href="{$href}">{tokenize($href, '/')[last()]}</a></xsl:when>
              <xsl:otherwise>{normalize-space()}</xsl:otherwise>
            </xsl:choose>
            <xsl:if test="exists($label[. ne ''])"> ({string-join($label[. ne ''], '; ')})</xsl:if>
          </dd>
        </xsl:for-each>
      </dl>
      <xsl:call-template name="back-links"><xsl:with-param name="links" select="$links"/></xsl:call-template>
    </section>
  </xsl:template>

  <!-- The text of an identification note: its words, white space folded, and the entries
       it names (persName, placeName, orgName, rs, name with @ref: "#togo") as links to their
       register entries ("the record links the name to Tōjō Hideki"). Nothing else of the
       note becomes markup. -->
  <xsl:template match="text()" mode="note-text">
    <xsl:variable name="t" select="replace(., '\s+', ' ')"/>
    <xsl:value-of select="
      if (not(parent::tei:note)) then $t
      else let $a := if (. is ../node()[1]) then replace($t, '^ ', '') else $t
           return if (. is ../node()[last()]) then replace($a, ' $', '') else $a"/>
  </xsl:template>
  <xsl:template match="*" mode="note-text"><xsl:apply-templates mode="note-text"/></xsl:template>
  <xsl:template match="*[@ref]" mode="note-text">
    <xsl:variable name="e" select="p:entry(p:ref-keys(@ref, $authority-prefixes)[1])"/>
    <xsl:variable name="href" select="p:entry-href($e)"/>
    <xsl:choose>
      <xsl:when test="$href"><a href="{$href}"><xsl:apply-templates mode="note-text"/></a></xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="note-text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="tei:note" mode="note-text" priority="-1"><xsl:apply-templates mode="note-text"/></xsl:template>
  <xsl:template match="comment() | processing-instruction()" mode="note-text"/>

  <!-- The editors' doubt about a fact of an entry (its @cert), after the fact: " (probable;
       not verified)". -->
  <xsl:template name="fact-cert">
    <xsl:variable name="doubt" select="p:fact-cert(@cert)"/>
    <xsl:if test="$doubt"><span class="form-note"> ({$doubt})</span></xsl:if>
  </xsl:template>

  <!-- Per record: participation, speech turns, mentions (each a link); a record that does
       not name the entry in its text but cites it in its header (see @cited in summary.xsl)
       says so, with a link to the record's description. -->
  <xsl:template name="back-links">
    <xsl:param name="links" as="element()*"/>
    <xsl:choose>
      <xsl:when test="empty($links) and $page eq 'events'">
        <p class="no-mentions">No reference to it is tagged in the records.</p>
      </xsl:when>
      <xsl:when test="empty($links)">
        <p class="no-mentions">Not named in the text of the records.</p>
      </xsl:when>
      <xsl:otherwise>
        <h3 class="in-records">In the records</h3>
        <ul class="back-links">
          <xsl:choose>
            <xsl:when test="$skeleton"><xsl:comment>parley:links</xsl:comment></xsl:when>
            <xsl:otherwise><xsl:for-each select="$links"><xsl:call-template name="back-link"/></xsl:for-each></xsl:otherwise>
          </xsl:choose>
        </ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One record's links to an entry: the context is the record's <name> of the entry. -->
  <xsl:template name="back-link">
    <xsl:variable name="rec" select=".."/>
    <xsl:variable name="base" select="concat(encode-for-uri($rec/@stem), '/reading.html#')"/>
    <!-- What the record says of the entry outside its text, for every record that does:
         a participant, the place of the meeting, cited in a source description. -->
    <xsl:variable name="in-text" select="exists(speech | mention | possible)"/>
    <xsl:variable name="about" select="(if (@participant) then 'participant' else (), if (@cited) then p:cited-phrases(@cited, @setting-cert) else ())"/>
    <li>
      <xsl:choose>
        <xsl:when test="@participant or $in-text">
          <a class="rec" href="{encode-for-uri($rec/@stem)}/reading.html">{$rec/@title}</a>
        </xsl:when>
        <xsl:otherwise>
          <a class="rec" href="{encode-for-uri($rec/@stem)}/reading.html#_about">{$rec/@title}</a>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="exists($about) or not($in-text or @participant)">
        <span class="part">: {string-join((if ($in-text or @participant) then () else 'not named in the text', $about), '; ')}</span>
      </xsl:if>
      <!-- "Speaks in turn 172"; "Speaks in turns 50, 111 (2 turns)". -->
      <xsl:variable name="spoke" select="speech"/>
      <xsl:if test="exists($spoke)">
        <p class="turns"><span class="label">{if (count($spoke) eq 1) then 'Speaks in turn ' else 'Speaks in turns '}</span>
          <xsl:for-each select="$spoke">
            <xsl:if test="position() gt 1">, </xsl:if>
            <a href="{p:summary-href($base, @at)}" aria-label="turn {@turn}">{@turn}</a>
          </xsl:for-each>
          <xsl:if test="count($spoke) gt 1"> ({count($spoke)} turns)</xsl:if>
        </p>
      </xsl:if>
      <!-- "Named in" names, "Referred to in" referring strings (rs: "their emperor"), both
           when the record has both. -->
      <xsl:variable name="named" select="mention"/>
      <xsl:if test="exists($named)">
        <p class="turns"><span class="label">{
          if (empty($named[@rs])) then 'Named in '
          else if (empty($named[not(@rs)])) then 'Referred to in '
          else 'Named or referred to in '}</span>
          <xsl:call-template name="mention-list">
            <xsl:with-param name="mentions" select="$named"/>
            <xsl:with-param name="base" select="$base"/>
          </xsl:call-template>
        </p>
      </xsl:if>
      <!-- A name linked to another entry that the editors say may stand for this one:
           "Possibly meant in turn 103 ("Tojo", which the record links to Tōjō Hideki)". -->
      <xsl:for-each select="possible">
        <p class="turns"><span class="label">{p:maybe(@cert, true())} meant in </span>
          <a href="{p:summary-href($base, @at)}">{p:mention-place(.)}</a>
          <xsl:text> (“{@form}”, </xsl:text>
          <xsl:variable name="linked" select="for $k in tokenize(@linked) return p:entry($k)"/>
          <xsl:choose>
            <xsl:when test="exists($linked)">
              <xsl:text>which the record links to </xsl:text>
              <xsl:for-each select="$linked">
                <xsl:if test="position() gt 1"> and </xsl:if>
                <xsl:call-template name="entry-link"/>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise>which the record links to another entry</xsl:otherwise>
          </xsl:choose>
          <xsl:text>)</xsl:text>
        </p>
      </xsl:for-each>
    </li>
  </xsl:template>

  <!-- A record's mentions of an entry, in document order, repeats grouped: "the summary
       (3×: 2nd, 3rd), the heading, turns 3 (2×: 2nd), 23, 30, a stage direction after turn
       94, turn 95 (10 mentions in all)". Every mention keeps its link: the first of a place by the place
       (or, in a run of turns, the turn's number), the others by their order ("2nd"), each
       labelled for assistive technology ("turn 3, mention 2 of 2") and titled with the
       record's words. Mentions at one place are grouped only when the editors are as sure of
       each (see mention-doubt). -->
  <xsl:template name="mention-list">
    <xsl:param name="mentions" as="element()*"/>
    <xsl:param name="base" as="xs:string"/>
    <!-- Worked out once per mention, by position: its place, and what it is grouped by (the
         place, its certainty, its alternatives); a group is a run of mentions with the same,
         from $starts[$g] to $ends[$g]. No copies of the mentions are made. -->
    <xsl:variable name="count" select="count($mentions)"/>
    <xsl:choose>
      <!-- One mention (most records): what the general case below makes of it, directly. -->
      <xsl:when test="$count eq 1">
        <xsl:for-each select="$mentions">
          <xsl:variable name="place" select="p:mention-place(.)"/>
          <xsl:variable name="turns" select="string(@turn) ne ''"/>
          <xsl:if test="$turns">turn </xsl:if>
          <a href="{p:summary-href($base, @at)}" title="{@form}" aria-label="{$place}">{if ($turns) then string(@turn) else $place}</a>
          <xsl:if test="@cert or child::or"><xsl:call-template name="mention-doubt"/></xsl:if>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="places" as="xs:string*" select="$mentions ! p:mention-place(.)"/>
        <xsl:variable name="keys" as="xs:string*" select="for $i in 1 to $count return let $m := $mentions[$i] return string-join(($places[$i], string($m/@cert), $m/or/concat(@key, ':', @cert)), '|')"/>
        <xsl:variable name="starts" as="xs:integer*" select="for $i in 1 to $count return if ($i eq 1 or $keys[$i] ne $keys[$i - 1]) then $i else ()"/>
        <xsl:variable name="ends" as="xs:integer*" select="(subsequence($starts, 2) ! (. - 1), $count)"/>
        <!-- Runs of turns the editors are sure of: "turns 3, 23, 30"; a doubtful one on its own,
             "turn 136 (possible identification)", so that the doubt is not read of the run. -->
        <xsl:for-each-group select="1 to count($starts)" group-adjacent="let $m := $mentions[$starts[current()]] return
            if (string($m/@turn) ne '' and empty($m/or) and not($m/@cert and p:cert-phrase($m/@cert) ne '')) then 'turns' else string(current())">
          <xsl:if test="position() gt 1">, </xsl:if>
          <xsl:variable name="turns" select="string($mentions[$starts[current-group()[1]]]/@turn) ne ''"/>
          <xsl:if test="$turns">{if (count(current-group()) gt 1) then 'turns ' else 'turn '}</xsl:if>
          <xsl:for-each select="current-group()">
            <xsl:if test="position() gt 1">, </xsl:if>
            <xsl:variable name="g" select="."/>
            <xsl:variable name="s" select="$starts[$g]"/>
            <xsl:variable name="n" select="$ends[$g] - $s + 1"/>
            <xsl:variable name="place" select="$places[$s]"/>
            <xsl:for-each select="$mentions[$s]">
              <a href="{p:summary-href($base, @at)}" title="{@form}" aria-label="{$place}{if ($n gt 1) then concat(', mention 1 of ', $n) else ''}">{if ($turns) then string(@turn) else $place}</a>
            </xsl:for-each>
            <xsl:if test="$n gt 1">
              <xsl:text> (</xsl:text>{$n}<xsl:text>×: </xsl:text>
              <xsl:for-each select="subsequence($mentions, $s + 1, $n - 1)">
                <xsl:if test="position() gt 1">, </xsl:if>
                <a href="{p:summary-href($base, @at)}" title="{@form}" aria-label="{$place}, mention {position() + 1} of {$n}">{format-integer(position() + 1, '1;o')}</a>
              </xsl:for-each>
              <xsl:text>)</xsl:text>
            </xsl:if>
            <xsl:for-each select="$mentions[$s][@cert or child::or]"><xsl:call-template name="mention-doubt"/></xsl:for-each>
          </xsl:for-each>
        </xsl:for-each-group>
        <!-- The count, where the list does not show it at a glance (a place with repeats, and others). -->
        <xsl:if test="count($starts) gt 1 and $count gt count($starts)"> ({$count} mentions in all)</xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- After a mention (the context: a summary's <mention>), what the editors doubt of it: its
       certainty, and what they say it may stand for instead:
       " (probable identification; possibly Tōgō Shigenori)". Nothing when they are sure. -->
  <xsl:template name="mention-doubt">
    <xsl:variable name="doubt" select="p:cert-phrase(@cert)"/>
    <xsl:variable name="others" select="or[exists(p:entry(@key))]"/>
    <xsl:if test="$doubt or exists($others)">
      <span class="form-note">
        <xsl:text> (</xsl:text>
        <xsl:value-of select="$doubt"/>
        <xsl:for-each select="$others">
          <xsl:if test="$doubt or position() gt 1">; </xsl:if>
          <xsl:value-of select="p:maybe(@cert, false())"/>
          <xsl:text> </xsl:text>
          <xsl:for-each select="p:entry(@key)"><xsl:call-template name="entry-link"/></xsl:for-each>
        </xsl:for-each>
        <xsl:text>)</xsl:text>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- A link to an entry (the context), by its standard name; its name alone when the entry
       is in no register. -->
  <xsl:template name="entry-link">
    <xsl:variable name="href" select="p:entry-href(.)"/>
    <xsl:choose>
      <xsl:when test="$href"><a href="{$href}">{p:standard-name(.)}</a></xsl:when>
      <xsl:otherwise>{p:standard-name(.)}</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The editors' certainty that a name may stand for an entry, as an adverb: "possibly"
       (low), "probably" (medium), "very probably" (high), "perhaps" (unstated, a number);
       capitalised with $initial. The same scale as p:cert-phrase ("possible identification"). -->
  <xsl:function name="p:maybe" as="xs:string">
    <xsl:param name="cert" as="xs:string?"/>
    <xsl:param name="initial" as="xs:boolean"/>
    <xsl:variable name="w" select="if ($cert = 'low') then 'possibly' else if ($cert = 'medium') then 'probably'
      else if ($cert = 'high') then 'very probably' else 'perhaps'"/>
    <xsl:sequence select="if ($initial) then concat(upper-case(substring($w, 1, 1)), substring($w, 2)) else $w"/>
  </xsl:function>

  <!-- Of the certainties of a form's occurrences ('' for none stated), the doubt to state
       of the form: none when any occurrence is sure (no @cert, or high); otherwise
       p:cert-phrase of the surest ("probable identification" over "possible …"). -->
  <xsl:function name="p:least-doubt" as="xs:string">
    <xsl:param name="certs" as="xs:string*"/>
    <xsl:variable name="phrases" select="for $c in $certs return p:cert-phrase($c)"/>
    <xsl:sequence select="
      if (empty($certs) or $certs = '' or $phrases = '') then ''
      else (for $c in ('medium', 'low') return $certs[. = $c][1],
            $certs[. castable as xs:decimal][xs:decimal(.) = max($certs[. castable as xs:decimal] ! xs:decimal(.))][1],
            $certs)[1] ! p:cert-phrase(.)"/>
  </xsl:function>

  <!-- Where in its header a record cites an entry (@cited of a summary's <name>, see
       summary.xsl), one phrase each: "cited in the archival source description" (its
       msDesc: a repository, a collection), "cited in the published source description" (a
       bibl: a publisher, a contributor, a funder); the place of the meeting, which the
       setting gives, "(not stated in the record: inferred by the editors)" when they gave
       it a certainty ($setting-cert). -->
  <xsl:function name="p:cited-phrases" as="xs:string*">
    <xsl:param name="cited" as="xs:string?"/>
    <xsl:param name="setting-cert" as="xs:string?"/>
    <xsl:variable name="known" select="map{
      'archival': 'cited in the archival source description',
      'published': 'cited in the published source description',
      'source': 'cited in the source description',
      'setting': if ($page eq 'places') then concat('place of the meeting', if ($setting-cert) then ' (not stated in the record: inferred by the editors)' else '')
                 else 'named in the setting of the meeting',
      'header': 'named in the description of the record'}"/>
    <xsl:sequence select="distinct-values(for $t in tokenize($cited) return ($known($t), 'named in the description of the record')[1])"/>
  </xsl:function>

  <!-- Where in the record a summary's <mention> is (see summary.xsl): "turn 12", "the
       summary", "the heading", "a stage direction after turn 94", "the date line". -->
  <xsl:function name="p:mention-place" as="xs:string">
    <xsl:param name="m" as="element()"/>
    <xsl:variable name="where" select="string($m/@where)"/>
    <xsl:variable name="what" select="map{
      'heading': 'a heading', 'dateline': 'a date line', 'stage': 'a stage direction',
      'note': 'an editorial note', 'text': 'the text'}($where)"/>
    <xsl:sequence select="
      if ($m/@turn) then concat('turn ', $m/@turn)
      else if ($where eq 'summary' or empty($what)) then 'the summary'
      else if ($m/@after) then concat($what, ' after turn ', $m/@after)
      else if ($where eq 'heading') then 'the heading'
      else if ($where eq 'dateline') then 'the date line'
      else if ($m/@before) then concat($what, ' before turn ', $m/@before)
      else $what"/>
  </xsl:function>

  <!-- The place in the reading view that a summary's <mention> or <speech> names: the
       record's reading view ($base) and the fragment, URI-encoded by summary.xsl (and checked
       here: a summary is a file, and files can be edited). -->
  <xsl:function name="p:summary-href" as="xs:string">
    <xsl:param name="base" as="xs:string"/>
    <xsl:param name="at" as="xs:string?"/>
    <xsl:sequence select="concat($base, if (matches($at, '^[A-Za-z0-9_.~!$&amp;''()*+,;=:@/?%-]*$')) then $at else encode-for-uri($at))"/>
  </xsl:function>

  <!-- The name a person is filed under in the persons register: with its family name first.
       From the standard name's parts where it has them (surname, then the rest: TEI's
       persName/surname); else from the other form that is the standard name inverted, with
       a comma after the family name (type="alt": "Roosevelt, Franklin D." for "Franklin D.
       Roosevelt"), which is how the authority file gives it (its schema has no name parts);
       else the standard name as written (Chinese and Japanese names, family name first:
       "Xiong Shihui"; names without a family name: "Hirohito"). -->
  <xsl:function name="p:filing-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="preferred" select="($entry/tei:persName[@type = 'preferred'])[1]"/>
    <xsl:variable name="surname" select="normalize-space(string-join($preferred/tei:surname, ' '))"/>
    <xsl:variable name="rest" select="normalize-space(string-join($preferred/(node() except tei:surname), ' '))"/>
    <xsl:sequence select="
      if ($surname) then concat($surname, if ($rest) then concat(', ', $rest) else '')
      else (p:filing-form($entry) ! normalize-space(), p:standard-name($entry))[1]"/>
  </xsl:function>

  <!-- The other form of a person's name that is the standard name inverted at a comma: the
       same words, the family name first ("Roosevelt, Franklin D."). -->
  <xsl:function name="p:filing-form" as="element()?">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="words" select="sort(tokenize(p:standard-name($entry)))"/>
    <xsl:sequence select="$entry/tei:persName[@type = 'alt'][not(@xml:lang)][contains(., ', ')]
      [deep-equal(sort(tokenize(replace(normalize-space(), ', ', ' '))), $words)][1]"/>
  </xsl:function>

  <!-- A sort key for names: lower case, without diacritics ("tōgō" files as "togo"). -->
  <xsl:function name="p:sort-key" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="lower-case(replace(normalize-unicode($name, 'NFD'), '\p{M}', ''))"/>
  </xsl:function>

  <!-- The order of the events register: an event's earliest date as written (ISO 8601
       dates sort as strings), or its earliest occasion's; undated events last. -->
  <xsl:function name="p:event-sort-key" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="own" select="($e/@when, $e/@from, $e/@notBefore, $e/@to, $e/@notAfter)[1]"/>
    <xsl:variable name="parts" select="for $c in $e/tei:event return string(($c/@when, $c/@from, $c/@notBefore, $c/@to, $c/@notAfter)[1])"/>
    <xsl:sequence select="if ($own) then string($own) else if (exists($parts[. ne ''])) then string(min($parts[. ne ''])) else '9999'"/>
  </xsl:function>

  <!-- p:event-date of an element with a date attribute; '' without one. -->
  <xsl:function name="p:event-when" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/(@when, @from, @to, @notBefore, @notAfter)) then p:event-date($e) else ''"/>
  </xsl:function>

  <!-- "1896", "1895 or 1896" (one of two years), "between 1890 and 1896", "4 December 1894" -->
  <xsl:function name="p:event-date" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="years" select="($e/@notBefore, $e/@notAfter)[. castable as xs:gYear] ! xs:integer(substring(., 1, 4))"/>
    <xsl:sequence select="
      if ($e/@when) then p:human-date($e/@when)
      else if (count($years) eq 2 and $years[2] eq $years[1] + 1 and matches($e/@notBefore, '^\d{4}$') and matches($e/@notAfter, '^\d{4}$'))
        then concat($e/@notBefore, ' or ', $e/@notAfter)
      else if ($e/@notBefore and $e/@notAfter) then concat('between ', p:human-date($e/@notBefore), ' and ', p:human-date($e/@notAfter))
      else if ($e/@notBefore) then concat('not before ', p:human-date($e/@notBefore))
      else if ($e/@notAfter) then concat('not after ', p:human-date($e/@notAfter))
      else if ($e/@from or $e/@to) then p:span($e)
      else normalize-space($e)"/>
  </xsl:function>

  <!-- "1945", "February 1945 – March 1946", "from July 1945", "until 1916" -->
  <xsl:function name="p:span" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e/@when) then p:human-date($e/@when)
      else if ($e/@from and $e/@to) then concat(p:human-date($e/@from), ' – ', p:human-date($e/@to))
      else if ($e/@from) then concat('from ', p:human-date($e/@from))
      else if ($e/@to) then concat('until ', p:human-date($e/@to))
      else ''"/>
  </xsl:function>

  <!-- p:span($e), or '' when the text of $e already states it: when every year of its
       @when, @from and @to is in the text ("President (1912/13–1916)" with to="1916"). -->
  <xsl:function name="p:span-unstated" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="years" select="for $d in ($e/@when, $e/@from, $e/@to) return replace(string($d), '^(-?\d{4}).*$', '$1')"/>
    <xsl:variable name="text" select="string($e)"/>
    <xsl:sequence select="
      if (exists($years) and (every $y in $years satisfies matches($y, '^-?\d{4}$') and matches($text, concat('(^|\D)', $y, '(\D|$)'))))
      then '' else p:span($e)"/>
  </xsl:function>

  <!-- ================================================================================ -->
  <!-- encoding.html                                                                    -->

  <xsl:template name="encoding">
    <header class="page-head">
      <h1>Encoding</h1>
      <p class="lede">How the records are encoded in TEI P5, and how each construct shows in the two views.</p>
    </header>
    <section class="conventions-table" aria-labelledby="conv-h">
      <h2 id="conv-h">The two views</h2>
      <p>Both views are made from the same TEI file; this table (the file <code>conventions.xml</code> of the stylesheets) decides how each construct shows in each.</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">Construct</th><th scope="col">TEI elements</th><th scope="col">Diplomatic view</th><th scope="col">Reading view</th></tr>
          </thead>
          <tbody>
            <xsl:for-each select="$conventions/conventions/construct">
              <tr>
                <th scope="row">{@label}</th>
                <td><code>{string-join(tokenize(@element), ', ')}</code>{if (@attr) then concat(' (', @attr, '=&quot;', @value, '&quot;)') else ''}</td>
                <td>{p:describe(diplomatic)}</td>
                <td>{p:describe(reading)}</td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
      <p>Elements not in the table are shown as their text.</p>
    </section>
    <section class="manual" aria-labelledby="manual-h">
      <h2 id="manual-h">Encoding manual</h2>
      <xsl:choose>
        <xsl:when test="$manual"><xsl:comment>parley:manual</xsl:comment></xsl:when>
        <xsl:otherwise>
          <p class="notice">{if ($manual-note) then $manual-note else 'The encoding manual is not available in this build.'}</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:function name="p:describe" as="xs:string">
    <xsl:param name="r" as="element()?"/>
    <xsl:variable name="legend" select="normalize-space($r)"/>
    <xsl:sequence select="
      if ($legend) then $legend
      else map{'omit': 'Not shown.', 'text': 'Its text.', 'inline': 'Its text',
               'block': 'A block of its own.', 'heading': 'A heading.', 'footnote': 'A numbered footnote.',
               'link': 'A link (relative, fragment, http and https targets only).', 'break': 'A line break.',
               'page': 'A page marker outside the text.', 'list': 'A list.'}(string($r/@behaviour))
        ! (if (. eq 'Its text' and ($r/@before or $r/@after)) then concat('Its text, between ', $r/@before, ' and ', $r/@after, '.')
           else if (. eq 'Its text') then 'Its text.' else .)"/>
  </xsl:function>
</xsl:stylesheet>
