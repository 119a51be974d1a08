<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="system-id" select="''"/>
  <xsl:template match="/">
    <!-- an error inside a message is said as an error, not swallowed as the message's text -->
    <xsl:message>a<xsl:call-template name="nope"/>b</xsl:message>
    <document><p>x</p></document>
  </xsl:template>
</xsl:stylesheet>
