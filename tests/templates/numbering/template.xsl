<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>
  <xsl:template match="/">
    <document>
      <xsl:for-each select="$system/subsystems/subsystem">
        <p style="caption">表<xsl:number/>　<xsl:value-of select="name"/></p>
        <p>第<xsl:value-of select="f:cn-number(position())"/>个，共<xsl:value-of select="count(../subsystem)"/>个</p>
      </xsl:for-each>
    </document>
  </xsl:template>
</xsl:stylesheet>
