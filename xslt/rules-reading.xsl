<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:tei="http://www.tei-c.org/ns/1.0" xmlns:p="urn:parley:xslt" version="3.0" exclude-result-prefixes="#all">
  <!-- Generated from conventions.xml by `python -m parley.rules` (src/parley/rules.py): do not edit.
       The rows of the reading view as template rules; the behaviours are the p:do-* templates of common.xsl. -->
  <!-- body: text -->
  <xsl:template match="tei:body | tei:front | tei:back" mode="text" priority="36">
    <xsl:call-template name="p:do-text"/>
  </xsl:template>
  <xsl:template match="tei:body | tei:front | tei:back" mode="p:settings" priority="36" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'text'}"/>
  </xsl:template>
  <!-- division: block -->
  <xsl:template match="tei:div" mode="text" priority="35">
    <xsl:call-template name="p:do-block">
      <xsl:with-param name="html" select="'section'"/>
      <xsl:with-param name="class" select="'div'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:div" mode="p:settings" priority="35" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'block', 'html': 'section', 'class': 'div'}"/>
  </xsl:template>
  <!-- head: heading -->
  <xsl:template match="tei:head" mode="text" priority="34">
    <xsl:call-template name="p:do-heading">
      <xsl:with-param name="class" select="'head'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:head" mode="p:settings" priority="34" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'heading', 'class': 'head'}"/>
  </xsl:template>
  <!-- dateline: block -->
  <xsl:template match="tei:dateline" mode="text" priority="33">
    <xsl:call-template name="p:do-block">
      <xsl:with-param name="html" select="'p'"/>
      <xsl:with-param name="class" select="'dateline'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:dateline" mode="p:settings" priority="33" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'block', 'html': 'p', 'class': 'dateline'}"/>
  </xsl:template>
  <!-- turn: turn -->
  <xsl:template match="tei:sp" mode="text" priority="32">
    <xsl:call-template name="p:do-turn">
      <xsl:with-param name="speaker" select="'column'"/>
      <xsl:with-param name="other" select="'diplomatic'"/>
      <xsl:with-param name="other-label" select="'diplomatic'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:sp" mode="p:settings" priority="32" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'turn', 'speaker': 'column', 'other': 'diplomatic', 'other-label': 'diplomatic'}"/>
  </xsl:template>
  <!-- speaker: speaker -->
  <xsl:template match="tei:speaker" mode="text" priority="31">
    <xsl:call-template name="p:do-speaker">
      <xsl:with-param name="form" select="'printed'"/>
      <xsl:with-param name="link" select="'yes'"/>
      <xsl:with-param name="standard" select="'on-demand'"/>
      <xsl:with-param name="cert" select="'mark'"/>
      <xsl:with-param name="class" select="'speaker'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:speaker" mode="p:settings" priority="31" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'speaker', 'form': 'printed', 'link': 'yes', 'standard': 'on-demand', 'cert': 'mark', 'class': 'speaker'}"/>
  </xsl:template>
  <!-- paragraph: block -->
  <xsl:template match="tei:p | tei:ab" mode="text" priority="30">
    <xsl:call-template name="p:do-block">
      <xsl:with-param name="html" select="'p'"/>
      <xsl:with-param name="class" select="'p'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:p | tei:ab" mode="p:settings" priority="30" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'block', 'html': 'p', 'class': 'p'}"/>
  </xsl:template>
  <!-- stage: block -->
  <xsl:template match="tei:stage" mode="text" priority="29">
    <xsl:call-template name="p:do-block">
      <xsl:with-param name="html" select="'p'"/>
      <xsl:with-param name="class" select="'stage'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:stage" mode="p:settings" priority="29" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'block', 'html': 'p', 'class': 'stage'}"/>
  </xsl:template>
  <!-- list: list -->
  <xsl:template match="tei:list" mode="text" priority="28">
    <xsl:call-template name="p:do-list">
      <xsl:with-param name="class" select="'list'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:list" mode="p:settings" priority="28" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'list', 'class': 'list'}"/>
  </xsl:template>
  <!-- label: inline -->
  <xsl:template match="tei:label" mode="text" priority="27">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="class" select="'label'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:label" mode="p:settings" priority="27" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'class': 'label'}"/>
  </xsl:template>
  <!-- item: inline -->
  <xsl:template match="tei:item" mode="text" priority="26">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="class" select="'item'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:item" mode="p:settings" priority="26" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'class': 'item'}"/>
  </xsl:template>
  <!-- verse-line: block -->
  <xsl:template match="tei:l | tei:castItem" mode="text" priority="25">
    <xsl:call-template name="p:do-block">
      <xsl:with-param name="html" select="'p'"/>
      <xsl:with-param name="class" select="'l'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:l | tei:castItem" mode="p:settings" priority="25" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'block', 'html': 'p', 'class': 'l'}"/>
  </xsl:template>
  <!-- cell: inline -->
  <xsl:template match="tei:cell" mode="text" priority="24">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="class" select="'cell'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:cell" mode="p:settings" priority="24" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'class': 'cell'}"/>
  </xsl:template>
  <!-- line-group: block -->
  <xsl:template match="tei:lg | tei:table | tei:row | tei:quote | tei:cit" mode="text" priority="23">
    <xsl:call-template name="p:do-block">
      <xsl:with-param name="html" select="'div'"/>
      <xsl:with-param name="class" select="'group'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:lg | tei:table | tei:row | tei:quote | tei:cit" mode="p:settings" priority="23" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'block', 'html': 'div', 'class': 'group'}"/>
  </xsl:template>
  <!-- supplied: inline -->
  <xsl:template match="tei:supplied" mode="text" priority="22">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="class" select="'supplied'"/>
      <xsl:with-param name="before" select="'['"/>
      <xsl:with-param name="after" select="']'"/>
      <xsl:with-param name="explain" select="'square brackets of the published transcript, taken to be its publisher’s'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:supplied" mode="p:settings" priority="22" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'class': 'supplied', 'before': '[', 'after': ']', 'explain': 'square brackets of the published transcript, taken to be its publisher’s'}"/>
  </xsl:template>
  <!-- queried: inline -->
  <xsl:template match="tei:unclear[@reason/normalize-space() = ('queried')]" mode="text" priority="21">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="class" select="'queried'"/>
      <xsl:with-param name="explain" select="'queried by the recorder'"/>
      <xsl:with-param name="resp" select="'no'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:unclear[@reason/normalize-space() = ('queried')]" mode="p:settings" priority="21" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'class': 'queried', 'explain': 'queried by the recorder', 'resp': 'no'}"/>
  </xsl:template>
  <!-- unclear: inline -->
  <xsl:template match="tei:unclear" mode="text" priority="20">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="class" select="'queried'"/>
      <xsl:with-param name="explain" select="'unclear reading'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:unclear" mode="p:settings" priority="20" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'class': 'queried', 'explain': 'unclear reading'}"/>
  </xsl:template>
  <!-- choice: choice -->
  <xsl:template match="tei:choice" mode="text" priority="19">
    <xsl:call-template name="p:do-choice">
      <xsl:with-param name="show" select="'corr reg expan'"/>
      <xsl:with-param name="alt" select="'sic orig abbr'"/>
      <xsl:with-param name="alt-label" select="'source: '"/>
      <xsl:with-param name="class" select="'choice'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:choice" mode="p:settings" priority="19" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'choice', 'show': 'corr reg expan', 'alt': 'sic orig abbr', 'alt-label': 'source: ', 'class': 'choice'}"/>
  </xsl:template>
  <!-- original: text -->
  <xsl:template match="tei:sic | tei:orig | tei:abbr" mode="text" priority="18">
    <xsl:call-template name="p:do-text"/>
  </xsl:template>
  <xsl:template match="tei:sic | tei:orig | tei:abbr" mode="p:settings" priority="18" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'text'}"/>
  </xsl:template>
  <!-- correction: inline -->
  <xsl:template match="tei:corr | tei:reg | tei:expan" mode="text" priority="17">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="class" select="'corr'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:corr | tei:reg | tei:expan" mode="p:settings" priority="17" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'class': 'corr'}"/>
  </xsl:template>
  <!-- deletion: omit -->
  <xsl:template match="tei:del" mode="text" priority="16">
    <xsl:call-template name="p:do-omit"/>
  </xsl:template>
  <xsl:template match="tei:del" mode="p:settings" priority="16" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'omit'}"/>
  </xsl:template>
  <!-- addition: text -->
  <xsl:template match="tei:add" mode="text" priority="15">
    <xsl:call-template name="p:do-text"/>
  </xsl:template>
  <xsl:template match="tei:add" mode="p:settings" priority="15" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'text'}"/>
  </xsl:template>
  <!-- gap: inline -->
  <xsl:template match="tei:gap" mode="text" priority="14">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="class" select="'gap'"/>
      <xsl:with-param name="before" select="'[…]'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:gap" mode="p:settings" priority="14" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'class': 'gap', 'before': '[…]'}"/>
  </xsl:template>
  <!-- note: footnote -->
  <xsl:template match="tei:note" mode="text" priority="13">
    <xsl:call-template name="p:do-footnote">
      <xsl:with-param name="class" select="'note'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:note" mode="p:settings" priority="13" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'footnote', 'class': 'note'}"/>
  </xsl:template>
  <!-- certainty: omit -->
  <xsl:template match="tei:certainty" mode="text" priority="12">
    <xsl:call-template name="p:do-omit"/>
  </xsl:template>
  <xsl:template match="tei:certainty" mode="p:settings" priority="12" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'omit'}"/>
  </xsl:template>
  <!-- name: name -->
  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs" mode="text" priority="11">
    <xsl:call-template name="p:do-name">
      <xsl:with-param name="link" select="'yes'"/>
      <xsl:with-param name="standard" select="'on-demand'"/>
      <xsl:with-param name="cert" select="'mark'"/>
      <xsl:with-param name="class" select="'name'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs" mode="p:settings" priority="11" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'name', 'link': 'yes', 'standard': 'on-demand', 'cert': 'mark', 'class': 'name'}"/>
  </xsl:template>
  <!-- mentioned: inline -->
  <xsl:template match="tei:mentioned" mode="text" priority="10">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="class" select="'mentioned'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:mentioned" mode="p:settings" priority="10" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'class': 'mentioned'}"/>
  </xsl:template>
  <!-- quotation: inline -->
  <xsl:template match="tei:q | tei:said" mode="text" priority="9">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="class" select="'q'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:q | tei:said" mode="p:settings" priority="9" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'class': 'q'}"/>
  </xsl:template>
  <!-- so-called: inline -->
  <xsl:template match="tei:soCalled" mode="text" priority="8">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="class" select="'socalled'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:soCalled" mode="p:settings" priority="8" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'class': 'socalled'}"/>
  </xsl:template>
  <!-- emphasis: inline -->
  <xsl:template match="tei:hi | tei:emph | tei:foreign | tei:term" mode="text" priority="7">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="html" select="'em'"/>
      <xsl:with-param name="class" select="'hi'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:hi | tei:emph | tei:foreign | tei:term" mode="p:settings" priority="7" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'html': 'em', 'class': 'hi'}"/>
  </xsl:template>
  <!-- title: inline -->
  <xsl:template match="tei:title" mode="text" priority="6">
    <xsl:call-template name="p:do-inline">
      <xsl:with-param name="html" select="'cite'"/>
      <xsl:with-param name="class" select="'title'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:title" mode="p:settings" priority="6" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'inline', 'html': 'cite', 'class': 'title'}"/>
  </xsl:template>
  <!-- measure: text -->
  <xsl:template match="tei:measure | tei:num | tei:date | tei:time" mode="text" priority="5">
    <xsl:call-template name="p:do-text"/>
  </xsl:template>
  <xsl:template match="tei:measure | tei:num | tei:date | tei:time" mode="p:settings" priority="5" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'text'}"/>
  </xsl:template>
  <!-- link: link -->
  <xsl:template match="tei:ref | tei:ptr" mode="text" priority="4">
    <xsl:call-template name="p:do-link">
      <xsl:with-param name="class" select="'ref'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:ref | tei:ptr" mode="p:settings" priority="4" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'link', 'class': 'ref'}"/>
  </xsl:template>
  <!-- line-break: break -->
  <xsl:template match="tei:lb" mode="text" priority="3">
    <xsl:call-template name="p:do-break"/>
  </xsl:template>
  <xsl:template match="tei:lb" mode="p:settings" priority="3" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'break'}"/>
  </xsl:template>
  <!-- page-break: page -->
  <xsl:template match="tei:pb" mode="text" priority="2">
    <xsl:call-template name="p:do-page">
      <xsl:with-param name="class" select="'pb'"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:pb" mode="p:settings" priority="2" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'page', 'class': 'pb'}"/>
  </xsl:template>
  <!-- graphic: omit -->
  <xsl:template match="tei:graphic | tei:media" mode="text" priority="1">
    <xsl:call-template name="p:do-omit"/>
  </xsl:template>
  <xsl:template match="tei:graphic | tei:media" mode="p:settings" priority="1" as="map(*)">
    <xsl:sequence select="map{'behaviour': 'omit'}"/>
  </xsl:template>
  <!-- TEI elements without a row: their text. -->
  <xsl:template match="tei:*" mode="text" priority="0">
    <xsl:apply-templates mode="text"/>
  </xsl:template>
  <xsl:template match="tei:*" mode="p:settings" priority="0" as="map(*)">
    <xsl:sequence select="map{}"/>
  </xsl:template>
</xsl:stylesheet>
