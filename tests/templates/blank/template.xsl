<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>
  <xsl:template match="/">
    <document title="{$system/name}">
      <p>空白：<xsl:value-of select="$blank"/></p>
      <p>名称：<xsl:value-of select="/unit/name"/></p>
      <p>等级：<xsl:value-of select="f:level-name($system/computed/@level)"/>（<xsl:value-of select="f:level-title($system/computed/@level)"/>）</p>
      <p>日期：<xsl:value-of select="f:date($system/in-service)"/>；隶属：<xsl:value-of select="f:label('affiliation', /unit/affiliation/@code)"/></p>
      <xsl:for-each select="f:codes('affiliation')">
        <p><xsl:value-of select="f:checkbox(@code = /unit/affiliation/@code)"/><xsl:value-of select="."/></p>
      </xsl:for-each>
    </document>
  </xsl:template>
</xsl:stylesheet>
