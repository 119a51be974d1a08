<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">
  <xsl:template match="/">
    <document><p>x</p>
      <p><xsl:value-of select="f:level-name(/unit/name)"/></p></document>
  </xsl:template>
</xsl:stylesheet>
