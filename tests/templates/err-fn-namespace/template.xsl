<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fun" xmlns:my="urn:my" xmlns:func="http://exslt.org/functions"
                extension-element-prefixes="func" exclude-result-prefixes="f my">
  <xsl:param name="system-id" select="''"/>
  <func:function name="my:twice"><xsl:param name="a"/><func:result select="concat($a, $a)"/></func:function>
  <xsl:template match="/">
    <document>
      <xsl:if test="false()"><p><xsl:value-of select="f:date('2024-01-01')"/></p></xsl:if>
      <p><xsl:value-of select="my:twice('ab')"/><xsl:value-of select="my:thrice('ab')"/></p>
      <p><xsl:value-of select="my:twice(1, 2)"/></p>
    </document>
  </xsl:template>
</xsl:stylesheet>
