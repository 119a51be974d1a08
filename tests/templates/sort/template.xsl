<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>
  <xsl:template match="/">
    <document>
      <table cols="1,3">
        <xsl:for-each select="$system/subsystems/subsystem">
          <xsl:sort select="name" order="descending"/>
          <row><cell><xsl:value-of select="position()"/></cell><cell><xsl:value-of select="name"/></cell></row>
        </xsl:for-each>
      </table>
    </document>
  </xsl:template>
</xsl:stylesheet>
