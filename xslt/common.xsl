<?xml version="1.0" encoding="UTF-8"?>
<!--
  common.xsl: what the reading view, the diplomatic view and the site pages share.

  * The text of a record is rendered by ONE generic dispatcher (mode "text"): for each TEI
    element it looks up the row of conventions.xml for the current view and runs the named
    behaviour. Behaviours are templates matching the row (mode "do"); the row's attributes are
    their settings. Elements without a row fall back to their text.
  * Safety: nothing from a document is copied as markup. Text goes out as text (the serializer
    escapes it); attributes are never copied; link targets pass p:safe-href (relative,
    fragment, http, https only); class and lang tokens are sanitised.
  * Speed: no xsl:number, no preceding:: axis. Turn, note and name positions are computed once
    per document, in document order, into maps keyed by generate-id().
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:p="urn:parley:xslt"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="yes" include-content-type="no"
    suppress-indentation="p li dd dt h1 h2 h3 h4 h5 h6 td th span a em cite summary figcaption"/>

  <!-- Parameters (render.py sets them; the defaults let the stylesheets run standalone). -->
  <xsl:param name="authority" as="document-node()?" select="()"/>
  <xsl:param name="conventions" as="document-node()" select="doc('conventions.xml')"/>
  <!-- The relative path from the page to the site root ("../" for record pages). -->
  <xsl:param name="site-root" as="xs:string" select="'../'"/>
  <!-- The file stem of the record: its folder in the site and the name of its TEI copy. -->
  <xsl:param name="stem" as="xs:string" select="'record'"/>
  <!-- Is there a register page for the authority file's entries? -->
  <xsl:param name="registers" as="xs:boolean" select="exists($authority)"/>

  <!-- The view: "reading" or "diplomatic"; the importing stylesheet overrides it. -->
  <xsl:variable name="view" as="xs:string" select="'reading'"/>

  <xsl:variable name="tei-ns" as="xs:string" select="'http://www.tei-c.org/ns/1.0'"/>

  <!-- Element-only containers: their white space is layout, not text. -->
  <xsl:strip-space elements="tei:TEI tei:teiHeader tei:fileDesc tei:titleStmt tei:publicationStmt
    tei:sourceDesc tei:msDesc tei:msIdentifier tei:msContents tei:msItem tei:encodingDesc
    tei:profileDesc tei:particDesc tei:settingDesc tei:setting tei:textClass tei:revisionDesc
    tei:availability tei:abstract tei:listPerson tei:person tei:listPlace tei:place tei:listOrg
    tei:org tei:location tei:standOff tei:relatedItem tei:text tei:front tei:body tei:back
    tei:div tei:sp tei:list tei:lg tei:table tei:row tei:choice tei:listPrefixDef tei:prefixDef
    tei:extent tei:langUsage tei:appInfo tei:application tei:editorialDecl tei:tagsDecl tei:refsDecl
    tei:classDecl tei:taxonomy tei:category"/>

  <!-- ================================================================================ -->
  <!-- Keys                                                                              -->

  <xsl:key name="construct" match="construct" use="tokenize(@element)"/>
  <xsl:key name="entry" match="tei:person | tei:personGrp | tei:place | tei:org" use="@xml:id"/>
  <xsl:key name="prefixdef" match="tei:prefixDef" use="@ident"/>
  <xsl:key name="by-id" match="*[@xml:id]" use="@xml:id"/>

  <!-- ================================================================================ -->
  <!-- The conventions table                                                            -->

  <!-- Rows by element name, per view: map{view: map{local-name: (row, row...)}}, in table order. -->
  <xsl:variable name="rule-index" as="map(xs:string, map(xs:string, element()*))" select="
    map:merge(for $v in ('reading', 'diplomatic') return map:entry($v,
      map:merge(for $c in $conventions/conventions/construct, $e in tokenize($c/@element)
                return map:entry($e, $c/*[local-name() eq $v]), map{'duplicates': 'combine'})))"/>

  <!-- The same, for speed: per view, the row of each element name that has one row and no
       attribute test (most names): map{view: map{local-name: row}}. -->
  <xsl:variable name="rule-one" as="map(xs:string, map(xs:string, element()))" select="
    map:merge(for $v in ('reading', 'diplomatic') return map:entry($v,
      let $m := $rule-index($v) return map:merge(
        for $k in map:keys($m) return let $rows := $m($k) return
          if (count($rows) eq 1 and empty($rows/../@attr)) then map:entry($k, $rows) else ())))"/>

  <!-- The rows of this page's view. -->
  <xsl:variable name="view-one" as="map(xs:string, element())" select="$rule-one($view)"/>

  <!-- The row (the <reading> or <diplomatic> child of a construct) for $n in $v, if any. -->
  <xsl:function name="p:rule" as="element()?">
    <xsl:param name="n" as="element()"/>
    <xsl:param name="v" as="xs:string"/>
    <xsl:sequence select="
      if (empty($n/self::tei:*)) then ()
      else let $k := local-name($n), $one := $rule-one($v)($k) return
        if (exists($one)) then $one else $rule-index($v)($k)[p:applies(.., $n)][1]"/>
  </xsl:function>

  <xsl:function name="p:applies" as="xs:boolean">
    <xsl:param name="c" as="element()"/>
    <xsl:param name="n" as="element()"/>
    <xsl:sequence select="
      empty($c/@attr) or $n/@*[namespace-uri() eq '' and local-name() eq string($c/@attr)]/normalize-space() = tokenize($c/@value)"/>
  </xsl:function>

  <xsl:function name="p:behaviour" as="xs:string">
    <xsl:param name="n" as="element()"/>
    <xsl:param name="v" as="xs:string"/>
    <xsl:sequence select="string((p:rule($n, $v)/@behaviour, 'text')[1])"/>
  </xsl:function>

  <!-- ================================================================================ -->
  <!-- Small functions                                                                  -->

  <!-- A link target from a document, or '' when it is not relative, fragment, http or https. -->
  <xsl:function name="p:safe-href" as="xs:string">
    <xsl:param name="u" as="xs:string?"/>
    <xsl:variable name="c" select="replace(string($u), '[\s\p{Cc}\p{Cf}]', '')"/>
    <xsl:sequence select="
      if ($c eq '') then ''
      else if (contains($c, '\')) then ''
      else if (starts-with($c, '//')) then ''
      else if (matches($c, '^[A-Za-z][A-Za-z0-9+.\-]*:')) then
        (if (matches($c, '^https?://[^/\\?#@\s]', 'i')) then $c else '')
      else if (matches($c, '^[^/?#]*:')) then ''
      else $c"/>
  </xsl:function>

  <!-- A class token made from document data. -->
  <xsl:function name="p:token" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="replace(lower-case(normalize-space($s)), '[^a-z0-9\-]+', '-')"/>
  </xsl:function>

  <!-- A BCP 47 language tag from xml:lang, or '' when it does not look like one. -->
  <xsl:function name="p:lang" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="if (matches(string($s), '^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$')) then string($s) else ''"/>
  </xsl:function>

  <!-- Position of each node in a sequence (document order), keyed by generate-id(). -->
  <xsl:function name="p:index" as="map(xs:string, xs:integer)">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="map:merge(for $i in 1 to count($nodes) return map:entry(generate-id($nodes[$i]), $i))"/>
  </xsl:function>

  <!-- The TEI elements that can be named in a register: names with @ref. -->
  <xsl:function name="p:mentions" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="($tei/tei:teiHeader/tei:profileDesc/tei:abstract, $tei/tei:text)
      //*[self::tei:persName or self::tei:placeName or self::tei:orgName or self::tei:name or self::tei:rs][@ref]"/>
  </xsl:function>

  <!-- The notes shown as footnotes in the reading view, in document order. -->
  <xsl:function name="p:footnotes" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="v" as="xs:string"/>
    <xsl:sequence select="p:footnotes-named($tei, $v,
      map:merge(for $n in p:elements-with($v, 'footnote') return map:entry($n, true())))"/>
  </xsl:function>

  <!-- The same, given the names that can be footnotes (one map lookup per element). -->
  <xsl:function name="p:footnotes-named" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="v" as="xs:string"/>
    <xsl:param name="names" as="map(xs:string, xs:boolean)"/>
    <xsl:sequence select="($tei/tei:teiHeader/tei:profileDesc/tei:abstract, $tei/tei:text)
      //tei:*[map:contains($names, local-name())][p:behaviour(., $v) eq 'footnote']"/>
  </xsl:function>

  <!-- The element names that some row gives behaviour $b in view $v. -->
  <xsl:function name="p:elements-with" as="xs:string*">
    <xsl:param name="v" as="xs:string"/>
    <xsl:param name="b" as="xs:string"/>
    <xsl:sequence select="distinct-values($conventions/conventions/construct[*[local-name() eq $v]/@behaviour = $b]/tokenize(@element))"/>
  </xsl:function>

  <!-- ================================================================================ -->
  <!-- References into the authority file                                               -->

  <!--
    The authority keys named by a pointer attribute (@ref, @who, @sameAs): each token
    "prefix:local" is expanded with the record's prefixDef (replacementPattern, "$1" = local);
    a target "authority.xml#KEY" names entry KEY. In the authority file itself ($pm?('#'))
    "#KEY" names an entry. Regular expressions from documents are never evaluated.
    $pm is the document's prefix map (p:prefix-map); record pages use the global $prefixes.
    (No ancestor:: walks here: on Saxon's tree, finding a parent can cost a scan of siblings.)
  -->
  <xsl:function name="p:ref-keys" as="xs:string*">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:param name="pm" as="map(*)"/>
    <xsl:for-each select="tokenize(normalize-space($value), ' ')">
      <xsl:variable name="t" select="."/>
      <xsl:choose>
        <xsl:when test="starts-with($t, '#')">
          <xsl:if test="$pm?('#')"><xsl:sequence select="substring($t, 2)"/></xsl:if>
        </xsl:when>
        <xsl:when test="contains($t, ':')">
          <xsl:variable name="rp" select="string($pm(substring-before($t, ':')))"/>
          <xsl:variable name="target" select="
            if (contains($rp, '$1')) then concat(substring-before($rp, '$1'), substring-after($t, ':'), substring-after($rp, '$1'))
            else ''"/>
          <xsl:if test="substring-before($target, '#') = ('authority.xml', './authority.xml')">
            <xsl:sequence select="substring-after($target, '#')"/>
          </xsl:if>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <xsl:function name="p:refs" as="xs:string*">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="p:ref-keys($value, $prefixes)"/>
  </xsl:function>

  <!-- The prefix definitions of a TEI document: map{ident: replacementPattern}. -->
  <xsl:function name="p:prefix-map" as="map(*)">
    <xsl:param name="tei" as="element()?"/>
    <xsl:sequence select="map:merge((
      for $d in $tei/tei:teiHeader/tei:encodingDesc/tei:listPrefixDef/tei:prefixDef[@ident][@replacementPattern]
      return map:entry(string($d/@ident), string($d/@replacementPattern)),
      if (empty($tei/tei:text) and exists($tei/tei:standOff)) then map:entry('#', true()) else ()),
      map{'duplicates': 'use-first'})"/>
  </xsl:function>

  <!-- The input document, and the prefix map of its (first) TEI. -->
  <xsl:variable name="source" as="document-node()?" select="/"/>
  <xsl:variable name="prefixes" as="map(*)" select="p:prefix-map((/tei:TEI, /*)[1])"/>

  <xsl:function name="p:entry" as="element()?">
    <xsl:param name="key" as="xs:string?"/>
    <xsl:sequence select="if ($key and exists($authority)) then key('entry', $key, $authority)[1] else ()"/>
  </xsl:function>

  <!-- What a pointer value (@ref, @who, @sameAs) resolves to, computed once per distinct value:
       map{'entries': the authority entries, 'href': link to the first one's register entry,
       'std': the first one's standard name, 'names': all their standard names}. -->
  <xsl:function name="p:make-ref-info" as="map(*)">
    <xsl:param name="value" as="xs:string"/>
    <xsl:variable name="entries" select="for $k in p:refs($value) return p:entry($k)"/>
    <xsl:sequence select="map{
      'entries': $entries,
      'href': p:entry-href($entries[1]),
      'std': p:standard-name($entries[1]),
      'names': for $e in $entries return p:standard-name($e)}"/>
  </xsl:function>

  <!-- Computed on first use for each distinct value, then remembered for the rest of the
       transformation (cache="yes"); no walk over the document's attributes. -->
  <xsl:function name="p:ref-info" as="map(*)" cache="yes">
    <xsl:param name="value" as="xs:string"/>
    <xsl:sequence select="p:make-ref-info($value)"/>
  </xsl:function>

  <xsl:function name="p:register-file" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="
      if ($entry/self::tei:person or $entry/self::tei:personGrp) then 'persons.html'
      else if ($entry/self::tei:place) then 'places.html'
      else if ($entry/self::tei:org) then 'organisations.html'
      else ''"/>
  </xsl:function>

  <xsl:function name="p:entry-href" as="xs:string">
    <xsl:param name="entry" as="element()?"/>
    <xsl:sequence select="
      if ($registers and exists($entry) and p:register-file($entry) ne '')
      then concat($site-root, p:register-file($entry), '#', encode-for-uri($entry/@xml:id))
      else ''"/>
  </xsl:function>

  <!-- The standard (preferred) form of an entry's name. -->
  <xsl:function name="p:standard-name" as="xs:string">
    <xsl:param name="entry" as="element()?"/>
    <xsl:variable name="names" select="$entry/(tei:persName | tei:placeName | tei:orgName | tei:name)"/>
    <xsl:sequence select="normalize-space(string(($names[@type = 'preferred'], $names[not(@xml:lang) or @xml:lang = 'en'], $names)[1]))"/>
  </xsl:function>

  <xsl:function name="p:cert-phrase" as="xs:string">
    <xsl:param name="cert" as="xs:string?"/>
    <xsl:sequence select="
      if ($cert = 'medium') then 'probable identification'
      else if ($cert = 'low') then 'possible identification'
      else if ($cert = 'unknown') then 'uncertain identification'
      else if ($cert castable as xs:decimal and xs:decimal($cert) lt 1) then concat('identification, certainty ', $cert)
      else ''"/>
  </xsl:function>

  <!-- ================================================================================ -->
  <!-- Plain text of an element in a view (for comparisons, titles and registers)        -->

  <xsl:function name="p:plain" as="xs:string">
    <xsl:param name="n" as="node()*"/>
    <xsl:param name="v" as="xs:string"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$n" mode="plain"><xsl:with-param name="v" select="$v" tunnel="yes"/></xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts))"/>
  </xsl:function>

  <xsl:template match="text()" mode="plain"><xsl:sequence select="string(.)"/></xsl:template>
  <xsl:template match="comment() | processing-instruction()" mode="plain"/>
  <xsl:template match="*" mode="plain">
    <xsl:param name="v" tunnel="yes" as="xs:string"/>
    <xsl:variable name="r" select="p:rule(., $v)"/>
    <xsl:variable name="b" select="string(($r/@behaviour, 'text')[1])"/>
    <xsl:choose>
      <xsl:when test="$b = ('omit', 'footnote')"/>
      <xsl:when test="$b eq 'choice'">
        <xsl:apply-templates select="p:chosen(., $r/@show)" mode="plain"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="string($r/@before)"/>
        <xsl:apply-templates mode="plain"/>
        <xsl:sequence select="string($r/@after)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The child of a choice named first in $show, or its first child. -->
  <xsl:function name="p:chosen" as="element()?">
    <xsl:param name="choice" as="element()"/>
    <xsl:param name="show" as="xs:string?"/>
    <xsl:variable name="names" select="tokenize($show)"/>
    <xsl:sequence select="(for $k in $names return $choice/*[local-name() eq $k][1], $choice/*[1])[1]"/>
  </xsl:function>

  <!-- ================================================================================ -->
  <!-- The dispatcher                                                                   -->

  <!--
    Tunnel parameters of mode "text":
      inline     true inside a paragraph-like HTML element: only phrasing content may follow
      in-link    true inside an <a>: no nested links
      turn       the sp being rendered (its @who names the speaker)
      depth, sectional   nesting of sections, for heading levels
    Behaviours are named templates: the context item is the TEI element, $r its row.
  -->
  <xsl:template match="text()" mode="text"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="comment() | processing-instruction()" mode="text"/>

  <!-- Elements in other namespaces: their text. -->
  <xsl:template match="*" mode="text"><xsl:apply-templates mode="text"/></xsl:template>

  <!-- TEI elements: the row for this view (most names have one row: a map lookup), then its
       behaviour (the frequent ones tested first). -->
  <xsl:template match="tei:*" mode="text">
    <xsl:variable name="one" select="$view-one(local-name())"/>
    <xsl:variable name="r" select="if (exists($one)) then $one else p:rule(., $view)"/>
    <xsl:variable name="b" select="string($r/@behaviour)"/>
    <xsl:choose>
      <xsl:when test="$b eq 'block'"><xsl:call-template name="p:block"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:when>
      <xsl:when test="$b eq 'turn'"><xsl:call-template name="p:turn"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:when>
      <xsl:when test="$b eq 'name'"><xsl:call-template name="p:name"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:when>
      <xsl:when test="$b eq 'speaker'"><xsl:call-template name="p:speaker"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:when>
      <xsl:when test="$b eq 'text'"><xsl:apply-templates mode="text"/></xsl:when>
      <xsl:when test="$b eq 'omit'"/>
      <xsl:when test="$b eq 'inline'"><xsl:call-template name="p:inline"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:when>
      <xsl:when test="$b eq 'choice'"><xsl:call-template name="p:choice"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:when>
      <xsl:when test="$b eq 'footnote'"><xsl:call-template name="p:footnote"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:when>
      <xsl:when test="$b eq 'list'"><xsl:call-template name="p:list"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:when>
      <xsl:when test="$b eq 'heading'"><xsl:call-template name="p:heading"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:when>
      <xsl:when test="$b eq 'link'"><xsl:call-template name="p:link"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:when>
      <xsl:when test="$b eq 'break'"><br/></xsl:when>
      <xsl:when test="$b eq 'page'">
        <span class="{$r/@class} apparatus">[{if (@n) then concat('p. ', @n) else 'page break'}]</span>
      </xsl:when>
      <!-- "text", no row (an element the views do not know), or a behaviour not known here. -->
      <xsl:otherwise><xsl:apply-templates mode="text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- inline: a phrase element, its before/after text, an explanation on demand. -->
  <xsl:template name="p:inline">
    <xsl:param name="r" as="element()"/>
    <xsl:param name="in-link" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="explain" select="string($r/@explain)"/>
    <xsl:variable name="lang" select="if (@xml:lang) then p:lang(@xml:lang) else ''"/>
    <xsl:element name="{($r/@html[. = ('em', 'cite', 'del', 'ins', 'q')], 'span')[1]}">
      <xsl:attribute name="class" select="concat($r/@class, if ($explain) then ' has-tip' else '',
        if (@rend) then concat(' rend-', p:token(@rend)) else '')"/>
      <xsl:if test="$lang"><xsl:attribute name="lang" select="$lang"/></xsl:if>
      <!-- Keyboard access to the explanation: the element takes focus unless a link inside does. -->
      <xsl:if test="$explain and not($in-link) and
        not(.//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs | tei:ref | tei:ptr))">
        <xsl:attribute name="tabindex" select="0"/>
      </xsl:if>
      <xsl:if test="$r/@before"><span class="mark">{$r/@before}</span></xsl:if>
      <xsl:apply-templates mode="text"/>
      <xsl:if test="$r/@after"><span class="mark">{$r/@after}</span></xsl:if>
      <xsl:if test="$explain">
        <xsl:variable name="resp" select="if ($r/@resp eq 'no') then '' else p:resp-label(.)"/>
        <span class="tip">{$explain}{if ($resp) then concat(' (', $resp, ')') else ''}</span>
      </xsl:if>
    </xsl:element>
  </xsl:template>

  <!-- Who is responsible for a construct, from @resp pointing at a respStmt of the record. -->
  <xsl:function name="p:resp-label" as="xs:string">
    <xsl:param name="n" as="element()"/>
    <xsl:variable name="id" select="substring-after(normalize-space($n/@resp), '#')"/>
    <xsl:variable name="rs" select="if ($id and not(contains($id, ' ')) and exists($source)) then key('by-id', $id, $source)[1][self::tei:respStmt] else ()"/>
    <xsl:sequence select="normalize-space(string(($rs/(tei:orgName, tei:persName, tei:name))[1]))"/>
  </xsl:function>

  <!-- block: a paragraph, division or section; inside a paragraph, a span. $lead is a
       speaker label run into this paragraph (diplomatic turns). -->
  <xsl:template name="p:block">
    <xsl:param name="r" as="element()"/>
    <xsl:param name="lead" as="element()?" select="()"/>
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:param name="depth" tunnel="yes" as="xs:integer" select="0"/>
    <!-- A section needs a heading; a division without a head is a plain div (same depth). -->
    <xsl:variable name="h" select="string($r/@html)"/>
    <xsl:variable name="html" select="if ($inline) then 'span' else if ($h eq 'p') then 'p'
      else if ($h eq 'section') then (if (tei:head) then 'section' else 'div') else 'div'"/>
    <xsl:variable name="lang" select="if (@xml:lang) then p:lang(@xml:lang) else ''"/>
    <xsl:element name="{$html}">
      <xsl:attribute name="class" select="concat($r/@class, if ($inline) then ' block' else '',
        if (@type) then concat(' type-', p:token(@type)) else '')"/>
      <xsl:if test="$lang"><xsl:attribute name="lang" select="$lang"/></xsl:if>
      <xsl:if test="$lead">
        <xsl:apply-templates select="$lead" mode="text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$html = ('p', 'span')">
          <xsl:apply-templates mode="text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
        </xsl:when>
        <xsl:when test="$html eq 'section'">
          <xsl:apply-templates mode="text">
            <xsl:with-param name="depth" tunnel="yes" select="$depth + 1"/>
            <xsl:with-param name="sectional" tunnel="yes" select="true()"/>
          </xsl:apply-templates>
        </xsl:when>
        <xsl:when test="$h eq 'section' and not($inline)">
          <!-- a division without a head: its subdivisions' heads keep the current level -->
          <xsl:apply-templates mode="text"><xsl:with-param name="sectional" tunnel="yes" select="true()"/></xsl:apply-templates>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates mode="text"><xsl:with-param name="sectional" tunnel="yes" select="false()"/></xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <!-- heading: h3.. for heads of divisions (h1 is the page title, h2 its sections). The
       depth comes down from the enclosing sections, not from counting ancestors. -->
  <xsl:template name="p:heading">
    <xsl:param name="r" as="element()"/>
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:param name="depth" tunnel="yes" as="xs:integer" select="0"/>
    <xsl:param name="sectional" tunnel="yes" as="xs:boolean" select="true()"/>
    <xsl:element name="{if ($inline) then 'span' else if ($sectional) then concat('h', min((6, 2 + max((1, $depth))))) else 'p'}">
      <xsl:attribute name="class" select="concat($r/@class, if ($inline) then ' block' else '')"/>
      <xsl:apply-templates mode="text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- list: one line per item, with the printed label ("1)") and a space before the item. -->
  <xsl:template name="p:list">
    <xsl:param name="r" as="element()"/>
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="inner" select="if ($inline) then 'span' else 'li'"/>
    <xsl:element name="{if ($inline) then 'span' else 'ul'}">
      <xsl:attribute name="class" select="concat($r/@class, if ($inline) then ' block' else '')"/>
      <xsl:for-each-group select="node()[not(self::text()[not(normalize-space())])]" group-ending-with="tei:item">
        <xsl:element name="{$inner}">
          <xsl:if test="$inline"><xsl:attribute name="class" select="'block li'"/></xsl:if>
          <xsl:for-each select="current-group()">
            <xsl:apply-templates select="." mode="text">
              <xsl:with-param name="inline" tunnel="yes" select="true()"/>
            </xsl:apply-templates>
            <xsl:if test="self::tei:label and position() lt last()"><xsl:text> </xsl:text></xsl:if>
          </xsl:for-each>
        </xsl:element>
      </xsl:for-each-group>
    </xsl:element>
  </xsl:template>

  <!-- choice: the child the view prefers; in the reading view the other reading on demand. -->
  <xsl:template name="p:choice">
    <xsl:param name="r" as="element()"/>
    <xsl:param name="in-link" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="shown" select="p:chosen(., $r/@show)"/>
    <xsl:variable name="alt" select="if ($r/@alt ne '') then (for $k in tokenize($r/@alt) return *[local-name() eq $k][1])[1] else ()"/>
    <xsl:choose>
      <xsl:when test="exists($alt) and not($alt is $shown)">
        <span class="{$r/@class} has-tip">
          <xsl:if test="not($in-link)"><xsl:attribute name="tabindex" select="0"/></xsl:if>
          <xsl:apply-templates select="$shown/node()" mode="text"/>
          <xsl:variable name="resp" select="p:resp-label($shown)"/>
          <span class="tip">{$r/@alt-label}{p:plain($alt, $view)}{
            if ($resp) then concat('; ', if ($shown/self::tei:expan) then 'expanded' else 'corrected', ' by ', $resp) else ''}</span>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$shown/node()" mode="text"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- name: a link to the register entry; the standard form and the editors' doubt on demand. -->
  <xsl:template name="p:name">
    <xsl:param name="r" as="element()"/>
    <xsl:param name="in-link" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="info" select="p:ref-info(string(@ref))"/>
    <xsl:variable name="href" select="
      if ($in-link or $r/@link ne 'yes') then ''
      else if (exists($info?entries)) then $info?href
      else if (@ref and matches(@ref, '^\s*https?://', 'i')) then p:safe-href(tokenize(normalize-space(@ref))[1])
      else ''"/>
    <xsl:variable name="std" select="if ($r/@standard eq 'on-demand') then $info?std else ''"/>
    <xsl:variable name="std-shown" select="if ($std and $std ne (if (*) then p:plain(., $view) else normalize-space(.))) then $std else ''"/>
    <xsl:variable name="doubt" select="if (@cert and $r/@cert eq 'mark') then p:cert-phrase(@cert) else ''"/>
    <xsl:variable name="tip" select="if ($std-shown and $doubt) then concat($std-shown, '; ', $doubt) else concat($std-shown, $doubt)"/>
    <xsl:variable name="id" select="if ($r/@anchor eq 'no') then () else $mention-ids(generate-id(.))"/>
    <xsl:variable name="class" select="concat($r/@class, ' ', local-name(),
        if ($doubt) then concat(' cert-', p:token(@cert)) else '', if ($tip) then ' has-tip' else '')"/>
    <xsl:choose>
      <xsl:when test="$href">
        <a href="{$href}" class="{$class}">
          <xsl:if test="$id"><xsl:attribute name="id" select="$id"/></xsl:if>
          <xsl:apply-templates mode="text"><xsl:with-param name="in-link" tunnel="yes" select="true()"/></xsl:apply-templates>
          <xsl:if test="$tip"><span class="tip">{$tip}</span></xsl:if>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{$class}">
          <xsl:if test="$id"><xsl:attribute name="id" select="$id"/></xsl:if>
          <xsl:if test="$tip and not($in-link)"><xsl:attribute name="tabindex" select="0"/></xsl:if>
          <xsl:apply-templates mode="text"/>
          <xsl:if test="$tip"><span class="tip">{$tip}</span></xsl:if>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- speaker: as printed, or the speaker's standard name linked to the register. -->
  <xsl:template name="p:speaker">
    <xsl:param name="r" as="element()"/>
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:param name="turn" tunnel="yes" as="element()?" select="()"/>
    <xsl:variable name="info" select="if ($r/@form eq 'standard' and $turn/@who) then p:ref-info(string($turn/@who)) else ()"/>
    <xsl:element name="{if ($inline) then 'span' else 'p'}">
      <xsl:attribute name="class" select="$r/@class"/>
      <xsl:choose>
        <xsl:when test="empty($info)">
          <xsl:apply-templates mode="text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
        </xsl:when>
        <xsl:when test="count($info?entries) eq 1 and $info?href">
          <a href="{$info?href}">{$info?std}</a>
          <!-- Notes inside the label keep their markers. -->
          <xsl:apply-templates select=".//(tei:note | tei:certainty)" mode="text"/>
        </xsl:when>
        <xsl:when test="exists($info?entries)">
          <xsl:for-each select="$info?entries">
            <xsl:if test="position() gt 1"> and </xsl:if>
            <xsl:variable name="href" select="p:entry-href(.)"/>
            <xsl:choose>
              <xsl:when test="$href"><a href="{$href}">{p:standard-name(.)}</a></xsl:when>
              <xsl:otherwise>{p:standard-name(.)}</xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
          <!-- Notes inside the label keep their markers. -->
          <xsl:apply-templates select=".//(tei:note | tei:certainty)" mode="text"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates mode="text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <!-- turn: anchor, permalink, same turn in the other view, speaker run in or set apart.
       Kept flat (the permalink, the switch, the label and the paragraphs are siblings; CSS
       lays them out), because every output element costs time. -->
  <xsl:template name="p:turn">
    <xsl:param name="r" as="element()"/>
    <xsl:param name="inline" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="id" select="if (@xml:id) then string(@xml:id) else p:turn-id(.)"/>
    <xsl:variable name="href" select="encode-for-uri($id)"/>
    <xsl:variable name="label" select="if (@n) then normalize-space(@n) else p:turn-label(.)"/>
    <xsl:variable name="speaker" select="tei:speaker[1]"/>
    <xsl:variable name="other" select="string($r/@other)"/>
    <xsl:element name="{if ($inline) then 'span' else 'div'}">
      <xsl:attribute name="class" select="if ($inline) then 'sp block' else 'sp'"/>
      <xsl:attribute name="id" select="$id"/>
      <a class="n apparatus" href="#{$href}" aria-label="Turn {$label}, permanent link">{$label}</a>
      <xsl:text> </xsl:text>
      <a class="switch apparatus" href="{$other}.html#{$href}" aria-label="Turn {$label} in the {$other} view">{$r/@other-label}</a>
      <xsl:choose>
        <xsl:when test="$r/@speaker eq 'run-in'">
          <!-- The label runs into the first paragraph, as in the source: "Stalin: Yes." -->
          <xsl:variable name="sp" select="."/>
          <xsl:variable name="next" select="$speaker/following-sibling::*[string(p:rule(., $view)/@behaviour) ne 'omit'][1]"/>
          <xsl:variable name="next-r" select="if ($next) then p:rule($next, $view) else ()"/>
          <xsl:variable name="first" select="$next[$next-r/@behaviour eq 'block' and $next-r/@html eq 'p']"/>
          <xsl:choose>
            <xsl:when test="$first">
              <xsl:for-each select="$first">
                <xsl:call-template name="p:block">
                  <xsl:with-param name="r" select="$next-r"/>
                  <xsl:with-param name="lead" select="$speaker"/>
                  <xsl:with-param name="turn" tunnel="yes" select="$sp"/>
                </xsl:call-template>
              </xsl:for-each>
              <xsl:apply-templates select="$first/following-sibling::node()" mode="text"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:apply-templates mode="text"><xsl:with-param name="turn" tunnel="yes" select="."/></xsl:apply-templates>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:when>
        <xsl:otherwise>
          <xsl:choose>
            <xsl:when test="$speaker">
              <xsl:apply-templates select="$speaker" mode="text"><xsl:with-param name="turn" tunnel="yes" select="."/></xsl:apply-templates>
            </xsl:when>
            <xsl:when test="@who">
              <!-- No printed label: the speaker's standard name, if the register knows it. -->
              <p class="speaker">{string-join(p:ref-info(string(@who))?names, ' and ')}</p>
            </xsl:when>
          </xsl:choose>
          <xsl:apply-templates select="node() except $speaker" mode="text"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <!-- footnote: a numbered marker linking to the note; the note links back. -->
  <xsl:template name="p:footnote">
    <xsl:param name="r" as="element()"/>
    <xsl:param name="in-link" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="k" select="$note-numbers(generate-id(.))"/>
    <xsl:choose>
      <xsl:when test="exists($k) and $in-link">
        <sup class="fn-ref" id="_fnref-{p:note-id(., $k)}">{$k}</sup>
      </xsl:when>
      <xsl:when test="exists($k)">
        <xsl:variable name="nid" select="p:note-id(., $k)"/>
        <!-- The note's text also shows beside the marker on hover and keyboard focus (a
             preview; the link goes to the note, which links back). -->
        <a class="fn-ref has-tip" id="_fnref-{$nid}" href="#{encode-for-uri($nid)}" role="doc-noteref" aria-label="Note {$k}"><sup>{$k}</sup><span class="tip note-tip" aria-hidden="true">{p:plain(node(), $view)}</span></a>
      </xsl:when>
      <xsl:otherwise>
        <!-- A note outside the numbered notes (in the header): shown in place. -->
        <span class="inline-note">
          <xsl:text> (Editors’ note: </xsl:text>
          <xsl:apply-templates mode="text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
          <xsl:text>)</xsl:text>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- link: a ref or ptr whose target passes p:safe-href; private URIs go to the register. -->
  <xsl:template name="p:link">
    <xsl:param name="r" as="element()"/>
    <xsl:param name="in-link" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="raw" select="tokenize(normalize-space(@target))[1]"/>
    <xsl:variable name="entry" select="p:entry(p:refs($raw)[1])"/>
    <!-- "java script:..." is one unsafe target to a browser, which drops the white space. -->
    <xsl:variable name="whole-safe" select="p:safe-href(@target) ne ''"/>
    <xsl:variable name="href" select="if ($in-link or not($whole-safe)) then '' else if (exists($entry)) then p:entry-href($entry) else p:safe-href($raw)"/>
    <xsl:element name="{if ($href) then 'a' else 'span'}">
      <xsl:attribute name="class" select="$r/@class"/>
      <xsl:if test="$href"><xsl:attribute name="href" select="$href"/></xsl:if>
      <xsl:choose>
        <xsl:when test="node()">
          <xsl:apply-templates mode="text"><xsl:with-param name="in-link" tunnel="yes" select="$in-link or $href ne ''"/></xsl:apply-templates>
        </xsl:when>
        <xsl:otherwise>{$raw}</xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <!-- ================================================================================ -->
  <!-- Turns, notes and mentions: ids and numbers computed once per document            -->

  <xsl:function name="p:turn-id" as="xs:string">
    <xsl:param name="sp" as="element()"/>
    <xsl:sequence select="if ($sp/@xml:id) then string($sp/@xml:id) else concat('_t', $turn-numbers(generate-id($sp)))"/>
  </xsl:function>

  <xsl:function name="p:turn-label" as="xs:string">
    <xsl:param name="sp" as="element()"/>
    <xsl:sequence select="if (normalize-space($sp/@n)) then normalize-space($sp/@n) else string($turn-numbers(generate-id($sp)))"/>
  </xsl:function>

  <xsl:function name="p:note-id" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:param name="k" as="xs:integer"/>
    <xsl:sequence select="if ($note/@xml:id) then string($note/@xml:id) else concat('_n', $k)"/>
  </xsl:function>

  <!-- The maps a page needs; a page stylesheet for one record overrides them for its TEI. -->
  <xsl:variable name="turn-numbers" as="map(xs:string, xs:integer)" select="map{}"/>
  <xsl:variable name="note-numbers" as="map(xs:string, xs:integer)" select="map{}"/>
  <xsl:variable name="mention-ids" as="map(xs:string, xs:string)" select="map{}"/>

  <!-- Mention ids for one record: the name's xml:id, or _m + its position. -->
  <xsl:function name="p:mention-ids" as="map(xs:string, xs:string)">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="names" as="element()*" select="p:mentions($tei)"/>
    <xsl:sequence select="map:merge(for $i in 1 to count($names) return
      let $n := $names[$i] return map:entry(generate-id($n), if ($n/@xml:id) then string($n/@xml:id) else concat('_m', $i)))"/>
  </xsl:function>

  <!-- ================================================================================ -->
  <!-- Dates                                                                            -->

  <!-- "7 July 1945, 23:00–23:45" from @from/@to or @when (xs:date or xs:dateTime). -->
  <xsl:function name="p:date-span" as="xs:string">
    <xsl:param name="d" as="element()?"/>
    <xsl:variable name="from" select="string(($d/@from, $d/@when, $d/@notBefore)[1])"/>
    <xsl:variable name="to" select="string(($d/@to, $d/@notAfter)[1])"/>
    <xsl:sequence select="
      if ($from eq '') then normalize-space(string($d))
      else if ($from castable as xs:dateTime) then
        concat(format-dateTime(xs:dateTime($from), '[D] [MNn] [Y], [H01]:[m01]'),
          if ($to castable as xs:dateTime) then
            (if (substring($to, 1, 10) eq substring($from, 1, 10)) then concat('–', format-dateTime(xs:dateTime($to), '[H01]:[m01]'))
             else concat(' – ', format-dateTime(xs:dateTime($to), '[D] [MNn] [Y], [H01]:[m01]')))
          else '')
      else if ($from castable as xs:date) then
        concat(format-date(xs:date($from), '[D] [MNn] [Y]'), if ($to castable as xs:date) then concat(' – ', format-date(xs:date($to), '[D] [MNn] [Y]')) else '')
      else normalize-space(concat($from, if ($to) then concat(' – ', $to) else ''))"/>
  </xsl:function>

  <!-- A date as written in TEI attributes for people and places: "1896", "1894-12-04". -->
  <xsl:function name="p:human-date" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="
      if ($s castable as xs:date) then format-date(xs:date($s), '[D] [MNn] [Y]')
      else if (matches(string($s), '^\d{4}-\d{2}$') and concat($s, '-01') castable as xs:date) then format-date(xs:date(concat($s, '-01')), '[MNn] [Y]')
      else string($s)"/>
  </xsl:function>


  <!-- ================================================================================ -->
  <!-- Record metadata (record pages and the index)                                     -->

  <xsl:function name="p:record-title" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="t" select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title"/>
    <xsl:variable name="s" select="normalize-space(string(($t[@type = 'main'], $t)[1]))"/>
    <xsl:sequence select="if ($s) then $s else 'Untitled record'"/>
  </xsl:function>

  <!-- The element that dates the meeting: the setting's date, the date line's, the source's. -->
  <xsl:function name="p:record-date" as="element()?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="(
      $tei/tei:teiHeader/tei:profileDesc/tei:settingDesc/tei:setting/tei:date[@from or @when],
      $tei/tei:text//tei:dateline//tei:date[@from or @when],
      $tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl/tei:date[@when or @from])[1]"/>
  </xsl:function>

  <!-- The day of the meeting, yyyy-mm-dd or shorter, for sorting and for the roles of the day. -->
  <xsl:function name="p:record-day" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="d" select="p:record-date($tei)"/>
    <xsl:sequence select="substring(string(($d/@from, $d/@when)[1]), 1, 10)"/>
  </xsl:function>

  <!-- Did the occupation hold on $day? Undated occupations do not count. -->
  <xsl:function name="p:held" as="xs:boolean">
    <xsl:param name="o" as="element()"/>
    <xsl:param name="day" as="xs:string"/>
    <xsl:sequence select="
      if ($day eq '') then false()
      else if ($o/@when) then starts-with($day, string($o/@when)) or starts-with(string($o/@when), $day)
      else if ($o/@from or $o/@to) then
        (empty($o/@from) or substring($day, 1, string-length($o/@from)) ge string($o/@from))
        and (empty($o/@to) or substring($day, 1, string-length($o/@to)) le string($o/@to))
      else false()"/>
  </xsl:function>

  <!-- The participants: standard name linked to the register, and their offices that day. -->
  <xsl:template name="p:participants">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="roles" as="xs:boolean" select="true()"/>
    <xsl:variable name="day" select="p:record-day($tei)"/>
    <xsl:variable name="people" select="$tei/tei:teiHeader/tei:profileDesc/tei:particDesc//(tei:person | tei:personGrp)"/>
    <xsl:if test="$people">
      <ul class="participants">
        <xsl:for-each select="$people">
          <xsl:variable name="entry" select="p:entry(p:refs(@sameAs)[1])"/>
          <xsl:variable name="href" select="p:entry-href($entry)"/>
          <xsl:variable name="name" select="if ($entry) then p:standard-name($entry) else normalize-space(string((tei:persName, tei:name, .)[1]))"/>
          <li>
            <xsl:element name="{if ($href) then 'a' else 'span'}">
              <xsl:attribute name="class" select="'participant'"/>
              <xsl:if test="$href"><xsl:attribute name="href" select="$href"/></xsl:if>
              <xsl:value-of select="$name"/>
            </xsl:element>
            <xsl:if test="$roles">
              <xsl:variable name="offices" select="$entry/tei:occupation[p:held(., $day)]"/>
              <xsl:variable name="role" select="normalize-space(@role)"/>
              <xsl:if test="$offices or ($role and $role ne 'speaker')">
                <span class="role">
                  <xsl:text>, </xsl:text>
                  <xsl:value-of select="string-join((for $o in $offices return normalize-space($o),
                    if ($role and $role ne 'speaker') then $role else ()), '; ')"/>
                </span>
              </xsl:if>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================================ -->
  <!-- Page furniture shared by all pages                                               -->

  <xsl:template name="p:head">
    <xsl:param name="title" as="xs:string"/>
    <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>{$title}</title>
      <link rel="stylesheet" href="{$site-root}parley.css"/>
    </head>
  </xsl:template>

  <xsl:template name="p:site-nav">
    <xsl:param name="current" as="xs:string" select="''"/>
    <header class="site">
      <a class="skip" href="#main">Skip to the content</a>
      <nav aria-label="Edition">
        <a class="site-name" href="{$site-root}index.html">parley edition</a>
        <ul>
          <xsl:for-each select="(['index', 'Records'], ['persons', 'Persons'], ['places', 'Places'],
                                  ['organisations', 'Organisations'], ['encoding', 'Encoding'])">
            <li>
              <a href="{$site-root}{?1}.html">
                <xsl:if test="?1 eq $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                <xsl:value-of select="?2"/>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </nav>
    </header>
  </xsl:template>


  <!-- ================================================================================ -->
  <!-- The record pages: what both views put above the transcript                       -->

  <xsl:template name="p:record-top">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="view-name" as="xs:string"/>
    <xsl:variable name="title" select="p:record-title($tei)"/>
    <xsl:variable name="place" select="($tei/tei:teiHeader/tei:profileDesc/tei:settingDesc/tei:setting/tei:locale//tei:placeName)[1]"/>
    <header class="record-head">
      <p class="kicker">{$view-name}</p>
      <h1>{$title}</h1>
      <p class="when">
        <xsl:value-of select="string-join((p:date-span(p:record-date($tei))[. ne ''],
          if ($place) then (let $e := p:entry(p:refs($place/@ref)[1]) return if ($e) then p:standard-name($e) else normalize-space($place)) else ()), ' · ')"/>
      </p>
      <nav class="views" aria-label="Views of this record">
        <ul>
          <li><a href="reading.html">
            <xsl:if test="$view eq 'reading'"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>Reading view</a></li>
          <li><a href="diplomatic.html">
            <xsl:if test="$view eq 'diplomatic'"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>Diplomatic view</a></li>
          <li><a href="{encode-for-uri($stem)}.xml" type="application/xml">TEI XML</a></li>
          <li class="jump"><a href="#_transcript">Go to the text ↓</a></li>
        </ul>
      </nav>
    </header>
  </xsl:template>

  <!-- The text of the record, whatever the shape of the document. -->
  <xsl:template name="p:transcript">
    <xsl:param name="tei" as="element()"/>
    <xsl:choose>
      <xsl:when test="$tei/tei:text">
        <xsl:apply-templates select="$tei/tei:text/node()" mode="text"/>
      </xsl:when>
      <xsl:when test="$tei//tei:text">
        <xsl:apply-templates select="$tei//tei:text/node()" mode="text"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$tei/node() except $tei/tei:teiHeader" mode="text"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The legend of a view, from the conventions table. -->
  <xsl:template name="p:legend">
    <xsl:param name="v" as="xs:string"/>
    <dl class="legend">
      <xsl:for-each select="$conventions/conventions/construct[*[local-name() eq $v][normalize-space()]]">
        <dt>{@label}</dt>
        <dd>{normalize-space(*[local-name() eq $v])}</dd>
      </xsl:for-each>
    </dl>
  </xsl:template>
</xsl:stylesheet>
