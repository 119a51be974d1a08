<?xml version="1.0" encoding="UTF-8"?>
<!-- f:where(X, 'attr', v) gives the nodes X[@attr = v] gives, in the same order: an attribute
     in another namespace is not @attr, a value is compared as text (' 3' is not '3'), a
     number or node-set value becomes its text, an empty value matches an empty attribute. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="all" select="/unit/items//*"/>
  <xsl:template name="ids">
    <xsl:param name="of"/>
    <xsl:for-each select="$of"><xsl:value-of select="@id"/></xsl:for-each>
  </xsl:template>
  <xsl:template name="case">
    <xsl:param name="got"/>
    <xsl:param name="want"/>
    <p><xsl:call-template name="ids"><xsl:with-param name="of" select="$got"/></xsl:call-template>=<xsl:call-template name="ids"><xsl:with-param name="of" select="$want"/></xsl:call-template></p>
  </xsl:template>
  <xsl:template match="/">
    <xsl:variable name="level" select="'3'"/>
    <document>
      <xsl:call-template name="case">
        <xsl:with-param name="got" select="f:where($all, 'level', $level)"/>
        <xsl:with-param name="want" select="$all[@level = $level]"/>
      </xsl:call-template>
      <xsl:call-template name="case">
        <xsl:with-param name="got" select="f:where($all, 'level', 3)"/>
        <xsl:with-param name="want" select="$all[@level = '3']"/>
      </xsl:call-template>
      <xsl:call-template name="case">
        <xsl:with-param name="got" select="f:where($all, 'level', /unit/name)"/>
        <xsl:with-param name="want" select="$all[@level = /unit/name]"/>
      </xsl:call-template>
      <xsl:call-template name="case">
        <xsl:with-param name="got" select="f:where($all, 'level', '')"/>
        <xsl:with-param name="want" select="$all[@level = '']"/>
      </xsl:call-template>
      <xsl:call-template name="case">
        <xsl:with-param name="got" select="f:where($all | /unit/name | $all/@level, 'id', 'j')"/>
        <xsl:with-param name="want" select="$all[@id = 'j']"/>
      </xsl:call-template>
      <xsl:call-template name="case">
        <xsl:with-param name="got" select="f:where(/unit/none, 'level', '3')"/>
        <xsl:with-param name="want" select="/unit/none"/>
      </xsl:call-template>
      <p><xsl:value-of select="count(f:where($all, 'level', '3')/parent::*)"/></p>
    </document>
  </xsl:template>
</xsl:stylesheet>
