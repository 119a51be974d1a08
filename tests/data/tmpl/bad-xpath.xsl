<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:template match="/">
    <document><p><xsl:value-of select="systems/system["/></p></document>
  </xsl:template>
</xsl:stylesheet>
