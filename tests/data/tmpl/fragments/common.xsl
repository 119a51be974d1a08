<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="cover">
    <xsl:param name="title"/>
    <p style="title"><xsl:value-of select="$system/name"/><xsl:value-of select="$title"/></p>
    <pagebreak numbering="start"/>
  </xsl:template>
</xsl:stylesheet>
