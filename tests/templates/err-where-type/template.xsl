<?xml version="1.0" encoding="UTF-8"?>
<!-- f:where of a string (here the unit's name, not its node) is an error at the line -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:template match="/">
    <document><p><xsl:value-of select="count(f:where(string(/unit/name), 'id', 'a'))"/></p></document>
  </xsl:template>
</xsl:stylesheet>
