<?xml version="1.0" encoding="UTF-8"?>
<!-- f:slice(X, from, n) gives X[position() >= from and position() < from + n] (fractions, NaN,
     ranges past either end); f:codes(list, form) gives the items f:codes(list) filtered by
     forms= as the 备案表 templates filtered them, and every item for form ''. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:template name="codes">
    <xsl:param name="of"/>
    <xsl:for-each select="$of"><xsl:value-of select="@code"/>,</xsl:for-each>
  </xsl:template>
  <xsl:template name="slice">
    <xsl:param name="from"/>
    <xsl:param name="n"/>
    <xsl:variable name="x" select="f:codes('industry-2.0')"/>
    <p><xsl:call-template name="codes"><xsl:with-param name="of" select="f:slice($x, $from, $n)"/></xsl:call-template>=<xsl:call-template name="codes"><xsl:with-param name="of" select="$x[position() &gt;= $from and position() &lt; $from + $n]"/></xsl:call-template></p>
  </xsl:template>
  <xsl:template name="form">
    <xsl:param name="list"/>
    <xsl:param name="form"/>
    <p><xsl:call-template name="codes"><xsl:with-param name="of" select="f:codes($list, $form)"/></xsl:call-template>=<xsl:call-template name="codes"><xsl:with-param name="of" select="f:codes($list)[not(@forms) or $form = '' or contains(concat(' ', @forms, ' '), concat(' ', $form, ' '))]"/></xsl:call-template></p>
  </xsl:template>
  <xsl:template match="/">
    <document>
      <xsl:call-template name="slice"><xsl:with-param name="from" select="1"/><xsl:with-param name="n" select="5"/></xsl:call-template>
      <xsl:call-template name="slice"><xsl:with-param name="from" select="46"/><xsl:with-param name="n" select="5"/></xsl:call-template>
      <xsl:call-template name="slice"><xsl:with-param name="from" select="-1"/><xsl:with-param name="n" select="3"/></xsl:call-template>
      <xsl:call-template name="slice"><xsl:with-param name="from" select="2.5"/><xsl:with-param name="n" select="2"/></xsl:call-template>
      <xsl:call-template name="slice"><xsl:with-param name="from" select="'x'"/><xsl:with-param name="n" select="2"/></xsl:call-template>
      <xsl:call-template name="slice"><xsl:with-param name="from" select="3"/><xsl:with-param name="n" select="0"/></xsl:call-template>
      <xsl:call-template name="form"><xsl:with-param name="list" select="'material'"/><xsl:with-param name="form" select="'2.0'"/></xsl:call-template>
      <xsl:call-template name="form"><xsl:with-param name="list" select="'material'"/><xsl:with-param name="form" select="'2007'"/></xsl:call-template>
      <xsl:call-template name="form"><xsl:with-param name="list" select="'business-type'"/><xsl:with-param name="form" select="'2.0'"/></xsl:call-template>
      <xsl:call-template name="form"><xsl:with-param name="list" select="'business-type'"/><xsl:with-param name="form" select="'2007'"/></xsl:call-template>
      <xsl:call-template name="form"><xsl:with-param name="list" select="'business-type'"/><xsl:with-param name="form" select="''"/></xsl:call-template>
      <xsl:call-template name="form"><xsl:with-param name="list" select="'material'"/><xsl:with-param name="form" select="'2'"/></xsl:call-template>
    </document>
  </xsl:template>
</xsl:stylesheet>
