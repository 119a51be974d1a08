<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:str="http://exslt.org/strings" exclude-result-prefixes="str">
  <xsl:param name="system-id" select="''"/>
  <xsl:template match="/">
    <document>
      <xsl:if test="false()"><p><xsl:value-of select="concat(1)"/></p></xsl:if>
      <p title="{substring('abc')}"><xsl:value-of select="str:tokenize('a b', ' ', 3)"/></p>
      <p><xsl:value-of select="format-number(1, '0', 'x', 'y')"/></p>
    </document>
  </xsl:template>
</xsl:stylesheet>
