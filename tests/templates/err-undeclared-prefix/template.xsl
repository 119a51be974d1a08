<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>
  <xsl:template match="/">
    <document><p><xsl:value-of select="f:date('2024-05-20')"/></p></document>
  </xsl:template>
</xsl:stylesheet>
