<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="fragments/bad-style.xsl"/>
  <xsl:template match="/">
    <document><p>a</p><xsl:call-template name="styled"/></document>
  </xsl:template>
</xsl:stylesheet>
