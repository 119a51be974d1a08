<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>
  <xsl:template match="/">
    <document><p data="{f:origin(/unit/name)}">单位</p><p data="{f:origin(string(/unit/name))}">单位</p></document>
  </xsl:template>
</xsl:stylesheet>
