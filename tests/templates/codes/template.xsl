<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:variable name="system" select="/unit/systems/system[@id = $system-id]"/>
  <xsl:template match="/">
    <document>
      <table cols="1,3,3">
        <xsl:for-each select="f:codes('level')">
          <row><cell><xsl:value-of select="@code"/></cell><cell><xsl:value-of select="."/></cell><cell><xsl:value-of select="@title"/></cell></row>
        </xsl:for-each>
      </table>
      <p><xsl:value-of select="f:label('affiliation', 3)"/>；<xsl:value-of select="f:object-name('society', 2008)"/>；<xsl:value-of select="f:degree-name('serious')"/>；<xsl:value-of select="f:checkbox(true())"/><xsl:value-of select="f:yes-no(1 = 2)"/></p>
      <p><xsl:value-of select="count(document('lists.xml')/lists/list)"/></p>
    </document>
  </xsl:template>
</xsl:stylesheet>
