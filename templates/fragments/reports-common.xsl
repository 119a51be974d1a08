<?xml version="1.0" encoding="UTF-8"?>
<!-- Named templates shared by policy-report.xsl and response-plan.xsl: dates, level names,
     free-text paragraphs, the cover. Plain XSLT 1.0 (document() for the code tables), so the
     templates also run under xsltproc for authors without the engine. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:variable name="codes" select="document('../codes.xml')/codes"/>
  <!-- the level list found once a document: each [@id = …] compares the id of every list -->
  <xsl:variable name="level-items" select="$codes/list[@id = 'level']/item"/>
  <!-- a date the unit writes in by hand (a document whose data holds no date, e.g. the date a
       response plan is issued) -->
  <xsl:variable name="write-in" select="'　　　　年　　月　　日'"/>

  <!-- "2025-03-18" → "2025年3月18日"; anything else as given. -->
  <xsl:template name="date">
    <xsl:param name="d"/>
    <xsl:variable name="s" select="normalize-space($d)"/>
    <xsl:choose>
      <xsl:when test="string-length($s) = 10 and substring($s, 5, 1) = '-' and substring($s, 8, 1) = '-'">
        <xsl:value-of select="concat(substring($s, 1, 4), '年', number(substring($s, 6, 2)), '月',
                                     number(substring($s, 9, 2)), '日')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 1 → 第一级 (codes.xml list "level"). -->
  <xsl:template name="level-name">
    <xsl:param name="level"/>
    <xsl:value-of select="$level-items[@code = string($level)]"/>
  </xsl:template>

  <!-- The level the engine computed for a system (the declared one under plain xsltproc). -->
  <xsl:template name="system-level">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="$s/computed/@level"><xsl:value-of select="$s/computed/@level"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space($s/grading/level)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Free text of the data file (<p> children): one body paragraph each. -->
  <xsl:template name="paras">
    <xsl:param name="of"/>
    <xsl:for-each select="$of/p[normalize-space()]">
      <p><xsl:value-of select="normalize-space(.)"/></p>
    </xsl:for-each>
  </xsl:template>

  <!-- Cover page, table of contents, then numbered pages. -->
  <xsl:template name="cover">
    <xsl:param name="line1"/>
    <xsl:param name="line2"/>
    <xsl:param name="date"/>
    <xsl:param name="toc-levels" select="2"/>
    <xsl:param name="write-in-date" select="false()"/>
    <vspace lines="5"/>
    <p style="title"><xsl:value-of select="$line1"/></p>
    <p style="title"><xsl:value-of select="$line2"/></p>
    <vspace lines="7"/>
    <p style="cover-line">单位名称：<xsl:value-of select="/unit/name"/></p>
    <xsl:choose>
      <xsl:when test="string($date)">
        <p style="cover-line">日　　期：<xsl:call-template name="date"><xsl:with-param name="d" select="$date"/></xsl:call-template></p>
      </xsl:when>
      <xsl:when test="$write-in-date"><p style="cover-line">日　　期：<xsl:value-of select="$write-in"/></p></xsl:when>
    </xsl:choose>
    <pagebreak/>
    <toc levels="{$toc-levels}"/>
    <pagebreak numbering="start"/>
  </xsl:template>
  <!-- The closing block (GB/T 9704 7.3.5): the unit's name, right-aligned 4 字 in, two lines
       below the text, and the date under it (blank, to write in, when the data holds none). The typesetter never lets it
       take a page alone: the text or table rows before it go over with it. -->
  <xsl:template name="signature">
    <xsl:param name="date"/>
    <vspace lines="2"/>
    <p style="signature" keep-with-next="yes"><xsl:value-of select="/unit/name"/></p>
    <xsl:choose>
      <xsl:when test="string($date)">
        <p style="signature"><xsl:call-template name="date"><xsl:with-param name="d" select="$date"/></xsl:call-template></p>
      </xsl:when>
      <xsl:otherwise><p style="signature"><xsl:value-of select="$write-in"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
