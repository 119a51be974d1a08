<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>
  <xsl:template match="/">
    <document title="{$system/name}">
      <p>单位：<xsl:value-of select="/unit/name"/>；对象：<xsl:value-of select="$system-id"/>；空白：<xsl:value-of select="$blank"/></p>
      <xsl:call-template name="line"><xsl:with-param name="label" select="'等级'"/><xsl:with-param name="value" select="f:level-name($system/computed/@level)"/></xsl:call-template>
      <xsl:call-template name="line"><xsl:with-param name="label" select="'投运'"/><xsl:with-param name="value" select="f:date($system/in-service)"/></xsl:call-template>
    </document>
  </xsl:template>
  <xsl:template name="line">
    <xsl:param name="label"/>
    <xsl:param name="value" select="'（无）'"/>
    <p><xsl:value-of select="$label"/>：<xsl:value-of select="$value"/></p>
  </xsl:template>
</xsl:stylesheet>
